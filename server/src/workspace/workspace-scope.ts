// Decides whether a path may be read: only files inside the workspace folders, with symbolic links resolved.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The folders the editor opened, resolved through symbolic links once. A path is inside when its real path is one of
 * the folders or below one, so a link inside the workspace that points elsewhere (`ln -s /etc secrets`) is outside.
 * With no folders nothing is inside: the server then reads only what the editor sends.
 */
export class WorkspaceScope {
  private readonly roots: readonly string[];

  constructor(folders: readonly string[]) {
    this.roots = folders.map((folder) => realPath(folder) ?? path.resolve(folder));
  }

  get folders(): readonly string[] {
    return this.roots;
  }

  /** The real path of `file` when it exists and lies inside a workspace folder; undefined otherwise. */
  resolveInside(file: string): string | undefined {
    const real = realPath(file);
    if (real === undefined) return undefined;
    return this.roots.some((root) => isWithin(root, real)) ? real : undefined;
  }
}

function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync.native(file);
  } catch {
    return undefined;
  }
}

function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
