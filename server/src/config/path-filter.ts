// Decides from the include and exclude globs whether a file is linted, with paths relative to the project root.
import * as path from 'node:path';
import picomatch from 'picomatch';

/** True when the file at `absolutePath` is to be linted. */
export type PathFilter = (absolutePath: string) => boolean;

/**
 * Globs use picomatch syntax against the path relative to `root` with `/` separators (`Generated/**`,
 * `**\/*Tests.cpp`). A glob without a `/` matches the file name at any depth (`*.pb.cpp`), and one ending in `/`
 * matches everything below that folder, as in .gitignore. A file outside `root` is matched by its absolute path.
 */
export function createPathFilter(root: string, include: readonly string[], exclude: readonly string[]): PathFilter {
  if (include.length === 0 && exclude.length === 0) return () => true;
  const included = include.length > 0 ? compileGlobs(include) : () => true;
  const excluded = exclude.length > 0 ? compileGlobs(exclude) : () => false;
  return (absolutePath) => {
    const relative = path.relative(root, absolutePath);
    const subject = (relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative).split(path.sep).join('/');
    return included(subject) && !excluded(subject);
  };
}

/** Compiles globs into one matcher; throws on a glob picomatch rejects (callers validate with `globProblem`). */
export function compileGlobs(globs: readonly string[]): (subject: string) => boolean {
  return picomatch(globs.map(normalizeGlob), { dot: true });
}

/** Why a glob is unusable, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'is empty';
  try {
    compileGlobs([glob]);
    return undefined;
  } catch (error) {
    return `is not a valid glob (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** picomatch's own `basename` option applies to every glob, not only to those without a `/`, so it is done here. */
function normalizeGlob(glob: string): string {
  const trimmed = glob.trim().replace(/^\.\//, '');
  const folder = trimmed.endsWith('/') ? `${trimmed}**` : trimmed;
  return folder.includes('/') ? folder : `**/${folder}`;
}
