// Runs the enabled rules over one file model, isolating each rule so that one failure never hides the others.
import type { FileModel, OffsetRange } from '../model/file-model';
import { findSuppressionDirectives } from '../model/suppression-directives';
import type { Finding, Fix, FixSafety, RelatedLocation, Rule, RuleContext, RuleMeta, Severity } from '../rules/rule';
import type { FunctionFindingsCache } from './function-findings-cache';
import { applySuppressions } from './suppressions';
import { byCodeUnits } from '../text/code-unit-order';

/** A finding stamped with its rule's identity and the severity in force. */
export interface Diagnostic {
  readonly code: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: OffsetRange;
  readonly docsPath: string;
  readonly fixes: readonly Fix[];
  /** The rule's fix safety: only `safe` fixes are applied by fix-all on save. */
  readonly fixSafety: FixSafety;
  readonly related: readonly RelatedLocation[];
}

/** Per-rule severity: a Severity, or 'off'. Rules not named keep their default. */
export type SeverityOverrides = Readonly<Record<string, Severity | 'off'>>;

export interface AnalyzeOptions {
  readonly rules: readonly Rule[];
  readonly context: RuleContext;
  readonly severities?: SeverityOverrides;
  /** Called when a rule throws; the caller decides how to log (once per rule). */
  readonly onRuleError?: (rule: Rule, error: unknown) => void;
  /**
   * Milliseconds one rule may take on this file. Rules are synchronous, so a slow rule cannot be interrupted: it runs
   * to the end, its findings are discarded, and `onOverBudget` tells the caller, which skips it on this file from then
   * on (`isSkipped`). Undefined means no budget (the CLI wants complete, machine-independent results).
   */
  readonly timeBudgetMs?: number;
  readonly onOverBudget?: (rule: Rule, elapsedMs: number) => void;
  /** Rules the caller has already excluded for this file. */
  readonly isSkipped?: (rule: Rule) => boolean;
  /** The text of another document a fix edits, to check its ranges; undefined when unknown. */
  readonly textOf?: (uri: string) => string | undefined;
  readonly now?: () => number;
  /** Every rule a suppression directive may name, running or not (default: `rules`). */
  readonly knownRules?: readonly RuleMeta[];
  /**
   * The document's stored function-scoped findings, begun for this file: function-scoped rules then run only on the
   * functions whose findings are not stored.
   */
  readonly functionFindings?: FunctionFindingsCache;
}

export function analyzeFile(file: FileModel, options: AnalyzeOptions): Diagnostic[] {
  // A file that did not parse (or a malformed property list) yields no findings: rules would only guess.
  if (!file.tree && !file.plist?.wellFormed) return [];
  const textOf = (uri: string): string | undefined => (uri === file.uri ? file.text : options.textOf?.(uri));
  const unknowable = new Set<string>();
  const run = (rule: Rule, context: RuleContext): Diagnostic[] => {
    const outcome = runRule(rule, file, { ...options, context, textOf });
    if (outcome === 'not-run') unknowable.add(rule.meta.code);
    return outcome === 'not-run' || outcome === 'off' ? [] : outcome;
  };
  const reviewers = options.rules.filter((rule) => rule.meta.reviewsSuppressions);
  const diagnostics = options.rules.filter((rule) => !rule.meta.reviewsSuppressions).flatMap((rule) => run(rule, options.context));
  const directives = findSuppressionDirectives(file);
  if (directives.length === 0) return sortDiagnostics(diagnostics);
  for (const rule of reviewers) unknowable.add(rule.meta.code);
  const knownRules = options.knownRules ?? options.rules.map((rule) => rule.meta);
  const { kept, usage } = applySuppressions({ text: file.text, diagnostics, directives, knownRules, unknowable });
  const reviews = reviewers.flatMap((rule) => run(rule, { ...options.context, suppressions: usage }));
  const reviewsKept = applySuppressions({ text: file.text, diagnostics: reviews, directives, knownRules, unknowable, explicitOnly: true }).kept;
  return sortDiagnostics([...kept, ...reviewsKept]);
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => a.range.start - b.range.start || byCodeUnits(a.code, b.code));
}

/** One rule's stamped findings; `off` when disabled or not for this kind of file, `not-run` when it failed or was skipped. */
function runRule(
  rule: Rule,
  file: FileModel,
  options: AnalyzeOptions & { readonly textOf: (uri: string) => string | undefined },
): Diagnostic[] | 'off' | 'not-run' {
  const { textOf } = options;
  const now = options.now ?? (() => performance.now());
  const severity = options.severities?.[rule.meta.code] ?? options.severities?.[rule.meta.name] ?? rule.meta.defaultSeverity;
  if (severity === 'off' || !rule.meta.appliesTo.includes(file.kind)) return 'off';
  if (options.isSkipped?.(rule)) return 'not-run';
  let findings: readonly Finding[];
  const started = now();
  try {
    const { functionFindings } = options;
    findings =
      rule.checkFunction && functionFindings
        ? [...functionFindings.findings(rule.meta.code, rule.checkFunction, file, options.context), ...(rule.checkRest?.(file, options.context) ?? [])]
        : rule.check(file, options.context);
  } catch (error) {
    options.onRuleError?.(rule, error);
    return 'not-run';
  }
  const elapsed = now() - started;
  if (options.timeBudgetMs !== undefined && elapsed > options.timeBudgetMs) {
    options.onOverBudget?.(rule, elapsed);
    return 'not-run';
  }
  // A rule returning something other than an array is a bug like throwing: nothing of it is reported.
  const list: readonly Finding[] = Array.isArray(findings) ? findings : [];
  const diagnostics: Diagnostic[] = [];
  for (const finding of list) {
    if (!isInside(finding.range, file.text.length)) continue;
    diagnostics.push({
      code: rule.meta.code,
      ruleName: rule.meta.name,
      severity,
      message: String(finding.message),
      range: finding.range,
      docsPath: rule.meta.docsPath,
      fixes: (finding.fixes ?? []).filter((fix) => isApplicable(fix, textOf)),
      fixSafety: rule.meta.fixable,
      related: (finding.related ?? []).filter((r) => {
        const text = textOf(r.uri);
        return text === undefined || isInside(r.range, text.length);
      }),
    });
  }
  return diagnostics;
}

// A rule bug must never make the client reject the whole publish, so out-of-document ranges are dropped.
function isInside(range: OffsetRange | undefined, length: number): boolean {
  return (
    range !== undefined &&
    Number.isInteger(range.start) &&
    Number.isInteger(range.end) &&
    range.start >= 0 &&
    range.start <= range.end &&
    range.end <= length
  );
}

/**
 * A fix an editor can apply as one workspace edit: every range inside its document (when the text is known) and no
 * two edits of one document overlapping. Inserts at the same offset are allowed; LSP applies them in array order.
 */
function isApplicable(fix: Fix, textOf: (uri: string) => string | undefined): boolean {
  const byUri = new Map<string, OffsetRange[]>();
  for (const edit of fix.edits ?? []) {
    if (typeof edit.newText !== 'string') return false;
    const text = textOf(edit.uri);
    if (text === undefined ? !isInside(edit.range, Number.MAX_SAFE_INTEGER) : !isInside(edit.range, text.length)) return false;
    const ranges = byUri.get(edit.uri) ?? [];
    ranges.push(edit.range);
    byUri.set(edit.uri, ranges);
  }
  for (const ranges of byUri.values()) {
    ranges.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < ranges.length; i++) if (ranges[i - 1].end > ranges[i].start) return false;
  }
  return byUri.size > 0;
}
