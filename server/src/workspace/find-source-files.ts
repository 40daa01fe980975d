// Lists the DriverKit sources under a folder within a budget, skipping build output and dependencies.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../model/build-model';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.svn', '.hg', 'build', 'DerivedData', 'dist', '.build', 'Pods']);

/** Directory entries looked at before a walk gives up, so that opening a home folder cannot stall the scan. */
export const DEFAULT_MAX_ENTRIES = 500_000;

export interface WalkOptions {
  /** File kinds to report (`iig`, `cpp`, `header`); all of them when omitted. */
  readonly kinds?: ReadonlySet<string>;
  /** Directory entries (files and folders) examined before the walk stops and reports truncation. */
  readonly maxEntries?: number;
  /** Paths to leave out (with everything below a folder), e.g. the ones a .gitignore excludes. */
  readonly isExcluded?: (fullPath: string, isDirectory: boolean) => boolean;
}

export type WalkEvent =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'unreadable-directory'; readonly path: string; readonly reason: string }
  | { readonly kind: 'truncated' };

/**
 * Walks `root` breadth-first, one directory per step, so that a caller can pause between steps. Symbolic links are
 * never followed (no loops, and nothing outside the folder is reached through them); FIFOs, sockets and devices are
 * ignored. Entries are sorted so that budgets cut the same files on every run.
 */
export function* walkSourceFiles(root: string, options: WalkOptions = {}): Generator<WalkEvent, void, void> {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const queue: string[] = [root];
  let entriesSeen = 0;
  for (let next = 0; next < queue.length; next++) {
    const dir = queue[next];
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      yield { kind: 'unreadable-directory', path: dir, reason: (error as NodeJS.ErrnoException).code ?? String(error) };
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (++entriesSeen > maxEntries) {
        yield { kind: 'truncated' };
        return;
      }
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.') && !options.isExcluded?.(full, true)) queue.push(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const kind = fileKindOf(entry.name);
      if (!kind || (options.kinds && !options.kinds.has(kind))) continue;
      if (options.isExcluded?.(full, false)) continue;
      yield { kind: 'file', path: full };
    }
  }
}

export interface FoundFiles {
  readonly files: string[];
  /** True when a budget stopped the walk before every file was seen. */
  readonly truncated: boolean;
  /** Directories that could not be listed (permissions, or removed during the walk). */
  readonly unreadable: readonly { readonly path: string; readonly reason: string }[];
}

/** The whole walk at once, for the CLI. */
export function findSourceFiles(root: string, options: WalkOptions & { readonly maxFiles: number }): FoundFiles {
  const files: string[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  for (const event of walkSourceFiles(root, options)) {
    if (event.kind === 'unreadable-directory') unreadable.push({ path: event.path, reason: event.reason });
    else if (event.kind === 'truncated') return { files, truncated: true, unreadable };
    else if (files.length >= options.maxFiles) return { files, truncated: true, unreadable };
    else files.push(event.path);
  }
  return { files, truncated: false, unreadable };
}
