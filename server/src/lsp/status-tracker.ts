// Tracks the last analysis and tells the client, at most twice a second, that the server's status changed.

/** The notification the client's status item listens to; it has no params: the client asks driverkit/serverStatus. */
export const STATUS_CHANGED_METHOD = 'driverkit/statusChanged';
/** At most one notification per this many milliseconds (≤ 2 per second). */
export const STATUS_CHANGED_INTERVAL_MS = 500;

export class StatusTracker {
  private lastSentAt = -Infinity;
  private trailing: NodeJS.Timeout | undefined;
  private lastMs: number | undefined;
  private lastAt: string | undefined;
  private disposed = false;

  constructor(private readonly send: () => void) {}

  /** Duration of the last analysis (open document or workspace file) in milliseconds; undefined before the first. */
  get lastAnalysisMs(): number | undefined {
    return this.lastMs;
  }

  /** When the last analysis finished, as an ISO 8601 time. */
  get lastAnalysisAt(): string | undefined {
    return this.lastAt;
  }

  recordAnalysis(durationMs: number): void {
    this.lastMs = Math.round(durationMs * 100) / 100;
    this.lastAt = new Date().toISOString();
    this.changed();
  }

  /** Something the status shows changed: notify now, or once at the end of the current interval. */
  changed(): void {
    if (this.disposed || this.trailing) return;
    const wait = this.lastSentAt + STATUS_CHANGED_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.trailing = setTimeout(() => this.fire(), wait);
  }

  dispose(): void {
    this.disposed = true;
    if (this.trailing) clearTimeout(this.trailing);
    this.trailing = undefined;
  }

  private fire(): void {
    this.trailing = undefined;
    this.lastSentAt = performance.now();
    this.send();
  }
}
