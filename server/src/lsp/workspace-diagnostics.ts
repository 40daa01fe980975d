// Diagnostics for workspace files that are not open: analysed from disk in background slices, kept as compact results.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../engine/analyze-file';
import type { Linter } from '../engine/linter';
import { fileKindOf } from '../model/build-model';
import { analyseUnopened, type AnalyseOutcome, type AnalyseTask, type LazyScanWorkers, type ScanWorkers, type UnopenedResult } from './scan-workers';
import type { ServerSettings } from './settings';
import { positionsFor, type PositionConverter } from './text-positions';
import { toLspDiagnostic } from './to-lsp';
import type { WorkspaceFiles } from './workspace-files';
import { yieldAfterSlice } from './workspace-scan';

export interface WorkspaceDiagnosticsOptions {
  readonly linter: () => Linter | undefined;
  readonly settings: () => ServerSettings;
  readonly files: () => WorkspaceFiles;
  /** True for documents open in the editor: their diagnostics come from the editor's text, not from here. */
  readonly isOpen: (uri: string) => boolean;
  readonly publish: (uri: string, diagnostics: LspDiagnostic[]) => void;
  readonly docsHref: (diagnostic: Diagnostic) => string | undefined;
  readonly positionsOf: (uri: string) => PositionConverter | undefined;
  /** Called after every analysis with its duration, and after each slice of background work. */
  readonly onProgress: (analysisMs?: number) => void;
  readonly isStopping: () => boolean;
  /** The worker threads that analyse for a drain (see LazyScanWorkers.for); without them, or when they fail, this thread does. */
  readonly workers?: LazyScanWorkers;
}

/** Files handed to the workers at a time: enough to keep both busy, few enough that results come out steadily. */
const WORKER_CHUNK = 16;

/** What is kept of a file that is not open: the classes it implements or declares, for re-running cross-file rules. */
interface KnownFile {
  readonly classes: readonly string[];
  readonly findings: number;
}

export class WorkspaceDiagnostics {
  private readonly known = new Map<string, KnownFile>();
  private readonly queue = new Set<string>();
  /** Files the scan chose for analysis (within the budget, not .gitignore'd), open or not. */
  private readonly listed = new Set<string>();
  private draining: Promise<void> | undefined;
  /** Files out on a worker, with the number of their dispatch: a result whose file was forgotten since is dropped. */
  private readonly inFlight = new Map<string, number>();
  private dispatches = 0;

  constructor(private readonly options: WorkspaceDiagnosticsOptions) {}

  get workers(): LazyScanWorkers | undefined {
    return this.options.workers;
  }

  /** Stops the worker threads (the server is shutting down). */
  close(): Promise<void> {
    return this.options.workers?.close() ?? Promise.resolve();
  }

  /** Files not open in the editor whose diagnostics come from disk. */
  get fileCount(): number {
    return this.known.size;
  }

  get busy(): boolean {
    return this.draining !== undefined;
  }

  /** The files the scan knows that implement or declare one of `classNames`. */
  dependantsOf(classNames: readonly string[]): string[] {
    if (classNames.length === 0) return [];
    const wanted = new Set(classNames);
    return [...this.known.entries()].filter(([, file]) => file.classes.some((c) => wanted.has(c))).map(([uri]) => uri);
  }

  /** Every file known, for a re-run after the rules' settings changed. */
  knownUris(): string[] {
    return [...this.known.keys()];
  }

  /** The implementation files of `className` that the scan knows (open files are looked up by the caller). */
  implementationsOf(className: string): string[] {
    return this.dependantsOf([className]).filter((uri) => fileKindOf(uri) === 'cpp');
  }

  /** Records the files the scan chose, so that closing one of them shows its disk copy's diagnostics. */
  list(uris: readonly string[]): void {
    for (const uri of uris) this.listed.add(uri);
  }

  /** True for a file the scan chose for analysis. */
  isListed(uri: string): boolean {
    return this.listed.has(uri);
  }

  /** Queues files for analysis from disk and resolves once the queue is empty. */
  enqueue(uris: readonly string[]): Promise<void> {
    for (const uri of uris) {
      this.queue.add(uri);
      this.listed.add(uri);
    }
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
    return this.draining;
  }

  /** Analyses one file from disk now; false when it cannot be read (outside the workspace, gone, too large). */
  analyzeFromDisk(uri: string): boolean {
    if (this.options.isOpen(uri)) return true;
    const text = this.options.files().readSource(uri, this.options.settings().maxFileSizeBytes);
    if (text === undefined) {
      this.forget(uri, true);
      return false;
    }
    this.analyzeText(uri, text);
    return true;
  }

  /** Drops a file's result (opened in the editor, or deleted); `clear` also withdraws its published diagnostics. */
  forget(uri: string, clear: boolean): void {
    this.queue.delete(uri);
    this.inFlight.delete(uri);
    if (clear) this.listed.delete(uri);
    const had = this.known.delete(uri);
    if (clear && had) this.options.publish(uri, []);
  }

  /** Forgets every result (their diagnostics stay published until the re-scan replaces them). */
  reset(): void {
    this.known.clear();
    this.queue.clear();
    this.listed.clear();
    this.inFlight.clear();
  }

  private analyzeText(uri: string, text: string): void {
    const linter = this.options.linter();
    if (!linter) return;
    const started = performance.now();
    const result = analyseUnopened(linter, uri, text, this.options.settings().rules);
    if (result) this.record(uri, text, result, performance.now() - started);
  }

  /** Keeps a file's classes and publishes its diagnostics, converted through its text. */
  private record(uri: string, text: string, result: UnopenedResult, analysisMs: number): void {
    const started = performance.now();
    const positions = positionsFor(text);
    const diagnostics = result.diagnostics.map((d) => toLspDiagnostic(d, positions, { docsHref: this.options.docsHref(d), positionsOf: this.options.positionsOf }));
    this.known.set(uri, { classes: result.classes, findings: diagnostics.length });
    this.options.publish(uri, diagnostics);
    this.options.onProgress(analysisMs + performance.now() - started);
  }

  private async drain(): Promise<void> {
    const workers = this.options.workers?.for(this.queue.size);
    if (workers) {
      try {
        await this.drainOnWorkers(workers);
      } catch (error) {
        // Workers that cannot start or died: the rest of the queue (and what was out on them) is analysed here.
        this.options.workers?.fail(error);
      }
    }
    let sliceStart = performance.now();
    while (this.queue.size > 0 && !this.options.isStopping()) {
      const before = sliceStart;
      sliceStart = await yieldAfterSlice(sliceStart);
      if (sliceStart !== before) this.options.onProgress();
      const uri = this.queue.values().next().value as string;
      this.queue.delete(uri);
      try {
        this.analyzeFromDisk(uri);
      } catch {
        // analyzeFile isolates rules; anything else here is a bug that must not stop the rest of the queue.
        this.forget(uri, true);
      }
    }
    this.options.onProgress();
  }

  /**
   * Reads a chunk of the queue here (cheap), has the workers analyse it (the expensive part), and publishes the results
   * here, in queue order. A file opened, deleted or re-queued meanwhile keeps what happened to it since.
   */
  private async drainOnWorkers(workers: ScanWorkers): Promise<void> {
    while (this.queue.size > 0 && !this.options.isStopping()) {
      const linter = this.options.linter();
      if (!linter) return;
      const tasks: AnalyseTask[] = [];
      const dispatch = ++this.dispatches;
      const rules = this.options.settings().rules;
      for (const uri of this.queue) {
        if (tasks.length >= WORKER_CHUNK) break;
        this.queue.delete(uri);
        if (this.options.isOpen(uri)) continue;
        const text = this.options.files().readSource(uri, this.options.settings().maxFileSizeBytes);
        if (text === undefined) {
          this.forget(uri, true);
          continue;
        }
        this.inFlight.set(uri, dispatch);
        tasks.push({ uri, text, rules });
      }
      let outcomes;
      try {
        outcomes = await workers.analyse(linter.index, tasks);
      } catch (error) {
        // Put the chunk back at the front of the queue for this thread.
        const rest = [...this.queue];
        this.queue.clear();
        for (const task of tasks) if (this.inFlight.get(task.uri) === dispatch) this.queue.add(task.uri);
        for (const uri of rest) this.queue.add(uri);
        throw error;
      }
      tasks.forEach((task, i) => this.settle(task, outcomes[i], dispatch));
      this.options.onProgress();
    }
  }

  private settle(task: AnalyseTask, outcome: AnalyseOutcome | undefined, dispatch: number): void {
    for (const line of outcome?.ruleErrors ?? []) this.options.workers?.logRuleError(line);
    if (this.inFlight.get(task.uri) !== dispatch) return;
    this.inFlight.delete(task.uri);
    if (outcome?.failed) return this.forget(task.uri, true);
    if (this.options.isOpen(task.uri) || !outcome?.result) return;
    const { result } = outcome;
    // As linter.model on this thread would have: the index holds the disk copy of an unopened .iig or property list.
    const index = this.options.linter()?.index;
    // Same text, same facts: restoring them would only make the index look changed (and be sent to the workers again).
    if (result.indexed && index && index.textOf(task.uri) !== result.entry?.text) {
      if (result.entry) index.restore([result.entry]);
      else index.remove(task.uri);
    }
    this.record(task.uri, task.text, result, outcome.ms);
  }
}
