// Wires the engine to an LSP connection: document sync, debounced analysis, diagnostics, quick fixes and indexing.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DidChangeWatchedFilesParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Linter } from '../engine/linter';
import { fileKindOf } from '../model/build-model';
import { loadParser } from '../parser/load-parser';
import type { ParserBackendName } from '../parser/syntax-node';
import { docsUri, findPackageRoot } from '../package-docs';
import { AnalysisScheduler } from './analysis-scheduler';
import { quickFixes } from './code-actions';
import { DocumentAnalyses } from './document-analyses';
import { readServerStatus, SERVER_STATUS_METHOD, type ServerStatus } from './server-status';
import { DEFAULT_SETTINGS, readSettings, type ServerSettings } from './settings';
import { positionsFor, type PositionConverter } from './text-positions';
import { toLspDiagnostic } from './to-lsp';
import { WorkspaceFiles } from './workspace-files';
import { describeScan, MAX_INDEXED_INTERFACES, scanInterfaces } from './workspace-scan';

export const SERVER_NAME = 'driverkit-language-server';
export const SERVER_VERSION = '0.1.0';

/**
 * Milliseconds one rule may spend on one file before it is skipped there (see LinterOptions.ruleTimeBudgetMs): far
 * above what any rule needs on a hand-written file, low enough that a pathological case stops costing every edit.
 */
const RULE_TIME_BUDGET_MS = 1000;

export class DriverKitLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly scheduler = new AnalysisScheduler((uri) => this.analyzeAndPublish(uri), () => this.settings.debounceMs);
  private readonly analyses = new DocumentAnalyses({ linter: () => this.linter, settings: () => this.settings, log: (line) => this.connection.console.warn(line) });
  private readonly packageRoot = findPackageRoot();
  private linter: Linter | undefined;
  private initializeResult: Promise<InitializeResult> | undefined;
  private settings: ServerSettings = DEFAULT_SETTINGS;
  private workspace = new WorkspaceFiles([]);
  private supportsConfiguration = false;
  private supportsVersionedEdits = false;
  private indexing = false;
  private stopping = false;

  constructor(private readonly connection: Connection) {}

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => (this.initializeResult ??= this.initialize(params)));
    c.onInitialized(() => this.guard('initialized', () => this.initialized()));
    c.onDidChangeConfiguration((change) => this.guard('configuration', () => this.refreshSettings(change?.settings)));
    c.onDidChangeWatchedFiles((params) => this.guard('watched files', () => this.watchedFilesChanged(params)));
    c.onCodeAction((params, token) => this.codeActions(params, token));
    c.onRequest(SERVER_STATUS_METHOD, (params: unknown) => this.status(params));
    c.onShutdown(() => {
      this.stopping = true;
      this.scheduler.dispose();
    });
    this.documents.onDidOpen((e) => this.guard('open', () => this.changed(e.document.uri)));
    this.documents.onDidChangeContent((e) => this.guard('change', () => this.changed(e.document.uri)));
    this.documents.onDidClose((e) => this.guard('close', () => this.closed(e.document.uri)));
    this.documents.listen(c);
    c.listen();
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    const options = (params?.initializationOptions ?? {}) as { parserBackend?: unknown; settings?: unknown };
    const forced = options.parserBackend ?? process.env.DRIVERKIT_PARSER;
    const loaded = await loadParser(forced === 'native' || forced === 'wasm' ? (forced as ParserBackendName) : undefined);
    if (loaded.fallbackReason) this.connection.console.warn(`Native tree-sitter unavailable (${loaded.fallbackReason}); using the wasm parser.`);
    const folders = Array.isArray(params?.workspaceFolders) ? params.workspaceFolders.map((f) => f?.uri).filter((uri): uri is string => typeof uri === 'string') : [];
    if (folders.length === 0 && typeof params?.rootUri === 'string') folders.push(params.rootUri);
    this.workspace = new WorkspaceFiles(folders);
    this.supportsConfiguration = params?.capabilities?.workspace?.configuration === true;
    this.supportsVersionedEdits = params?.capabilities?.workspace?.workspaceEdit?.documentChanges === true;
    if (options.settings !== undefined) this.applySettings(options.settings);
    this.linter = new Linter({ parser: loaded.backend, ruleTimeBudgetMs: RULE_TIME_BUDGET_MS, onRuleError: (message) => this.connection.console.error(message) });
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
    this.reanalyzeOpenDocuments();
    await this.indexWorkspace();
  }

  /** The background scan: documents are analysed meanwhile, and the .cpp/.h ones again once every class is known. */
  private async indexWorkspace(): Promise<void> {
    if (this.indexing || !this.linter) return;
    this.indexing = true;
    try {
      const limits = { maxFiles: MAX_INDEXED_INTERFACES, maxFileBytes: this.settings.maxFileSizeBytes };
      const report = await scanInterfaces({
        folders: this.workspace.folders,
        ...limits,
        index: (uri, text) => this.linter?.model(uri, text)?.tree?.dispose(),
        shouldIndex: (uri) => !this.documents.get(uri),
        isCancelled: () => this.stopping,
      });
      const [summary, ...notices] = describeScan(report, limits);
      this.connection.console.info(summary);
      for (const notice of notices) this.connection.console.warn(notice);
      this.reanalyzeOpenDocuments(true);
    } finally {
      this.indexing = false;
    }
  }

  private async refreshSettings(pushed: unknown): Promise<void> {
    const fromClient = this.supportsConfiguration ? await this.connection.workspace.getConfiguration('driverkit') : (pushed as { driverkit?: unknown } | undefined)?.driverkit;
    this.applySettings(fromClient);
    this.reanalyzeOpenDocuments();
  }

  private applySettings(raw: unknown): void {
    const { settings, problems } = readSettings(raw);
    this.settings = settings;
    for (const problem of problems) this.connection.console.warn(`Invalid setting ignored: ${problem}`);
  }

  private watchedFilesChanged(params: DidChangeWatchedFilesParams): void {
    for (const change of Array.isArray(params?.changes) ? params.changes : []) {
      if (typeof change?.uri !== 'string' || fileKindOf(change.uri) !== 'iig') continue;
      if (this.documents.get(change.uri)) continue; // The editor's buffer is newer than the disk.
      this.refreshFromDisk(change.uri, change.type === FileChangeType.Deleted);
    }
    this.reanalyzeOpenDocuments(true);
  }

  /** Indexes an .iig's disk copy, or forgets it when it is gone, outside the workspace or no longer readable. */
  private refreshFromDisk(uri: string, deleted = false): void {
    const text = deleted ? undefined : this.workspace.readInterface(uri, this.settings.maxFileSizeBytes);
    if (text === undefined) this.linter?.index.remove(uri);
    else this.linter?.model(uri, text)?.tree?.dispose();
  }

  private changed(uri: string): void {
    this.analyses.changed(uri);
    this.scheduler.schedule(uri);
  }

  private closed(uri: string): void {
    this.scheduler.cancel(uri);
    this.analyses.forget(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    if (fileKindOf(uri) === 'iig') {
      this.refreshFromDisk(uri);
      this.reanalyzeOpenDocuments(true);
    }
  }

  /**
   * Re-runs analysis (settings or a partner file changed, so equal content no longer means equal results).
   * `onlySources` limits this to .cpp/.h documents, which is what an .iig change affects.
   */
  private reanalyzeOpenDocuments(onlySources = false): void {
    for (const document of this.documents.all()) {
      if (onlySources && fileKindOf(document.uri) === 'iig') continue;
      this.analyses.invalidate(document.uri);
      this.scheduler.schedule(document.uri);
    }
  }

  private analyzeAndPublish(uri: string): void {
    this.guard('analysis', () => {
      const document = this.documents.get(uri);
      if (!document) return;
      const previous = this.analyses.latest(uri);
      const analysis = this.analyses.analyze(document);
      if (!analysis) return;
      const positionsOf = (u: string): PositionConverter | undefined => this.positionsOf(u);
      const diagnostics = analysis.diagnostics.map((d) => toLspDiagnostic(d, analysis.positions, { docsHref: docsUri(this.packageRoot, d.docsPath), positionsOf }));
      void this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
      // Rules on .cpp/.h files read this interface; they need a new run only when its text actually changed.
      if (analysis.kind === 'iig' && analysis !== previous) this.reanalyzeOpenDocuments(true);
    });
  }

  private codeActions(params: CodeActionParams, token: CancellationToken): CodeAction[] | ResponseError<void> {
    // A $/cancelRequest that arrived while the request waited in the queue: skip the analysis it would cost.
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
    if (!this.linter) return new ResponseError(ErrorCodes.ServerNotInitialized, 'The DriverKit server has not been initialized.');
    return (
      this.guard('codeAction', () => {
        const document = this.documents.get(params.textDocument.uri);
        const analysis = document ? this.analyses.analyze(document) : undefined;
        if (!document || !analysis) return [];
        return quickFixes(params, {
          analysis,
          positionsOf: (uri) => this.positionsOf(uri),
          versionOf: this.supportsVersionedEdits ? (uri) => this.documents.get(uri)?.version ?? null : undefined,
          docsHref: (d) => docsUri(this.packageRoot, d.docsPath),
        });
      }) ?? []
    );
  }

  private status(params: unknown): ServerStatus {
    return readServerStatus(
      { analyses: this.analyses.runCount, documents: this.documents.keys().length, indexedFiles: this.linter?.index.fileCount ?? 0, indexing: this.indexing },
      params,
    );
  }

  /** Open documents convert through their current text; indexed .iig files through the text the index holds. */
  private positionsOf(uri: string): PositionConverter | undefined {
    const current = this.analyses.current(uri);
    if (current) return current.positions;
    const document = this.documents.get(uri);
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
