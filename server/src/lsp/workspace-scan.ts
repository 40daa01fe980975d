// Walks the workspace in the background, in short slices: indexes every .iig and property list at once and lists the files to analyse.
import { pathToFileURL } from 'node:url';
import { fileKindOf, isIndexedKind } from '../model/build-model';
import { walkSourceFiles } from '../workspace/find-source-files';
import { GitignoreFilter } from '../workspace/gitignore-filter';
import { readSourceFile } from '../workspace/read-source-file';

/** .iig files indexed at most; a workspace with more is reported as truncated. */
export const MAX_INDEXED_INTERFACES = 5000;
/** Work done between two yields to the event loop. */
export const SLICE_MS = 8;

export interface WorkspaceScanOptions {
  /** Real paths of the folders to walk. */
  readonly folders: readonly string[];
  /** .iig files indexed at most. */
  readonly maxFiles: number;
  /** Files listed for analysis at most (`driverkit.maxWorkspaceFiles`), every kind `fileKindOf` knows. */
  readonly maxAnalysedFiles: number;
  readonly maxFileBytes: number;
  /** Records one .iig in the index. */
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

export interface WorkspaceScanReport extends InterfaceScanReport {
  /** Uris of the files to analyse for diagnostics, in walk order (the .iig files among them). */
  readonly toAnalyse: readonly string[];
  /** True when the workspace has more files than `maxAnalysedFiles`. */
  readonly analysisTruncated: boolean;
  /** Files and folders left out because a .gitignore excludes them. */
  readonly ignored: number;
}

/** Yields to the event loop when the current slice has run for SLICE_MS; returns the new slice start. */
export async function yieldAfterSlice(sliceStart: number): Promise<number> {
  if (performance.now() - sliceStart <= SLICE_MS) return sliceStart;
  await new Promise<void>((resolve) => setImmediate(resolve));
  return performance.now();
}

/**
 * Walks the folders (symbolic links not followed, .gitignore'd paths and the usual build folders skipped) and indexes
 * each .iig. Each file is read and indexed in the same turn of the event loop, so a watched-file event can never be
 * overtaken by an older read of the same file; files deleted or renamed while the scan runs are simply not found.
 * The kinds of file considered are those `fileKindOf` knows, so a new kind joins the scan there. Never throws.
 */
export async function scanWorkspace(options: WorkspaceScanOptions): Promise<WorkspaceScanReport> {
  const started = performance.now();
  const report = { indexed: 0, truncated: false, tooLarge: [] as string[], binary: [] as string[], unreadable: [] as string[], toAnalyse: [] as string[], analysisTruncated: false, ignored: 0 };
  let sliceStart = started;
  walk: for (const folder of options.folders) {
    const gitignore = new GitignoreFilter(folder);
    const isExcluded = (path: string, isDirectory: boolean): boolean => {
      const excluded = gitignore.ignores(path, isDirectory);
      if (excluded) report.ignored++;
      return excluded;
    };
    for (const event of walkSourceFiles(folder, { isExcluded })) {
      sliceStart = await yieldAfterSlice(sliceStart);
      if (options.isCancelled()) break walk;
      if (event.kind === 'truncated') {
        report.truncated = true;
        report.analysisTruncated = true;
        break walk;
      }
      if (event.kind === 'unreadable-directory') {
        // A folder removed while the scan runs is gone, not unreadable.
        if (event.reason !== 'ENOENT') report.unreadable.push(event.path);
        continue;
      }
      const uri = pathToFileURL(event.path).toString();
      if (report.toAnalyse.length < options.maxAnalysedFiles) report.toAnalyse.push(uri);
      else report.analysisTruncated = true;
      if (!isIndexedKind(fileKindOf(event.path))) {
        if (report.truncated && report.analysisTruncated) break walk;
        continue;
      }
      if (report.indexed >= options.maxFiles) {
        report.truncated = true;
        if (report.analysisTruncated) break walk;
        continue;
      }
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
export function describeScan(report: WorkspaceScanReport, limits: { maxFiles: number; maxAnalysedFiles: number; maxFileBytes: number }): string[] {
  const list = (paths: readonly string[]): string => `${paths.slice(0, 5).join(', ')}${paths.length > 5 ? `, and ${paths.length - 5} more` : ''}`;
  const lines = [`Indexed ${report.indexed} .iig and property-list file${report.indexed === 1 ? '' : 's'} in ${Math.round(report.elapsedMs)} ms; ${report.toAnalyse.length} file(s) to analyse.`];
  if (report.truncated) lines.push(`The workspace has more .iig and property-list files than the index budget (${limits.maxFiles}); what the others declare is unknown.`);
  if (report.analysisTruncated) lines.push(`The workspace has more source files than driverkit.maxWorkspaceFiles (${limits.maxAnalysedFiles}); files past it get diagnostics only when opened.`);
  if (report.ignored > 0) lines.push(`Left out ${report.ignored} file(s) or folder(s) that a .gitignore excludes.`);
  if (report.tooLarge.length > 0) lines.push(`Skipped ${report.tooLarge.length} file(s) larger than driverkit.maxFileSizeBytes (${limits.maxFileBytes} bytes): ${list(report.tooLarge)}.`);
  if (report.binary.length > 0) lines.push(`Skipped ${report.binary.length} binary file(s) named .iig, .plist or .entitlements: ${list(report.binary)}.`);
  if (report.unreadable.length > 0) lines.push(`Could not read ${report.unreadable.length} file(s) or folder(s): ${list(report.unreadable)}.`);
  return lines;
}
