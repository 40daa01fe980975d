// Debounces analysis per document so bursts of keystrokes produce one analysis of the latest text. What is not typing
// (a document just opened, a save in onSave mode) is analysed without the delay.
//
// The JSON-RPC layer hands queued messages to the server one per event-loop turn (setImmediate). A timer that fired
// while a didChange was still queued or unread would analyse a version that is already stale, so a due analysis
// first waits two turns: one lets the queue deliver what it holds, one lets the read that turn's data arrived in be
// delivered too. Any change meanwhile reschedules a debounced analysis; one due now is left to run, and reads the latest
// text when it does. Either way only the latest text is analysed.

/** `afterTyping` waits the debounce delay; `now` only the two turns that let queued messages arrive. */
export type AnalysisUrgency = 'afterTyping' | 'now';

interface Pending {
  timer?: NodeJS.Timeout;
  immediate?: NodeJS.Immediate;
  readonly urgency: AnalysisUrgency;
}

export class AnalysisScheduler {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly run: (uri: string) => void,
    private readonly delayMs: () => number,
  ) {}

  schedule(uri: string, urgency: AnalysisUrgency = 'afterTyping'): void {
    // An analysis due now reads the document's latest text when it runs: a later request never postpones it (the
    // settings the editor sends right after opening a document must not make it wait the debounce).
    if (urgency === 'afterTyping' && this.pending.get(uri)?.urgency === 'now') return;
    this.cancel(uri);
    const entry: Pending = { urgency };
    this.pending.set(uri, entry);
    const afterTwoTurns = (): void => {
      entry.timer = undefined;
      entry.immediate = setImmediate(() => {
        entry.immediate = setImmediate(() => this.fire(uri, entry));
      });
    };
    // Node runs a 0 ms timer after at least 1 ms, a tenth of the 10 ms a keystroke's analysis may take; with no
    // delay asked for, the two turns are wait enough.
    const delay = urgency === 'now' ? 0 : this.delayMs();
    if (delay > 0) entry.timer = setTimeout(afterTwoTurns, delay);
    else afterTwoTurns();
  }

  cancel(uri: string): void {
    const entry = this.pending.get(uri);
    if (entry?.timer) clearTimeout(entry.timer);
    if (entry?.immediate) clearImmediate(entry.immediate);
    this.pending.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.pending.keys()]) this.cancel(uri);
  }

  private fire(uri: string, entry: Pending): void {
    // A later schedule replaced this entry: its own run will analyse the newer text.
    if (this.pending.get(uri) !== entry) return;
    this.pending.delete(uri);
    this.run(uri);
  }
}
