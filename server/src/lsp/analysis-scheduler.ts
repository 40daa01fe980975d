// Debounces analysis per document so bursts of keystrokes produce one analysis of the latest text.

export class AnalysisScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly run: (uri: string) => void,
    private readonly delayMs: () => number,
  ) {}

  schedule(uri: string): void {
    this.cancel(uri);
    const delay = this.delayMs();
    if (delay <= 0) {
      // Still asynchronous, so that a burst of didChange notifications already queued is applied first.
      this.timers.set(uri, setTimeout(() => this.fire(uri), 0));
      return;
    }
    this.timers.set(uri, setTimeout(() => this.fire(uri), delay));
  }

  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.timers.keys()]) this.cancel(uri);
  }

  private fire(uri: string): void {
    this.timers.delete(uri);
    this.run(uri);
  }
}
