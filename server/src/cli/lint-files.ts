// Lints files from disk with the engine: index every .iig first, then analyse each target.
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '../engine/analyze-file';
import type { Linter } from '../engine/linter';
import type { CollectedFiles, LintTarget } from './collect-files';

export interface FileResult {
  readonly target: LintTarget;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Above this size a file is reported as skipped rather than parsed (generated sources are not hand-written code). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function lintFiles(linter: Linter, collected: CollectedFiles): { results: FileResult[]; errors: string[] } {
  const errors: string[] = [];
  const texts = new Map<string, string>();
  const read = (file: string, display: string): string | undefined => {
    try {
      const size = fs.statSync(file).size;
      if (size > MAX_FILE_BYTES) {
        errors.push(`skipped '${display}': ${size} bytes is over the ${MAX_FILE_BYTES}-byte limit.`);
        return undefined;
      }
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      errors.push(`cannot read '${display}': ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const interfaces = [...collected.targets.filter((t) => t.absolute.endsWith('.iig')).map((t) => ({ file: t.absolute, display: t.display })), ...collected.companions.map((file) => ({ file, display: file }))];
  for (const { file, display } of interfaces) {
    const text = read(file, display);
    if (text === undefined) continue;
    texts.set(file, text);
    linter.model(pathToFileURL(file).toString(), text)?.tree?.dispose();
  }
  const results: FileResult[] = [];
  for (const target of collected.targets) {
    const text = texts.get(target.absolute) ?? read(target.absolute, target.display);
    if (text === undefined) continue;
    const model = linter.model(pathToFileURL(target.absolute).toString(), text);
    if (!model) continue;
    results.push({ target, text, diagnostics: linter.analyze(model) });
    model.tree?.dispose();
  }
  return { results, errors };
}
