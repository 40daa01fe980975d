// Reads the workspace's .iig files from disk for the index: only regular files inside the workspace folders.
import { fileURLToPath } from 'node:url';
import { fileKindOf, isIndexedKind } from '../model/build-model';
import { readSourceFile } from '../workspace/read-source-file';
import { WorkspaceScope } from '../workspace/workspace-scope';

/**
 * The server's only way to read a file by URI. A URI the client names (a watched-file event, a closed document) is
 * read only when it is an .iig whose real path lies inside a workspace folder, so neither a link in the workspace
 * nor a crafted URI makes the server read anything else.
 */
export class WorkspaceFiles {
  readonly scope: WorkspaceScope;
  /** The folders as the editor named them (before links are resolved), in the order of `folders`. */
  readonly namedFolders: readonly string[];

  constructor(folderUris: readonly string[]) {
    this.namedFolders = folderUris.flatMap((uri) => filePathOf(uri) ?? []);
    this.scope = new WorkspaceScope(this.namedFolders);
  }

  /** Real paths of the workspace folders. */
  get folders(): readonly string[] {
    return this.scope.folders;
  }

  /** The text of an .iig or property list on disk; undefined when it is outside the workspace, missing, unreadable, binary or too large. */
  readInterface(uri: string, maxBytes: number): string | undefined {
    return isIndexedKind(fileKindOf(uri)) ? this.readSource(uri, maxBytes) : undefined;
  }

  /** The text of any file the linter reads (by `fileKindOf`), under the same conditions as `readInterface`. */
  readSource(uri: string, maxBytes: number): string | undefined {
    const path = filePathOf(uri);
    if (!path || !fileKindOf(path)) return undefined;
    const inside = this.scope.resolveInside(path);
    if (!inside) return undefined;
    const read = readSourceFile(inside, maxBytes);
    return read.kind === 'text' ? read.text : undefined;
  }
}

export function filePathOf(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
