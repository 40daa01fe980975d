// The engine facade shared by the language server and the CLI: models files, keeps the .iig index, runs rules.
import { buildModel, fileKindOf } from '../model/build-model';
import type { FileModel } from '../model/file-model';
import type { ParserBackend } from '../parser/syntax-node';
import { ALL_RULES } from '../rules';
import type { Rule } from '../rules/rule';
import { WorkspaceIndex } from '../workspace/workspace-index';
import { analyzeFile, type Diagnostic, type SeverityOverrides } from './analyze-file';

export interface LinterOptions {
  readonly parser: ParserBackend;
  readonly rules?: readonly Rule[];
  /** Receives each rule failure once per rule, so a broken rule is visible without flooding the log. */
  readonly onRuleError?: (message: string) => void;
}

export class Linter {
  readonly index = new WorkspaceIndex();
  readonly rules: readonly Rule[];
  private readonly failedRules = new Set<string>();

  constructor(private readonly options: LinterOptions) {
    this.rules = options.rules ?? ALL_RULES;
  }

  get parserName(): string {
    return this.options.parser.name;
  }

  /** Models a document and records its classes in the index; undefined for files that are not C++ or iig. */
  model(uri: string, text: string): FileModel | undefined {
    const kind = fileKindOf(uri);
    if (!kind) return undefined;
    const model = buildModel({ uri, kind, text, parser: this.options.parser });
    this.index.update(model);
    return model;
  }

  analyze(model: FileModel, severities?: SeverityOverrides): Diagnostic[] {
    return analyzeFile(model, {
      rules: this.rules,
      context: { workspace: this.index },
      severities,
      onRuleError: (rule, error) => this.reportRuleError(rule, error),
    });
  }

  private reportRuleError(rule: Rule, error: unknown): void {
    if (this.failedRules.has(rule.meta.code)) return;
    this.failedRules.add(rule.meta.code);
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.options.onRuleError?.(`Rule ${rule.meta.code} (${rule.meta.name}) failed and was skipped: ${detail}`);
  }
}
