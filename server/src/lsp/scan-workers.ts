// Worker threads for the background scan: unopened files are analysed on a pool running the server's own bundle.
//
// The main thread keeps the index and sends each worker a copy (IndexEntry plain data, only what changed since the
// last send); a worker sends back engine diagnostics (offsets) and the classes the file uses, which the main thread
// converts and publishes exactly as it does for files it analyses itself (see workspace-diagnostics.ts).
import * as os from 'node:os';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic, SeverityOverrides } from '../engine/analyze-file';
import { Linter } from '../engine/linter';
import { serveWorkerRequests, WorkerPool } from '../engine/worker-pool';
import { isIndexedKind, fileKindOf } from '../model/build-model';
import { loadParser } from '../parser/load-parser';
import type { ParserBackendName } from '../parser/syntax-node';
import type { IndexEntry, WorkspaceIndex } from '../workspace/workspace-index';

const SCAN_WORKER_ROLE = 'driverkit-scan-worker';
/** Files per message: small, so that both workers finish a chunk together. */
const ANALYSE_BATCH = 4;

export interface ScanWorkerSetup {
  readonly role: typeof SCAN_WORKER_ROLE;
  readonly parser: ParserBackendName;
  readonly ruleTimeBudgetMs?: number;
}

/** One unopened file to analyse: its disk text (read on the main thread) and the severities that apply to it. */
export interface AnalyseTask {
  readonly uri: string;
  readonly text: string;
  readonly rules: SeverityOverrides;
}

/** What is kept of a file analysed from disk, on whichever thread did it. */
export interface UnopenedResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly classes: readonly string[];
  /** For an .iig or property list: what the analysing thread's index now holds for it (undefined: nothing). */
  readonly entry?: IndexEntry;
  readonly indexed: boolean;
}

export interface AnalyseOutcome {
  readonly result?: UnopenedResult;
  /** The analysis threw (a bug outside the rules, which analyzeFile isolates): the file is forgotten, as on the main thread. */
  readonly failed?: boolean;
  readonly ruleErrors: readonly string[];
  readonly ms: number;
}

/** Models and analyses one file; the same code on the main thread and on the workers, so results are identical. */
export function analyseUnopened(linter: Linter, uri: string, text: string, rules: SeverityOverrides): UnopenedResult | undefined {
  const model = linter.model(uri, text);
  if (!model) return undefined;
  const diagnostics = linter.analyze(model, rules);
  const classes = new Set<string>([...model.classes.map((c) => c.name), ...model.functions.flatMap((fn) => (fn.className ? [fn.className] : []))]);
  model.tree?.dispose();
  const indexed = isIndexedKind(fileKindOf(uri));
  return { diagnostics, classes: [...classes], indexed, entry: indexed ? linter.index.entryOf(uri) : undefined };
}

/**
 * The pool's configuration: `requested` workers (the `workspaceWorkers` initialization option; tests force a size),
 * else at most two and only on cores beyond the two that the main thread and the editor keep busy: on a 2-core
 * machine two workers published a 1,000-file scan no sooner (4.5-4.9 s against 4.4-5.3 s) and doubled the slowest
 * request's wait (bench/README.md). `script` is the running file: the bundle serves as its own worker (server.ts);
 * run from sources (tsx) there is no bundle, so no workers.
 */
export function scanWorkerConfig(requested: unknown, script: string, setup: ScanWorkerConfig['setup'], log: ScanWorkerConfig['log']): ScanWorkerConfig {
  const size = typeof requested === 'number' && requested >= 0 ? Math.floor(requested) : Math.min(2, Math.max(0, os.availableParallelism() - 2));
  return { script, size: script.endsWith('.js') ? size : 0, setup, log };
}

/** Below this many queued files a drain runs on the main thread rather than start the workers. */
const MIN_FILES_FOR_WORKERS = 16;

export interface ScanWorkerConfig {
  /** The server's bundle, which serves as a worker (see serveIfScanWorker). */
  readonly script: string;
  /** Worker threads; 0 analyses on the main thread. */
  readonly size: number;
  readonly setup: Omit<ScanWorkerSetup, 'role'>;
  /** Told when the pool starts or fails, and of rule failures on the workers. */
  readonly log: { info(line: string): void; warn(line: string): void; error(line: string): void };
}

/** Starts the pool when the first large enough drain needs it, and gives it up for good when it fails. */
export class LazyScanWorkers {
  private workers: ScanWorkers | undefined;
  private config: ScanWorkerConfig | undefined;
  private disabled = false;

  configure(config: ScanWorkerConfig): void {
    this.config = config;
  }

  /** The pool for a drain of `queued` files, or undefined to analyse on the main thread. */
  for(queued: number): ScanWorkers | undefined {
    if (this.disabled || !this.config || this.config.size <= 0) return undefined;
    if (!this.workers && queued < MIN_FILES_FOR_WORKERS) return undefined;
    try {
      if (!this.workers) {
        this.workers = new ScanWorkers(this.config.script, this.config.size, this.config.setup);
        this.config.log.info(`Analysing unopened files on ${this.config.size} worker thread(s).`);
      }
    } catch {
      this.disabled = true;
    }
    return this.workers;
  }

  /** A rule failure a worker reported (the engine reports each rule once per thread). */
  logRuleError(line: string): void {
    this.config?.log.error(line);
  }

  /** The pool failed: the rest of the work, and all later work, runs on the main thread. */
  fail(error: unknown): void {
    this.config?.log.warn(`Background analysis continues on the main thread: its worker threads failed (${error instanceof Error ? error.message : String(error)}).`);
    this.disabled = true;
    void this.close();
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = undefined;
    await workers?.close().catch(() => undefined);
  }
}

/** The pool and the copy of the index its workers hold. */
export class ScanWorkers {
  private readonly pool: WorkerPool;
  /** The index entries the workers hold, as last sent. */
  private readonly sent = new Map<string, IndexEntry>();
  private sentVersion = -1;

  constructor(script: string, size: number, setup: Omit<ScanWorkerSetup, 'role'>) {
    this.pool = new WorkerPool({ script, size, workerData: { role: SCAN_WORKER_ROLE, ...setup } satisfies ScanWorkerSetup, stdoutToStderr: true });
  }

  get size(): number {
    return this.pool.size;
  }

  /** Brings the workers' index up to date with `index`, then analyses `tasks`; one outcome per task, in order. */
  async analyse(index: WorkspaceIndex, tasks: readonly AnalyseTask[]): Promise<AnalyseOutcome[]> {
    if (index.version !== this.sentVersion) await this.sync(index);
    return this.pool.run<AnalyseTask, AnalyseOutcome>('analyse', tasks, ANALYSE_BATCH);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** Sends the entries added or changed since the last send, and the uris removed (an .iig or property list changed). */
  private async sync(index: WorkspaceIndex): Promise<void> {
    const version = index.version;
    const current = new Map(index.uris().flatMap((uri) => (index.entryOf(uri) ? [[uri, index.entryOf(uri) as IndexEntry] as const] : [])));
    const removed = [...this.sent.keys()].filter((uri) => !current.has(uri));
    const changed: IndexEntry[] = [];
    for (const entry of current.values()) {
      if (!sameEntry(this.sent.get(entry.uri), entry)) changed.push(entry);
      // Equal but rebuilt: keep the new object, so that the next comparison is by reference.
      else this.sent.set(entry.uri, entry);
    }
    if (removed.length > 0 || changed.length > 0) await this.pool.broadcast({ removed, changed } satisfies IndexUpdate);
    for (const uri of removed) this.sent.delete(uri);
    for (const entry of changed) this.sent.set(entry.uri, entry);
    this.sentVersion = version;
  }
}

interface IndexUpdate {
  readonly removed: readonly string[];
  readonly changed: readonly IndexEntry[];
}

/** Entries built from the same model share their text and class list (an unchanged file is not sent again). */
function sameEntry(a: IndexEntry | undefined, b: IndexEntry): boolean {
  if (!a || a.kind !== b.kind || a.text !== b.text) return false;
  return a.kind === 'iig' && b.kind === 'iig' ? a.classes === b.classes || JSON.stringify(a.classes) === JSON.stringify(b.classes) : a.kind !== 'iig' && b.kind !== 'iig' && JSON.stringify(a.root) === JSON.stringify(b.root);
}

/** True when this thread is one of the scan's workers; it then serves the pool instead of starting a connection. */
export function serveIfScanWorker(): boolean {
  if (isMainThread || !parentPort || (workerData as { role?: unknown } | null)?.role !== SCAN_WORKER_ROLE) return false;
  const setup = workerData as ScanWorkerSetup;
  let ruleErrors: string[] = [];
  const linter = loadParser(setup.parser).then(({ backend }) => new Linter({ parser: backend, ruleTimeBudgetMs: setup.ruleTimeBudgetMs, onRuleError: (message) => ruleErrors.push(message) }));
  serveWorkerRequests(parentPort, {
    ready: linter,
    onBroadcast: async (message) => {
      const { removed, changed } = message as IndexUpdate;
      const { index } = await linter;
      for (const uri of removed) index.remove(uri);
      index.restore(changed);
    },
    batches: {
      analyse: async (task): Promise<AnalyseOutcome> => {
        const { uri, text, rules } = task as AnalyseTask;
        const ready = await linter;
        ruleErrors = [];
        const started = performance.now();
        try {
          const result = analyseUnopened(ready, uri, text, rules);
          return { result, ruleErrors, ms: performance.now() - started };
        } catch {
          return { failed: true, ruleErrors, ms: performance.now() - started };
        }
      },
    },
  });
  return true;
}
