// Human-readable output: `file:line:column: severity CODE message [rule-name]`, 1-based like compilers print.
import { LineIndex } from '../../text/line-index';
import type { FileResult } from '../lint-files';

export function formatText(results: readonly FileResult[]): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const result of results) {
    const index = new LineIndex(result.text);
    for (const d of result.diagnostics) {
      const at = index.positionAt(d.range.start);
      lines.push(`${result.target.display}:${at.line + 1}:${at.character + 1}: ${d.severity} ${d.code} ${d.message} [${d.ruleName}]`);
      counts[d.severity]++;
    }
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  lines.push(`${total} problem${total === 1 ? '' : 's'} (${counts.error} errors, ${counts.warning} warnings, ${counts.information + counts.hint} notes) in ${results.length} file${results.length === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}
