// Wires the engine to an LSP connection: document sync, debounced analysis, diagnostics and quick fixes.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DidChangeWatchedFilesParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../engine/analyze-file';
import { Linter } from '../engine/linter';
import { fileKindOf } from '../model/build-model';
import type { FileModel } from '../model/file-model';
import { loadParser } from '../parser/load-parser';
import type { ParserBackendName } from '../parser/syntax-node';
import { AnalysisScheduler } from './analysis-scheduler';
import { docsUri, findPackageRoot } from '../package-docs';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings';
import { positionsFor, type PositionConverter } from './text-positions';
import { toCodeActions, toLspDiagnostic } from './to-lsp';
import { readIigByUri, readWorkspaceIigFiles } from './workspace-files';

interface Analysis {
  readonly version: number;
  readonly model: FileModel;
  readonly diagnostics: readonly Diagnostic[];
  readonly positions: PositionConverter;
}

export const SERVER_NAME = 'driverkit-language-server';
export const SERVER_VERSION = '0.1.0';

export class DriverKitLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly analyses = new Map<string, Analysis>();
  private readonly scheduler = new AnalysisScheduler((uri) => this.analyzeAndPublish(uri), () => this.settings.debounceMs);
  private readonly packageRoot = findPackageRoot();
  private linter: Linter | undefined;
  private settings: ServerSettings = DEFAULT_SETTINGS;
  private workspaceFolders: string[] = [];
  private supportsConfiguration = false;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.guard('initialized', () => this.initialized()));
    c.onDidChangeConfiguration((change) => this.guard('configuration', () => this.refreshSettings(change.settings)));
    c.onDidChangeWatchedFiles((params) => this.guard('watched files', () => this.watchedFilesChanged(params)));
    c.onCodeAction((params) => this.guard('codeAction', () => this.codeActions(params)) ?? []);
    c.onShutdown(() => this.scheduler.dispose());
    this.documents.onDidOpen((e) => this.scheduler.schedule(e.document.uri));
    this.documents.onDidChangeContent((e) => this.scheduler.schedule(e.document.uri));
    this.documents.onDidClose((e) => this.guard('close', () => this.closed(e.document.uri)));
    this.documents.listen(c);
    c.listen();
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    const options = (params.initializationOptions ?? {}) as { parserBackend?: ParserBackendName; settings?: unknown };
    const forced = options.parserBackend ?? (process.env.DRIVERKIT_PARSER as ParserBackendName | undefined);
    const loaded = await loadParser(forced === 'native' || forced === 'wasm' ? forced : undefined);
    if (loaded.fallbackReason) this.connection.console.warn(`Native tree-sitter unavailable (${loaded.fallbackReason}); using the wasm parser.`);
    this.linter = new Linter({ parser: loaded.backend, onRuleError: (message) => this.connection.console.error(message) });
    this.workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (this.workspaceFolders.length === 0 && params.rootUri) this.workspaceFolders = [params.rootUri];
    this.supportsConfiguration = params.capabilities.workspace?.configuration === true;
    if (options.settings !== undefined) this.applySettings(options.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: SERVER_NAME, version: `${SERVER_VERSION} (${loaded.backend.name} parser)` },
    };
  }

  private async initialized(): Promise<void> {
    if (this.supportsConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, undefined);
      await this.refreshSettings(undefined);
    }
    const { files, truncated } = readWorkspaceIigFiles(this.workspaceFolders);
    for (const file of files) if (!this.documents.get(file.uri)) this.linter?.model(file.uri, file.text);
    if (truncated) this.connection.console.warn('The workspace has more .iig files than the index budget; some classes are unknown.');
    this.reanalyzeOpenDocuments();
  }

  private async refreshSettings(pushed: unknown): Promise<void> {
    const fromClient = this.supportsConfiguration ? await this.connection.workspace.getConfiguration('driverkit') : (pushed as { driverkit?: unknown })?.driverkit;
    this.applySettings(fromClient);
    this.reanalyzeOpenDocuments();
  }

  private applySettings(raw: unknown): void {
    const { settings, problems } = readSettings(raw);
    this.settings = settings;
    for (const problem of problems) this.connection.console.warn(`Invalid setting ignored: ${problem}`);
  }

  private watchedFilesChanged(params: DidChangeWatchedFilesParams): void {
    for (const change of params.changes) {
      if (this.documents.get(change.uri)) continue; // The editor's buffer is newer than the disk.
      const text = change.type === FileChangeType.Deleted ? undefined : readIigByUri(change.uri);
      if (text === undefined) this.linter?.index.remove(change.uri);
      else this.linter?.model(change.uri, text);
    }
    this.reanalyzeOpenDocuments();
  }

  private closed(uri: string): void {
    this.scheduler.cancel(uri);
    this.discard(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    const onDisk = readIigByUri(uri);
    if (onDisk !== undefined) this.linter?.model(uri, onDisk);
    else this.linter?.index.remove(uri);
  }

  /**
   * Drops cached results (settings or a partner file changed, so equal versions no longer mean equal results).
   * `onlySources` limits this to .cpp/.h documents, which is what an .iig edit affects.
   */
  private reanalyzeOpenDocuments(onlySources = false): void {
    for (const document of this.documents.all()) {
      if (onlySources && fileKindOf(document.uri) === 'iig') continue;
      this.discard(document.uri);
      this.scheduler.schedule(document.uri);
    }
  }

  private analyzeAndPublish(uri: string): void {
    this.guard('analysis', () => {
      const previous = this.analyses.get(uri);
      const analysis = this.analyze(uri);
      if (!analysis) return;
      const diagnostics = analysis.diagnostics.map((d) => toLspDiagnostic(d, analysis.positions, { docsHref: docsUri(this.packageRoot, d.docsPath), positionsOf: (u) => this.positionsOf(u) }));
      void this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
      // Rules on .cpp/.h files read this interface; they need a new run only when its text actually changed.
      if (analysis.model.kind === 'iig' && analysis !== previous) this.reanalyzeOpenDocuments(true);
    });
  }

  /** Analyses the current text of an open document, reusing the last result when the version has not changed. */
  private analyze(uri: string): Analysis | undefined {
    const document = this.documents.get(uri);
    if (!document || !this.linter) return undefined;
    const cached = this.analyses.get(uri);
    if (cached && cached.version === document.version) return cached;
    const model = this.linter.model(uri, document.getText());
    if (!model) return undefined;
    const analysis = { version: document.version, model, diagnostics: this.linter.analyze(model, this.settings.rules), positions: positionsFor(model.text) };
    this.discard(uri);
    this.analyses.set(uri, analysis);
    return analysis;
  }

  private discard(uri: string): void {
    this.analyses.get(uri)?.model.tree?.dispose();
    this.analyses.delete(uri);
  }

  private codeActions(params: CodeActionParams): CodeAction[] {
    const analysis = this.analyze(params.textDocument.uri);
    const positions = this.positionsOf(params.textDocument.uri);
    if (!analysis || !positions) return [];
    const start = positions.toOffset(params.range.start);
    const end = positions.toOffset(params.range.end);
    const wanted = new Set(params.context.diagnostics.map((d) => String(d.code)));
    return analysis.diagnostics
      .filter((d) => d.range.start <= end && start <= d.range.end && (wanted.size === 0 || wanted.has(d.code)))
      .flatMap((d) => {
        const lsp = toLspDiagnostic(d, positions, { docsHref: docsUri(this.packageRoot, d.docsPath), positionsOf: (u) => this.positionsOf(u) });
        return toCodeActions(d, lsp, (u) => this.positionsOf(u));
      });
  }

  /** Open documents convert through their buffer; indexed .iig files through the text the index holds. */
  private positionsOf(uri: string): PositionConverter | undefined {
    const document = this.documents.get(uri);
    const analysis = this.analyses.get(uri);
    if (document && analysis?.version === document.version) return analysis.positions;
    if (document) return positionsFor(document.getText());
    const indexed = this.linter?.index.textOf(uri);
    return indexed !== undefined ? positionsFor(indexed) : undefined;
  }

  /** Runs a handler so that no exception escapes into the connection; the failure is logged. */
  private guard<T>(what: string, run: () => T): T | undefined {
    try {
      const result = run();
      if (result instanceof Promise) {
        return result.catch((error: unknown) => this.logFailure(what, error)) as T;
      }
      return result;
    } catch (error) {
      this.logFailure(what, error);
      return undefined;
    }
  }

  private logFailure(what: string, error: unknown): undefined {
    this.connection.console.error(`DriverKit ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return undefined;
  }
}
