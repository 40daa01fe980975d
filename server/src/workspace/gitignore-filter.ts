// Answers whether a path under a workspace folder is excluded by the .gitignore files on its way (disk access).
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readSourceFile } from './read-source-file';

/** A .gitignore larger than this is not a hand-written ignore list; it is skipped rather than parsed. */
const MAX_GITIGNORE_BYTES = 256 * 1024;

/**
 * Reads `.gitignore` in the root and in every folder below it the way git does: patterns are relative to the folder
 * of their file, and a deeper file's rules come after (and may re-include) a shallower one's. Each file is read once.
 * `.git/info/exclude` and the user's global excludes are not read: they are per clone, not part of the project.
 */
export class GitignoreFilter {
  private readonly rulesByFolder = new Map<string, Ignore | undefined>();

  constructor(private readonly root: string) {}

  /** True when `fullPath` (a file, or a folder when `isDirectory`) is ignored. Never throws. */
  ignores(fullPath: string, isDirectory: boolean): boolean {
    const relative = path.relative(this.root, fullPath);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
    const parts = relative.split(path.sep);
    let folder = this.root;
    let ignored = false;
    for (let depth = 0; depth < parts.length; depth++) {
      const rules = this.rulesOf(folder);
      if (rules) {
        const below = parts.slice(depth).join('/') + (isDirectory ? '/' : '');
        let verdict: { ignored: boolean; unignored: boolean };
        try {
          verdict = rules.test(below);
        } catch {
          // A name the matcher rejects is simply not ignored.
          verdict = { ignored: false, unignored: false };
        }
        if (verdict.ignored) ignored = true;
        else if (verdict.unignored) ignored = false;
      }
      folder = path.join(folder, parts[depth]);
    }
    return ignored;
  }

  private rulesOf(folder: string): Ignore | undefined {
    if (this.rulesByFolder.has(folder)) return this.rulesByFolder.get(folder);
    let rules: Ignore | undefined;
    const file = path.join(folder, '.gitignore');
    if (fs.existsSync(file)) {
      const read = readSourceFile(file, MAX_GITIGNORE_BYTES);
      if (read.kind === 'text') {
        try {
          rules = ignore({ allowRelativePaths: true }).add(read.text);
        } catch {
          rules = undefined;
        }
      }
    }
    this.rulesByFolder.set(folder, rules);
    return rules;
  }
}
