// The stable JSON contract: one array of { file, code, severity, message, range } with 0-based UTF-16 positions.
import { LineIndex } from '../../text/line-index';
import type { FileResult } from '../lint-files';

export interface JsonFinding {
  readonly file: string;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
}

export function toJsonFindings(results: readonly FileResult[]): JsonFinding[] {
  return results.flatMap((result) => {
    const lines = new LineIndex(result.text);
    return result.diagnostics.map((d) => ({
      file: result.target.display,
      code: d.code,
      severity: d.severity,
      message: d.message,
      range: { start: lines.positionAt(d.range.start), end: lines.positionAt(d.range.end) },
    }));
  });
}

export function formatJson(results: readonly FileResult[]): string {
  return `${JSON.stringify(toJsonFindings(results), null, 2)}\n`;
}
