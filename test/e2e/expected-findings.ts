// Reads examples/ScsiRaidDext/EXPECTED.md, the single statement of what the example must report, for the e2e tests.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'ScsiRaidDext');
export const EXAMPLE_SOURCES = path.join(EXAMPLE_DIR, 'ScsiRaidDext');

export interface ExpectedFinding {
  readonly code: string;
  /** File name inside examples/ScsiRaidDext/ScsiRaidDext/. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, where the reported range starts. */
  readonly column: number;
}

/** The rows of the table in EXPECTED.md (`| DK201 | \`File.cpp\` | 324 | 9 | ... |`). */
export function expectedFindings(file?: string): ExpectedFinding[] {
  const text = readFileSync(path.join(EXAMPLE_DIR, 'EXPECTED.md'), 'utf8');
  const rows = [...text.matchAll(/^\|\s*(DK\d{3})\s*\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|/gm)].map((m) => ({
    code: m[1],
    file: m[2],
    line: Number(m[3]),
    column: Number(m[4]),
  }));
  if (rows.length === 0) throw new Error('EXPECTED.md has no findings table that this test can read');
  return file === undefined ? rows : rows.filter((row) => row.file === file);
}

/** `CODE:LINE` keys, sorted, for comparing sets of findings regardless of order. */
export function findingKeys(findings: readonly { code: string; line: number }[]): string[] {
  return [...new Set(findings.map((f) => `${f.code}:${f.line}`))].sort();
}
