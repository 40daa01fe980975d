// Lints files from disk with the engine: index every .iig and property list first, then analyse each target.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, SeverityOverrides } from '../engine/analyze-file';
import type { Linter } from '../engine/linter';
import { fileKindOf, isIndexedKind } from '../model/build-model';
import { readSourceFile } from '../workspace/read-source-file';
import type { CollectedFiles, LintTarget } from './collect-files';
import { cliError, cliNotice, type CliProblem } from './problems';

export interface FileResult {
  readonly target: LintTarget;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

export interface LintOptions {
  readonly linter: Linter;
  /** Larger files are skipped with a notice rather than parsed (generated sources are not hand-written code). */
  readonly maxFileSizeBytes: number;
  readonly cwd: string;
  /** Per-rule severities in force (project file and `--rule`). */
  readonly severities?: SeverityOverrides;
}

/** Never throws: a file that cannot be read or linted becomes one problem line, and the other files are still linted. */
export function lintFiles(collected: CollectedFiles, options: LintOptions): { results: FileResult[]; problems: CliProblem[] } {
  const { linter } = options;
  const problems: CliProblem[] = [];
  const texts = new Map<string, string>();
  const read = (file: string, display: string, quiet: boolean): string | undefined => {
    const outcome = readSourceFile(file, options.maxFileSizeBytes);
    switch (outcome.kind) {
      case 'text':
        return outcome.text;
      case 'too-large':
        problems.push(cliNotice(`skipped '${display}': ${outcome.size} bytes is over the ${options.maxFileSizeBytes}-byte limit (--max-file-size).`, file));
        return undefined;
      case 'binary':
        if (!quiet) problems.push(cliNotice(`skipped '${display}': binary file.`, file));
        return undefined;
      case 'not-a-file':
        if (!quiet) problems.push(cliError(`cannot read '${display}': not a regular file`, file));
        return undefined;
      case 'unreadable':
        // A companion .iig nobody named is only context: failing to read it is not the user's error.
        if (!quiet) problems.push(cliError(`cannot read '${display}': ${outcome.reason}`, file));
        return undefined;
    }
  };
  const interfaces = [
    ...collected.targets.filter((t) => isIndexedKind(fileKindOf(t.absolute))).map((t) => ({ file: t.absolute, display: t.display, quiet: false })),
    ...collected.companions.map((file) => ({ file, display: path.relative(options.cwd, file) || file, quiet: true })),
  ];
  for (const { file, display, quiet } of interfaces) {
    const text = read(file, display, quiet);
    if (text === undefined) continue;
    texts.set(file, text);
    linter.model(pathToFileURL(file).toString(), text)?.tree?.dispose();
  }
  const results: FileResult[] = [];
  for (const target of collected.targets) {
    const text = texts.has(target.absolute) ? texts.get(target.absolute) : isIndexedKind(fileKindOf(target.absolute)) ? undefined : read(target.absolute, target.display, false);
    if (text === undefined) continue;
    try {
      const model = linter.model(pathToFileURL(target.absolute).toString(), text);
      if (model) results.push({ target, text, diagnostics: linter.analyze(model, options.severities) });
      model?.tree?.dispose();
    } catch (error) {
      problems.push(cliError(`cannot lint '${target.display}': ${error instanceof Error ? error.message : String(error)}`, target.absolute));
    }
  }
  return { results, problems };
}
