// Lints files from disk with the engine: index every .iig and property list first, then analyse each target.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, SeverityOverrides } from '../engine/analyze-file';
import type { Linter } from '../engine/linter';
import { fileKindOf, isIndexedKind } from '../model/build-model';
import { readSourceFile } from '../workspace/read-source-file';
import type { CollectedFiles, LintTarget } from './collect-files';
import { IndexedModels } from './indexed-models';
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

/** An .iig or property list read for the index: a target, or a companion beside one (`quiet`: nobody named it). */
export interface InterfaceFile {
  readonly file: string;
  readonly display: string;
  readonly quiet: boolean;
}

/** The files to index before any target is analysed: the .iig and property-list targets, then the companions. */
export function interfacesOf(collected: CollectedFiles, cwd: string): InterfaceFile[] {
  return [
    ...collected.targets.filter((t) => isIndexed(t.absolute)).map((t) => ({ file: t.absolute, display: t.display, quiet: false })),
    ...collected.companions.map((file) => ({ file, display: path.relative(cwd, file) || file, quiet: true })),
  ];
}

/** Reads a file to lint; a file that cannot be linted yields the problem line to report (none when `quiet`). */
export function readForLint({ file, display, quiet }: InterfaceFile, maxFileSizeBytes: number): { text?: string; problem?: CliProblem } {
  const outcome = readSourceFile(file, maxFileSizeBytes);
  switch (outcome.kind) {
    case 'text':
      return { text: outcome.text };
    case 'too-large':
      return { problem: cliNotice(`skipped '${display}': ${outcome.size} bytes is over the ${maxFileSizeBytes}-byte limit (--max-file-size).`, file) };
    case 'binary':
      return quiet ? {} : { problem: cliNotice(`skipped '${display}': binary file.`, file) };
    case 'not-a-file':
      return quiet ? {} : { problem: cliError(`cannot read '${display}': not a regular file`, file) };
    case 'unreadable':
      // A companion .iig nobody named is only context: failing to read it is not the user's error.
      return quiet ? {} : { problem: cliError(`cannot read '${display}': ${outcome.reason}`, file) };
  }
}

/** An .iig or property list: what the index records for the rules on other files. */
export function isIndexed(file: string): boolean {
  return isIndexedKind(fileKindOf(file));
}

/**
 * Records an .iig's classes, or a property list, in the linter's index. The model of a target is kept for linting it;
 * a companion (`quiet`) is only read for the index.
 */
export function indexInterface(linter: Linter, { file, quiet }: InterfaceFile, text: string, kept: IndexedModels): void {
  const model = linter.model(pathToFileURL(file).toString(), text);
  if (model && !quiet) kept.keep(model);
}

/**
 * Models and analyses one target; never throws. The model made when the target was indexed is used when it was kept
 * (the index already holds it).
 */
export function lintTarget(linter: Linter, target: LintTarget, text: string, kept: IndexedModels, severities?: SeverityOverrides): { result?: FileResult; problem?: CliProblem } {
  try {
    const uri = pathToFileURL(target.absolute).toString();
    const model = kept.take(uri, text) ?? linter.model(uri, text);
    const result = model ? { target, text, diagnostics: linter.analyze(model, severities) } : undefined;
    model?.tree?.dispose();
    return { result };
  } catch (error) {
    return { problem: cliError(`cannot lint '${target.display}': ${error instanceof Error ? error.message : String(error)}`, target.absolute) };
  }
}

/** Never throws: a file that cannot be read or linted becomes one problem line, and the other files are still linted. */
export function lintFiles(collected: CollectedFiles, options: LintOptions): { results: FileResult[]; problems: CliProblem[] } {
  const { linter } = options;
  const problems: CliProblem[] = [];
  const texts = new Map<string, string>();
  const kept = new IndexedModels();
  for (const item of interfacesOf(collected, options.cwd)) {
    const { text, problem } = readForLint(item, options.maxFileSizeBytes);
    if (problem) problems.push(problem);
    if (text === undefined) continue;
    texts.set(item.file, text);
    indexInterface(linter, item, text, kept);
  }
  const results: FileResult[] = [];
  for (const target of collected.targets) {
    let text = texts.get(target.absolute);
    if (!isIndexed(target.absolute)) {
      const read = readForLint({ file: target.absolute, display: target.display, quiet: false }, options.maxFileSizeBytes);
      if (read.problem) problems.push(read.problem);
      text = read.text;
    }
    if (text === undefined) continue;
    const { result, problem } = lintTarget(linter, target, text, kept, options.severities);
    if (result) results.push(result);
    if (problem) problems.push(problem);
  }
  return { results, problems };
}
