// Lists the DriverKit sources under a folder within a file budget, skipping build output and dependencies.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileKindOf } from '../model/build-model';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.svn', '.hg', 'build', 'DerivedData', 'dist', '.build', 'Pods']);

export interface FoundFiles {
  readonly files: string[];
  /** True when the budget stopped the walk before every file was seen. */
  readonly truncated: boolean;
}

/**
 * Walks `root` breadth-first. Symbolic links are not followed (no loops, nothing outside the folder is read) and
 * unreadable directories are skipped silently.
 */
export function findSourceFiles(root: string, options: { maxFiles: number; kinds?: ReadonlySet<string> }): FoundFiles {
  const files: string[] = [];
  const queue: string[] = [root];
  while (queue.length > 0) {
    const dir = queue.shift() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith('.')) queue.push(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const kind = fileKindOf(entry.name);
      if (!kind || (options.kinds && !options.kinds.has(kind))) continue;
      if (files.length >= options.maxFiles) return { files, truncated: true };
      files.push(full);
    }
  }
  return { files, truncated: false };
}
