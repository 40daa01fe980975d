// Indexes the workspace's .iig files and property lists in the background, in short slices, so that requests are answered meanwhile.
import { pathToFileURL } from 'node:url';
import { walkSourceFiles } from '../workspace/find-source-files';
import { readSourceFile } from '../workspace/read-source-file';

/** .iig files indexed at most; a workspace with more is reported as truncated. */
export const MAX_INDEXED_INTERFACES = 5000;
/** Work done between two yields to the event loop. */
const SLICE_MS = 8;

export interface InterfaceScanOptions {
  /** Real paths of the folders to walk. */
  readonly folders: readonly string[];
  readonly maxFiles: number;
  readonly maxFileBytes: number;
  /** Records one file in the index. */
  readonly index: (uri: string, text: string) => void;
  /** False for files the scan must leave alone (documents open in the editor are newer than the disk). */
  readonly shouldIndex: (uri: string) => boolean;
  readonly isCancelled: () => boolean;
}

export interface InterfaceScanReport {
  readonly indexed: number;
  readonly truncated: boolean;
  readonly tooLarge: readonly string[];
  readonly binary: readonly string[];
  readonly unreadable: readonly string[];
  readonly elapsedMs: number;
}

/**
 * Walks the folders (symbolic links not followed) and indexes each .iig. Each file is read and indexed in the same
 * turn of the event loop, so a watched-file event can never be overtaken by an older read of the same file; files
 * deleted or renamed while the scan runs are simply not found. Never throws.
 */
export async function scanInterfaces(options: InterfaceScanOptions): Promise<InterfaceScanReport> {
  const started = performance.now();
  const report = { indexed: 0, truncated: false, tooLarge: [] as string[], binary: [] as string[], unreadable: [] as string[] };
  let sliceStart = started;
  walk: for (const folder of options.folders) {
    for (const event of walkSourceFiles(folder, { kinds: new Set(['iig', 'info-plist', 'entitlements']) })) {
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
      if (options.isCancelled()) break walk;
      if (event.kind === 'truncated') {
        report.truncated = true;
        break walk;
      }
      if (event.kind === 'unreadable-directory') {
        // A folder removed while the scan runs is gone, not unreadable.
        if (event.reason !== 'ENOENT') report.unreadable.push(event.path);
        continue;
      }
      if (report.indexed >= options.maxFiles) {
        report.truncated = true;
        break walk;
      }
      const uri = pathToFileURL(event.path).toString();
      if (!options.shouldIndex(uri)) continue;
      const read = readSourceFile(event.path, options.maxFileBytes);
      if (read.kind === 'text') {
        options.index(uri, read.text);
        report.indexed++;
      } else if (read.kind === 'too-large') report.tooLarge.push(event.path);
      else if (read.kind === 'binary') report.binary.push(event.path);
      // A file deleted or renamed while the scan runs is gone, not unreadable.
      else if (read.kind === 'unreadable' && read.code !== 'ENOENT') report.unreadable.push(event.path);
    }
  }
  return { ...report, elapsedMs: performance.now() - started };
}

/** One line per kind of trouble, so that a workspace with many odd files still yields a handful of notices. */
export function describeScan(report: InterfaceScanReport, limits: { maxFiles: number; maxFileBytes: number }): string[] {
  const list = (paths: readonly string[]): string => `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? `, and ${paths.length - 5} more` : ''}`;
  const lines = [`Indexed ${report.indexed} .iig and property-list file${report.indexed === 1 ? '' : 's'} in ${Math.round(report.elapsedMs)} ms.`];
  if (report.truncated) lines.push(`The workspace has more .iig and property-list files than the index budget (${limits.maxFiles}); what the others declare is unknown.`);
  if (report.tooLarge.length > 0) lines.push(`Skipped ${report.tooLarge.length} file(s) larger than driverkit.maxFileSizeBytes (${limits.maxFileBytes} bytes): ${list(report.tooLarge)}.`);
  if (report.binary.length > 0) lines.push(`Skipped ${report.binary.length} binary file(s) named .iig, .plist or .entitlements: ${list(report.binary)}.`);
  if (report.unreadable.length > 0) lines.push(`Could not read ${report.unreadable.length} file(s) or folder(s): ${list(report.unreadable)}.`);
  return lines;
}
