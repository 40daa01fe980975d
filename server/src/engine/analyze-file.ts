// Runs the enabled rules over one file model, isolating each rule so that one failure never hides the others.
import type { FileModel, OffsetRange } from '../model/file-model';
import type { Finding, Fix, RelatedLocation, Rule, RuleContext, Severity } from '../rules/rule';

/** A finding stamped with its rule's identity and the severity in force. */
export interface Diagnostic {
  readonly code: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: OffsetRange;
  readonly docsPath: string;
  readonly fixes: readonly Fix[];
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
}

export function analyzeFile(file: FileModel, options: AnalyzeOptions): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (!file.tree) return diagnostics;
  for (const rule of options.rules) {
    const severity = options.severities?.[rule.meta.code] ?? options.severities?.[rule.meta.name] ?? rule.meta.defaultSeverity;
    if (severity === 'off' || !rule.meta.appliesTo.includes(file.kind)) continue;
    let findings: readonly Finding[];
    try {
      findings = rule.check(file, options.context);
    } catch (error) {
      options.onRuleError?.(rule, error);
      continue;
    }
    for (const finding of findings) {
      if (!isInside(finding.range, file.text.length)) continue;
      diagnostics.push({
        code: rule.meta.code,
        ruleName: rule.meta.name,
        severity,
        message: finding.message,
        range: finding.range,
        docsPath: rule.meta.docsPath,
        fixes: finding.fixes ?? [],
        related: finding.related ?? [],
      });
    }
  }
  return diagnostics.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
}

// A rule bug must never make the client reject the whole publish, so out-of-document ranges are dropped.
function isInside(range: OffsetRange, length: number): boolean {
  return range.start >= 0 && range.start <= range.end && range.end <= length;
}
