// Turns the paths given on the command line into the files to lint, with one problem line per path that is wrong.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf, isIndexedKind } from '../model/build-model';
import { findSourceFiles } from '../workspace/find-source-files';
import { describeFsError } from '../workspace/read-source-file';
import { cliError, type CliProblem } from './problems';

const MAX_FILES = 200_000;

export interface LintTarget {
  /** Absolute path, read from disk. */
  readonly absolute: string;
  /** As given on the command line, or relative to the working directory when found in a folder. */
  readonly display: string;
  /** Named on the command line itself rather than found in a folder. */
  readonly explicit?: boolean;
}

export interface CollectedFiles {
  readonly targets: LintTarget[];
  /** .iig files and property lists beside the targets, read for cross-file facts but not reported on. */
  readonly companions: string[];
  readonly problems: CliProblem[];
}

export function collectFiles(paths: readonly string[], cwd: string): CollectedFiles {
  const targets: LintTarget[] = [];
  const problems: CliProblem[] = [];
  const seen = new Set<string>();
  const add = (absolute: string, display: string, explicit = false): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    targets.push({ absolute, display, ...(explicit ? { explicit } : {}) });
  };
  const shown = (absolute: string): string => path.relative(cwd, absolute) || absolute;
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      problems.push(cliError(`cannot read '${given}': ${describeFsError(error)}`, absolute));
      continue;
    }
    if (stat.isDirectory()) {
      const found = findSourceFiles(absolute, { maxFiles: MAX_FILES });
      for (const file of found.files) add(file, shown(file));
      for (const dir of found.unreadable) problems.push(cliError(`cannot read folder '${shown(dir.path)}': ${describeFsError({ code: dir.reason })}`, dir.path));
      if (found.truncated) problems.push(cliError(`'${given}' holds more than ${MAX_FILES} source files; the rest were not linted.`, absolute));
    } else if (fileKindOf(absolute)) {
      add(absolute, given, true);
    } else {
      problems.push(cliError(`'${given}' is not a .iig, C++ source, header, .plist or .entitlements file.`, absolute));
    }
  }
  return { targets, companions: siblingInterfaces(targets, seen), problems };
}

/** A .cpp or Info.plist named alone still needs its class's .iig (and a plist its entitlements) from the same folder. */
function siblingInterfaces(targets: readonly LintTarget[], seen: ReadonlySet<string>): string[] {
  const folders = new Set(targets.map((t) => path.dirname(t.absolute)));
  const found: string[] = [];
  for (const folder of folders) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      // Regular files only: a companion is read silently, so it must not be a link that leads elsewhere or a FIFO.
      if (entry.isFile() && isIndexedKind(fileKindOf(entry.name)) && !seen.has(full)) found.push(full);
    }
  }
  return found.sort();
}
