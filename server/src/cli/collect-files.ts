// Expands the command line's paths into the source files to lint and the .iig files to index.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../model/build-model';
import { findSourceFiles } from '../workspace/find-source-files';

const MAX_FILES = 200_000;

export interface LintTarget {
  /** Absolute path, read from disk. */
  readonly absolute: string;
  /** As given on the command line, or relative to the working directory when found in a folder. */
  readonly display: string;
}

export interface CollectedFiles {
  readonly targets: LintTarget[];
  /** .iig files beside the targets, read for class information but not reported on. */
  readonly companions: string[];
  readonly errors: string[];
}

export function collectFiles(paths: readonly string[], cwd: string): CollectedFiles {
  const targets: LintTarget[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (absolute: string, display: string): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    targets.push({ absolute, display });
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      errors.push(`cannot read '${given}': ${describe(error)}`);
      continue;
    }
    if (stat.isDirectory()) {
      const found = findSourceFiles(absolute, { maxFiles: MAX_FILES });
      for (const file of found.files) add(file, path.relative(cwd, file) || file);
      if (found.truncated) errors.push(`'${given}' holds more than ${MAX_FILES} source files; the rest were not linted.`);
    } else if (fileKindOf(absolute)) {
      add(absolute, given);
    } else {
      errors.push(`'${given}' is not a .iig, C++ source or header file.`);
    }
  }
  return { targets, companions: siblingInterfaces(targets, seen), errors };
}

/** A .cpp named alone still needs its class's .iig, which conventionally sits in the same folder. */
function siblingInterfaces(targets: readonly LintTarget[], seen: ReadonlySet<string>): string[] {
  const folders = new Set(targets.map((t) => path.dirname(t.absolute)));
  const found: string[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      const full = path.join(folder, name);
      if (fileKindOf(name) === 'iig' && !seen.has(full)) found.push(full);
    }
  }
  return found;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
