// Diagnostics for workspace files that are not open: analysed from disk in background slices, kept as compact results.
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../engine/analyze-file';
import type { Linter } from '../engine/linter';
import { fileKindOf } from '../model/build-model';
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
}

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

  constructor(private readonly options: WorkspaceDiagnosticsOptions) {}

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
    if (clear) this.listed.delete(uri);
    const had = this.known.delete(uri);
    if (clear && had) this.options.publish(uri, []);
  }

  /** Forgets every result (their diagnostics stay published until the re-scan replaces them). */
  reset(): void {
    this.known.clear();
    this.queue.clear();
    this.listed.clear();
  }

  private analyzeText(uri: string, text: string): void {
    const linter = this.options.linter();
    if (!linter) return;
    const started = performance.now();
    const model = linter.model(uri, text);
    if (!model) return;
    const findings = linter.analyze(model, this.options.settings().rules);
    const classes = new Set<string>([...model.classes.map((c) => c.name), ...model.functions.flatMap((fn) => (fn.className ? [fn.className] : []))]);
    model.tree?.dispose();
    const positions = positionsFor(text);
    const diagnostics = findings.map((d) => toLspDiagnostic(d, positions, { docsHref: this.options.docsHref(d), positionsOf: this.options.positionsOf }));
    this.known.set(uri, { classes: [...classes], findings: diagnostics.length });
    this.options.publish(uri, diagnostics);
    this.options.onProgress(performance.now() - started);
  }

  private async drain(): Promise<void> {
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
}
