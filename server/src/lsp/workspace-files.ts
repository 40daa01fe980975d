// Reads the workspace's .iig files from disk so that .cpp rules know every class, open or not.
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findSourceFiles } from '../workspace/find-source-files';

/** .iig files are small; anything larger is not an interface file worth indexing. */
const MAX_IIG_BYTES = 2 * 1024 * 1024;
const MAX_IIG_FILES = 5000;

export interface DiskFile {
  readonly uri: string;
  readonly text: string;
}

export function readWorkspaceIigFiles(folderUris: readonly string[]): { files: DiskFile[]; truncated: boolean } {
  const files: DiskFile[] = [];
  let truncated = false;
  for (const folderUri of folderUris) {
    const folder = safeFilePath(folderUri);
    if (!folder) continue;
    const found = findSourceFiles(folder, { maxFiles: MAX_IIG_FILES - files.length, kinds: new Set(['iig']) });
    truncated ||= found.truncated;
    for (const path of found.files) {
      const text = readTextFile(path);
      if (text !== undefined) files.push({ uri: pathToFileURL(path).toString(), text });
    }
  }
  return { files, truncated };
}

/** Reads a file from disk by URI; undefined when it is missing, unreadable, too large or not a file URI. */
export function readIigByUri(uri: string): string | undefined {
  const path = safeFilePath(uri);
  return path ? readTextFile(path) : undefined;
}

function readTextFile(path: string): string | undefined {
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile() || stat.size > MAX_IIG_BYTES) return undefined;
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function safeFilePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
