// Turns a `driverkit/serverStatus` answer into the language status item's text and detail (pure, so tests can call it).

/** The fields of the server's status that the item shows; every one may be absent (older server, not yet known). */
export interface ServerStatusView {
  readonly version?: string;
  readonly parserBackend?: string;
  readonly filesIndexed?: number;
  /** The older name of `filesIndexed`. */
  readonly indexedFiles?: number;
  readonly indexing?: boolean;
  readonly lastAnalysisMs?: number;
  /** When the last analysis finished: epoch milliseconds or an ISO 8601 string. */
  readonly lastAnalysisAt?: number | string;
}

export interface StatusText {
  readonly text: string;
  readonly detail: string;
}

export const STARTING_TEXT: StatusText = { text: 'DriverKit: starting', detail: 'Waiting for the language server' };

export function describeServerStatus(status: ServerStatusView | undefined | null): StatusText {
  if (!status || typeof status !== 'object' || !isNonEmptyString(status.parserBackend)) return STARTING_TEXT;
  const parts: string[] = [];
  if (isNonEmptyString(status.version)) parts.push(`v${status.version}`);
  const files = isCount(status.filesIndexed) ? status.filesIndexed : isCount(status.indexedFiles) ? status.indexedFiles : undefined;
  if (files !== undefined) parts.push(`${files} ${files === 1 ? 'file' : 'files'} indexed${status.indexing === true ? ' (indexing…)' : ''}`);
  const analysis = describeLastAnalysis(status);
  if (analysis) parts.push(analysis);
  return { text: `DriverKit: ${status.parserBackend}`, detail: parts.join(' · ') };
}

function describeLastAnalysis(status: ServerStatusView): string | undefined {
  const took = isCount(status.lastAnalysisMs) ? `${Math.round(status.lastAnalysisMs)} ms` : undefined;
  const at = status.lastAnalysisAt !== undefined ? new Date(status.lastAnalysisAt) : undefined;
  const when = at && !Number.isNaN(at.getTime()) ? at.toLocaleTimeString() : undefined;
  if (!took && !when) return undefined;
  return ['last analysis', took, when ? `at ${when}` : undefined].filter(Boolean).join(' ');
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
