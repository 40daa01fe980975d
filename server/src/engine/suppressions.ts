// Applies a file's suppression directives to its diagnostics and records which directives, and which of their codes, were used.
import type { OffsetRange } from '../model/file-model';
import type { DirectiveUsage, SuppressionDirective } from '../model/suppression-directives';
import type { RuleMeta } from '../rules/rule';
import { LineIndex } from '../text/line-index';

/** The part of a diagnostic suppression looks at. */
interface Suppressible {
  readonly code: string;
  readonly range: OffsetRange;
}

export interface SuppressionInput<T extends Suppressible> {
  readonly text: string;
  readonly diagnostics: readonly T[];
  readonly directives: readonly SuppressionDirective[];
  /** Every rule a directive may name (by code or name), whether or not it ran on this file. */
  readonly knownRules: readonly Pick<RuleMeta, 'code' | 'name'>[];
  /**
   * Codes whose findings are not known here (the rule threw, ran over its time budget, or reviews suppressions
   * itself): a directive naming them is never called unused, since it may well be needed.
   */
  readonly unknowable: ReadonlySet<string>;
  /** Only directives that name a rule count (a bare directive does not), as for the findings about suppressions. */
  readonly explicitOnly?: boolean;
}

/**
 * A finding is suppressed by a directive covering the line its range starts on (ESLint's convention) that names its
 * rule or, unless `explicitOnly`, names none. Every directive that covers a finding is marked used, not only the first.
 */
export function applySuppressions<T extends Suppressible>(input: SuppressionInput<T>): { kept: T[]; usage: DirectiveUsage[] } {
  const lines = new LineIndex(input.text);
  const codes = new Map<string, string>();
  for (const rule of input.knownRules) codes.set(rule.name, rule.code).set(rule.code, rule.code);
  const directives = input.directives.map((directive) => ({
    directive,
    line: directive.scope === 'line' ? lines.positionAt(directive.range.start).line : directive.scope === 'next-line' ? lines.positionAt(directive.range.end).line + 1 : undefined,
    resolved: directive.codes.map((code) => codes.get(code.text)),
    used: false,
    usedCodes: directive.codes.map(() => false),
  }));
  // By covered line, so that a file with thousands of findings and directives is not searched pairwise.
  const byLine = new Map<number | undefined, (typeof directives)[number][]>();
  for (const entry of directives) {
    const list = byLine.get(entry.line);
    if (list) list.push(entry);
    else byLine.set(entry.line, [entry]);
  }
  const fileWide = byLine.get(undefined) ?? [];
  const kept = input.diagnostics.filter((diagnostic) => {
    const line = lines.positionAt(diagnostic.range.start).line;
    let suppressed = false;
    for (const entry of [...(byLine.get(line) ?? []), ...fileWide]) {
      if (entry.resolved.length === 0) {
        if (input.explicitOnly) continue;
        suppressed = entry.used = true;
        continue;
      }
      entry.resolved.forEach((code, i) => {
        if (code !== diagnostic.code) return;
        suppressed = entry.used = entry.usedCodes[i] = true;
      });
    }
    return !suppressed;
  });
  const usage = directives.map(({ directive, used, resolved, usedCodes }) => ({
    directive,
    used,
    codes: directive.codes.map((code, i) => {
      const rule = resolved[i];
      const status = rule === undefined ? ('unknown' as const) : usedCodes[i] || input.unknowable.has(rule) ? ('used' as const) : ('unused' as const);
      return { code, status };
    }),
  }));
  return { kept, usage };
}
