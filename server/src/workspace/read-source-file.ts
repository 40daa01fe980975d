// Reads one source file from disk for linting: size checked before reading, binary files recognised, BOMs honoured.
import * as fs from 'node:fs';

/**
 * Files larger than this are skipped unless configured otherwise (`driverkit.maxFileSizeBytes` in the editor,
 * `--max-file-size` on the command line). Hand-written driver sources are far smaller; a file this large is
 * generated, and analysing it would block the editor's server for seconds on every change.
 */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

/** How many leading bytes are searched for a NUL to call a file binary (the heuristic git uses). */
const BINARY_SNIFF_BYTES = 8000;

export type SourceRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'too-large'; readonly size: number }
  | { readonly kind: 'binary' }
  | { readonly kind: 'not-a-file' }
  | { readonly kind: 'unreadable'; readonly reason: string; readonly code?: string };

/**
 * Never throws. The file is opened non-blocking and checked with `fstat` on the open descriptor, so a FIFO or a
 * device named like a source file cannot hang the caller, and the size check and the read see the same file.
 */
export function readSourceFile(path: string, maxBytes: number): SourceRead {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return unreadable(error);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { kind: 'not-a-file' };
    if (stat.size > maxBytes) return { kind: 'too-large', size: stat.size };
    const bytes = fs.readFileSync(fd);
    // The file may have grown between fstat and the read.
    if (bytes.length > maxBytes) return { kind: 'too-large', size: bytes.length };
    return decodeSource(bytes);
  } catch (error) {
    return unreadable(error);
  } finally {
    fs.closeSync(fd);
  }
}

function unreadable(error: unknown): SourceRead {
  return { kind: 'unreadable', reason: describeFsError(error), code: (error as NodeJS.ErrnoException | undefined)?.code };
}

/**
 * Decodes file bytes the way an editor shows them: a UTF-8 BOM is dropped (editors hide it, and keeping it would shift
 * every column of the first line), UTF-16 is recognised by its BOM, and invalid UTF-8 becomes U+FFFD, one code unit
 * per bad byte. Bytes with a NUL near the start (and no UTF-16 BOM) are binary.
 */
export function decodeSource(bytes: Buffer): { kind: 'text'; text: string } | { kind: 'binary' } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { kind: 'text', text: bytes.toString('utf8', 3) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { kind: 'text', text: bytes.toString('utf16le', 2) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1)));
    return { kind: 'text', text: swapped.swap16().toString('utf16le') };
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: bytes.toString('utf8') };
}

/** A short reason for a failed file-system call, without the absolute path Node puts in its messages. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    case 'ENAMETOOLONG':
      return 'file name too long';
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
