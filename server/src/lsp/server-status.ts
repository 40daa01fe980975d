// The `driverkit/serverStatus` request: a cheap snapshot of the server's load, for tests, soak runs and bug reports.

export const SERVER_STATUS_METHOD = 'driverkit/serverStatus';

export interface ServerStatusParams {
  /** Collect garbage first, when the server runs with `--expose-gc` (ignored otherwise), for steadier memory figures. */
  readonly collectGarbage?: boolean;
}

export interface ServerStatus {
  /** The server's version, as in its initialize result. */
  readonly version: string;
  /** The tree-sitter backend analysing documents; absent before `initialize` has loaded one. */
  readonly parserBackend?: 'native' | 'wasm';
  /** Resident set size of the server process. */
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Analyses run since start; cached results are not counted, so a coalesced burst of edits shows as one. */
  readonly analyses: number;
  /** Documents open in the editor. */
  readonly documents: number;
  /** .iig files in the workspace index (open or on disk). */
  readonly indexedFiles: number;
  /** True while the background scan of the workspace runs (indexing .iig files or analysing files from disk). */
  readonly indexing: boolean;
  /** Files known to the background scan: indexed .iig files plus files analysed from disk (not open). */
  readonly filesIndexed: number;
  /** Duration of the last analysis in milliseconds (null before the first). */
  readonly lastAnalysisMs: number | null;
  /** When the last analysis finished, ISO 8601 (null before the first). */
  readonly lastAnalysisAt: string | null;
}

export function readServerStatus(counts: Omit<ServerStatus, 'rssBytes' | 'heapUsedBytes'>, params: unknown): ServerStatus {
  const gc = (globalThis as { gc?: () => void }).gc;
  if ((params as ServerStatusParams | undefined)?.collectGarbage === true && gc) gc();
  const memory = process.memoryUsage();
  return { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, ...counts };
}
