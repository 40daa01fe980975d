// Events the language server emits on `process` for its bootstrap (boot/bootstrap.ts), which has no other way in.
import type { EventEmitter } from 'node:events';

/**
 * Emitted after diagnostics of an analysis were sent: by then the functions a typical analysis runs are compiled, so a
 * code cache taken now spares the next start their compilation too. Nothing listens when the bundle runs alone.
 */
const ANALYSIS_PUBLISHED_EVENT = 'driverkit:analysis-published';

/** `process` as the plain emitter it is: its typings only list Node's own events. */
const processEvents = (): EventEmitter => process as EventEmitter;

export function announceAnalysisPublished(): void {
  processEvents().emit(ANALYSIS_PUBLISHED_EVENT);
}

export function onFirstAnalysisPublished(listener: () => void): void {
  processEvents().once(ANALYSIS_PUBLISHED_EVENT, listener);
}
