// The realistic DriverKit sources the robustness tests mutate: the example dext and the valid corpus, as .iig/.cpp pairs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface SourcePair {
  /** The folder, relative to the repository root. */
  readonly name: string;
  /** File name → text, e.g. { 'LevelMeter.iig': …, 'LevelMeter.cpp': … }. */
  readonly files: ReadonlyMap<string, string>;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? listFiles(full) : [full];
    });
}

/** One entry per folder holding DriverKit sources, in a stable order. */
export function loadSourcePairs(): SourcePair[] {
  const byFolder = new Map<string, Map<string, string>>();
  for (const root of ['examples/ScsiRaidDext', 'test/fixtures/valid']) {
    for (const file of listFiles(path.join(ROOT, root))) {
      if (!/\.(iig|cpp|h)$/.test(file)) continue;
      const folder = path.relative(ROOT, path.dirname(file));
      const files = byFolder.get(folder) ?? new Map<string, string>();
      files.set(path.basename(file), readFileSync(file, 'utf8'));
      byFolder.set(folder, files);
    }
  }
  return [...byFolder].map(([name, files]) => ({ name, files }));
}

/** Token spans (identifiers, numbers, whitespace runs, comments, strings, single punctuation) covering the text. */
export function tokenBoundaries(text: string): number[] {
  const boundaries = [0];
  const token = /[A-Za-z_]\w*|\d+|\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|[\s\S]/g;
  for (let match = token.exec(text); match; match = token.exec(text)) boundaries.push(match.index + match[0].length);
  return boundaries;
}
