// The engine facade shared by the language server and the CLI: models files, keeps the .iig index, runs rules.
import { buildModel, fileKindOf } from '../model/build-model';
import type { FileModel } from '../model/file-model';
import type { ParseSession, ParserBackend } from '../parser/syntax-node';
import { ALL_RULES } from '../rules';
import type { Rule, RuleMeta } from '../rules/rule';
import { WorkspaceIndex } from '../workspace/workspace-index';
import { analyzeFile, type Diagnostic, type SeverityOverrides } from './analyze-file';
import type { FunctionFindingsCache } from './function-findings-cache';

export interface LinterOptions {
  readonly parser: ParserBackend;
  readonly rules?: readonly Rule[];
  /**
   * Receives one line per rule that throws (once per rule) and one per rule that runs past the time budget on a file
   * (once per rule and file), so a broken or slow rule is visible without flooding the log.
   */
  readonly onRuleError?: (message: string) => void;
  /**
   * Milliseconds one rule may spend on one file. A rule over it is skipped for that file from then on (its findings
   * from the slow run are discarded too, so results do not flicker). Rules are synchronous and cannot be interrupted,
   * so the budget bounds the cost of every later analysis, not of the one that found the rule slow.
   * Undefined: no budget.
   */
  readonly ruleTimeBudgetMs?: number;
  /** The clock the budget is measured with; tests may inject one. */
  readonly now?: () => number;
}

export class Linter {
  readonly index = new WorkspaceIndex();
  readonly rules: readonly Rule[];
  /** Every rule a suppression directive may name: the registry and any extra rules given, running or not. */
  private readonly knownRules: readonly RuleMeta[];
  private readonly failedRules = new Set<string>();
  /** Rule codes over the time budget, by document uri. */
  private readonly slowRules = new Map<string, Set<string>>();

  constructor(private readonly options: LinterOptions) {
    this.rules = options.rules ?? ALL_RULES;
    this.knownRules = [...new Map([...ALL_RULES, ...this.rules].map((rule) => [rule.meta.code, rule.meta])).values()];
  }

  get parserName(): string {
    return this.options.parser.name;
  }

  /**
   * Models a document and records its classes in the index; undefined for files that are not C++ or iig. With the
   * document's parse session, parsing is incremental (the session's previous model must not be read afterwards).
   */
  model(uri: string, text: string, session?: ParseSession): FileModel | undefined {
    const kind = fileKindOf(uri);
    if (!kind) return undefined;
    const model = buildModel({ uri, kind, text, parser: this.options.parser, session });
    this.index.update(model);
    return model;
  }

  /** A parse session for one open document (see Linter.model). */
  createParseSession(): ParseSession {
    return this.options.parser.createSession();
  }

  /**
   * Runs the rules over a model. With the document's function findings (an open document in the editor), the
   * function-scoped rules re-run only on the functions whose text changed since the previous analysis.
   */
  analyze(model: FileModel, severities?: SeverityOverrides, functionFindings?: FunctionFindingsCache): Diagnostic[] {
    functionFindings?.begin(model, { analyzer: this, version: this.index.version });
    try {
      return this.analyzeWith(model, severities, functionFindings);
    } finally {
      functionFindings?.end();
    }
  }

  private analyzeWith(model: FileModel, severities: SeverityOverrides | undefined, functionFindings: FunctionFindingsCache | undefined): Diagnostic[] {
    const slow = this.slowRules.get(model.uri);
    return analyzeFile(model, {
      rules: this.rules,
      context: { workspace: this.index },
      severities,
      onRuleError: (rule, error) => this.reportRuleError(rule, error),
      timeBudgetMs: this.options.ruleTimeBudgetMs,
      onOverBudget: (rule, elapsedMs) => this.reportSlowRule(model.uri, rule, elapsedMs),
      isSkipped: slow ? (rule) => slow.has(rule.meta.code) : undefined,
      textOf: (uri) => this.index.textOf(uri),
      now: this.options.now,
      knownRules: this.knownRules,
      functionFindings,
    });
  }

  private reportRuleError(rule: Rule, error: unknown): void {
    if (this.failedRules.has(rule.meta.code)) return;
    this.failedRules.add(rule.meta.code);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.options.onRuleError?.(`Rule ${rule.meta.code} (${rule.meta.name}) failed and was skipped: ${detail}`);
  }

  private reportSlowRule(uri: string, rule: Rule, elapsedMs: number): void {
    const slow = this.slowRules.get(uri) ?? new Set<string>();
    this.slowRules.set(uri, slow);
    if (slow.has(rule.meta.code)) return;
    slow.add(rule.meta.code);
    this.options.onRuleError?.(
      `Rule ${rule.meta.code} (${rule.meta.name}) took ${Math.round(elapsedMs)} ms on ${uri}, over the ${this.options.ruleTimeBudgetMs} ms per-file budget; it is skipped for this file from now on.`,
    );
  }
}
