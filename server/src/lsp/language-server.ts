// Wires the engine to an LSP connection: document sync, debounced analysis, diagnostics, quick fixes and indexing.
import {
  DidChangeConfigurationNotification,
  ErrorCodes,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type DidChangeWatchedFilesParams,
  type ExecuteCommandParams,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { announceAnalysisPublished } from '../boot/startup-events';
import type { Diagnostic } from '../engine/analyze-file';
import { Linter } from '../engine/linter';
import { fileKindOf, isIndexedKind } from '../model/build-model';
import type { FileModel } from '../model/file-model';
import { loadParser } from '../parser/load-parser';
import type { ParserBackendName } from '../parser/syntax-node';
import { docsUri, findPackageRoot } from '../package-docs';
import { ALL_RULES } from '../rules';
import { AnalysisScheduler } from './analysis-scheduler';
import { RELINT_WORKSPACE_COMMAND, SERVER_CAPABILITIES } from './capabilities';
import { quickFixes } from './code-actions';
import { DocumentAnalyses } from './document-analyses';
import { sourceFixAll } from './fix-all';
import { GENERATE_COMMAND, generatorActions, runGenerate, type GenerateContext } from './generate-actions';
import { guarded } from './guarded';
import { hoverAt } from './hover';
import { registerNavigation } from './navigation';
import { ProjectSettings } from './project-settings';
import { LazyScanWorkers, scanWorkerConfig } from './scan-workers';
import { collectGarbageIfAsked, readServerStatus, SERVER_STATUS_METHOD, type ServerStatus } from './server-status';
import type { ServerSettings } from './settings';
import { STATUS_CHANGED_METHOD, StatusTracker } from './status-tracker';
import { positionsFor, type PositionConverter } from './text-positions';
import { toLspDiagnostic } from './to-lsp';
import { WorkspaceDiagnostics } from './workspace-diagnostics';
import { WorkspaceFiles } from './workspace-files';
import { WorkspaceScanRunner } from './workspace-scan-runner';

export const SERVER_NAME = 'driverkit-language-server';
export const SERVER_VERSION = '0.1.0';
/** Clears every cache and runs the whole-workspace scan again; resolves when it is done. */

/**
 * Milliseconds one rule may spend on one file before it is skipped there (see LinterOptions.ruleTimeBudgetMs): far
 * above what any rule needs on a hand-written file, low enough that a pathological case stops costing every edit.
 */
const RULE_TIME_BUDGET_MS = 1000;

export class DriverKitLanguageServer {
  private readonly documents = new TextDocuments(TextDocument);
  private readonly scheduler = new AnalysisScheduler((uri) => this.analyzeAndPublish(uri), () => this.settings.debounceMs);
  private readonly analyses = new DocumentAnalyses({
    linter: () => this.linter,
    settings: (uri) => this.config.forDocument(uri),
    isIncluded: (uri) => this.config.isIncluded(uri),
    log: (line) => this.connection.console.warn(line),
  });
  private readonly config = new ProjectSettings({
    knownRules: ALL_RULES.map((rule) => rule.meta),
    log: (line) => this.connection.console.warn(line),
    notify: (message) => void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
  });
  private readonly packageRoot = findPackageRoot();
  /** The content generation of each open .iig or property list that dependants were last re-analysed for. */
  private readonly indexedGenerations = new Map<string, number>();
  private linter: Linter | undefined;
  private initializeResult: Promise<InitializeResult> | undefined;
  private workspace = new WorkspaceFiles([]);
  private supportsConfiguration = false;
  private supportsVersionedEdits = false;
  private stopping = false;
  private readonly status = new StatusTracker(() => void this.connection.sendNotification(STATUS_CHANGED_METHOD));
  private readonly workspaceDiagnostics = new WorkspaceDiagnostics({
    linter: () => this.linter,
    settings: () => this.settings,
    files: () => this.workspace,
    isOpen: (uri) => this.documents.get(uri) !== undefined,
    publish: (uri, diagnostics) => void this.connection.sendDiagnostics({ uri, diagnostics }),
    docsHref: (d) => docsUri(this.packageRoot, d.docsPath),
    positionsOf: (uri) => this.positionsOf(uri),
    onProgress: (ms) => (ms === undefined ? this.status.changed() : this.status.recordAnalysis(ms)),
    isStopping: () => this.stopping,
    workers: new LazyScanWorkers(),
  });
  private readonly scan = new WorkspaceScanRunner({
    linter: () => this.linter,
    workspace: () => this.workspace,
    settings: () => this.settings,
    diagnostics: this.workspaceDiagnostics,
    isOpen: (uri) => this.documents.get(uri) !== undefined,
    isStopping: () => this.stopping,
    reanalyzeOpenSources: () => this.reanalyzeOpenDocuments(true),
    onBusyChanged: () => this.status.changed(),
    log: { info: (line) => this.connection.console.info(line), warn: (line) => this.connection.console.warn(line) },
  });

  constructor(private readonly connection: Connection) {}

  /** Settings not tied to one document: the debounce delay, the size limit of the background scan. */
  private get settings(): ServerSettings {
    return this.config.workspace;
  }

  listen(): void {
    const c = this.connection;
    // Hover and navigation model an open document through the parse session its analysis uses.
    const modelOf = (uri: string, text: string): FileModel | undefined => this.analyses.modelOf(uri, text);
    c.onInitialize((params) => (this.initializeResult ??= this.initialize(params)));
    c.onInitialized(() => this.guard('initialized', () => this.initialized()));
    c.onDidChangeConfiguration((change) => this.guard('configuration', () => this.refreshSettings(change?.settings)));
    c.onDidChangeWatchedFiles((params) => this.guard('watched files', () => this.watchedFilesChanged(params)));
    c.onCodeAction((params, token) => this.codeActions(params, token));
    c.onHover((params) => this.guard('hover', () => hoverAt(params, { document: this.documents.get(params?.textDocument?.uri), linter: this.linter, modelOf, maxFileSizeBytes: this.settings.maxFileSizeBytes })) ?? null);
    c.onRequest(SERVER_STATUS_METHOD, async (params: unknown) => {
      await collectGarbageIfAsked(params);
      return this.serverStatus();
    });
    c.onExecuteCommand((params) => this.guard('command', () => this.executeCommand(params)));
    registerNavigation(c, { documents: this.documents, linter: () => this.linter, modelOf, workspace: () => this.workspace, settings: () => this.settings });
    c.onShutdown(() => {
      this.stopping = true;
      this.scheduler.dispose();
      this.status.dispose();
      void this.workspaceDiagnostics.close();
    });
    this.documents.onDidOpen((e) => this.guard('open', () => this.changed(e.document.uri)));
    this.documents.onDidChangeContent((e) => this.guard('change', () => this.changed(e.document.uri, 'change')));
    this.documents.onDidSave((e) => this.guard('save', () => this.saved(e.document.uri)));
    this.documents.onDidClose((e) => this.guard('close', () => this.closed(e.document.uri)));
    this.documents.listen(c);
    c.listen();
  }

  private async initialize(params: InitializeParams): Promise<InitializeResult> {
    const options = (params?.initializationOptions ?? {}) as { parserBackend?: unknown; settings?: unknown; workspaceWorkers?: unknown };
    const forced = options.parserBackend ?? process.env.DRIVERKIT_PARSER;
    const loaded = await loadParser(forced === 'native' || forced === 'wasm' ? (forced as ParserBackendName) : undefined);
    if (loaded.fallbackReason) this.connection.console.warn(`Native tree-sitter unavailable (${loaded.fallbackReason}); using the wasm parser.`);
    const folders = Array.isArray(params?.workspaceFolders) ? params.workspaceFolders.map((f) => f?.uri).filter((uri): uri is string => typeof uri === 'string') : [];
    if (folders.length === 0 && typeof params?.rootUri === 'string') folders.push(params.rootUri);
    this.workspace = new WorkspaceFiles(folders);
    this.config.loadProjectFiles(this.workspace);
    this.supportsConfiguration = params?.capabilities?.workspace?.configuration === true;
    this.supportsVersionedEdits = params?.capabilities?.workspace?.workspaceEdit?.documentChanges === true;
    if (options.settings !== undefined) this.applySettings(options.settings);
    this.linter = new Linter({ parser: loaded.backend, ruleTimeBudgetMs: RULE_TIME_BUDGET_MS, onRuleError: (message) => this.connection.console.error(message) });
    this.workspaceDiagnostics.workers?.configure(scanWorkerConfig(options.workspaceWorkers, __filename, { parser: loaded.backend.name, ruleTimeBudgetMs: RULE_TIME_BUDGET_MS }, this.connection.console));
    return {
      capabilities: SERVER_CAPABILITIES,
      serverInfo: { name: SERVER_NAME, version: `${SERVER_VERSION} (${loaded.backend.name} parser)` },
    };
  }

  private async initialized(): Promise<void> {
    if (this.supportsConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, undefined);
      await this.refreshSettings(undefined);
    }
    this.reanalyzeOpenDocuments();
    await this.scan.run();
  }

  private async executeCommand(params: ExecuteCommandParams): Promise<unknown> {
    if (params?.command === GENERATE_COMMAND) return runGenerate(params.arguments?.[0], this.generateContext());
    if (params?.command !== RELINT_WORKSPACE_COMMAND) throw new ResponseError(ErrorCodes.InvalidParams, `Unknown command '${String(params?.command)}'.`);
    this.workspaceDiagnostics.reset();
    this.reanalyzeOpenDocuments();
    await this.scan.run();
    return { filesIndexed: this.filesIndexed() };
  }

  private generateContext(): GenerateContext {
    return {
      linter: () => this.linter,
      openText: (uri) => this.documents.get(uri)?.getText(),
      openUris: () => this.documents.keys(),
      refreshOpenInterfaces: () => {
        for (const d of this.documents.all()) if (kindOf(d.uri) === 'iig' && this.linter?.index.textOf(d.uri) !== d.getText()) this.linter?.model(d.uri, d.getText())?.tree?.dispose();
      },
      readFromDisk: (uri) => this.workspace.readSource(uri, this.settings.maxFileSizeBytes),
      implementationsOf: (className) => this.workspaceDiagnostics.implementationsOf(className),
      versionOf: (uri) => this.documents.get(uri)?.version ?? null,
      applyEdit: (label, edit) => this.connection.workspace.applyEdit({ label, edit }),
    };
  }

  private filesIndexed(): number {
    // The index holds .iig files and property lists, the scan lists every kind: a file in both counts once.
    return new Set([...(this.linter?.index.uris() ?? []), ...this.workspaceDiagnostics.knownUris()]).size;
  }

  /** An .iig changed: the files that use its classes (before or after the change) run their cross-file rules again. */
  private relintDependants(uri: string, classesBefore: readonly string[]): void {
    const classes = [...new Set([...classesBefore, ...(this.linter?.index.classNamesIn(uri) ?? [])])];
    // Property lists read each other (an Info.plist and the entitlements beside it), not classes.
    const partners = fileKindOf(uri) === 'iig' ? this.workspaceDiagnostics.dependantsOf(classes) : this.workspaceDiagnostics.knownUris().filter((u) => isIndexedKind(fileKindOf(u)) && fileKindOf(u) !== 'iig');
    const dependants = partners.filter((u) => u !== uri && !this.documents.get(u));
    if (dependants.length > 0) void this.workspaceDiagnostics.enqueue(dependants);
  }

  private async refreshSettings(pushed: unknown): Promise<void> {
    const fromClient = this.supportsConfiguration ? await this.connection.workspace.getConfiguration('driverkit') : (pushed as { driverkit?: unknown } | undefined)?.driverkit;
    this.config.loadProjectFiles(this.workspace);
    this.applySettings(fromClient);
    this.reanalyzeOpenDocuments();
    if (!this.scan.busy) void this.workspaceDiagnostics.enqueue(this.workspaceDiagnostics.knownUris());
  }

  private applySettings(raw: unknown): void {
    this.config.setEditor(raw);
  }

  private watchedFilesChanged(params: DidChangeWatchedFilesParams): void {
    const changes = Array.isArray(params?.changes) ? params.changes : [];
    if (changes.some((change) => typeof change?.uri === 'string' && ProjectSettings.isProjectFile(change.uri))) {
      this.config.loadProjectFiles(this.workspace);
      this.reanalyzeOpenDocuments();
    }
    for (const change of changes) {
      if (typeof change?.uri !== 'string' || !fileKindOf(change.uri)) continue;
      if (this.documents.get(change.uri)) continue; // The editor's buffer is newer than the disk.
      const deleted = change.type === FileChangeType.Deleted;
      if (isIndexedKind(fileKindOf(change.uri))) {
        const before = this.linter?.index.classNamesIn(change.uri) ?? [];
        this.refreshFromDisk(change.uri, deleted);
        this.relintDependants(change.uri, before);
      }
      if (deleted) this.workspaceDiagnostics.forget(change.uri, true);
      else if (this.workspaceDiagnostics.knownUris().includes(change.uri) || this.workspaceDiagnostics.fileCount < this.settings.maxWorkspaceFiles) void this.workspaceDiagnostics.enqueue([change.uri]);
    }
    this.reanalyzeOpenDocuments(true);
  }

  /** Indexes an .iig's or property list's disk copy, or forgets it when it is gone, outside the workspace or no longer readable. */
  private refreshFromDisk(uri: string, deleted = false): void {
    const text = deleted ? undefined : this.workspace.readInterface(uri, this.settings.maxFileSizeBytes);
    if (text === undefined) this.linter?.index.remove(uri);
    else this.linter?.model(uri, text)?.tree?.dispose();
  }

  /**
   * In `onSave` mode an edit only marks the results stale; opening and saving the document analyse it. The debounce is
   * for typing: a document just opened is analysed at once (an editor opens it to read it).
   */
  private changed(uri: string, cause: 'change' | 'open' = 'open'): void {
    this.workspaceDiagnostics.forget(uri, false);
    this.analyses.changed(uri);
    if (cause === 'change' && this.config.forDocument(uri).run === 'onSave') return;
    this.scheduler.schedule(uri, cause === 'open' ? 'now' : 'afterTyping');
  }

  /** A save changes no content: in `onType` mode the document is already analysed (or about to be). */
  private saved(uri: string): void {
    if (this.config.forDocument(uri).run === 'onSave') this.scheduler.schedule(uri, 'now');
  }

  private closed(uri: string): void {
    this.scheduler.cancel(uri);
    this.analyses.forget(uri);
    const before = this.linter?.index.classNamesIn(uri) ?? [];
    this.indexedGenerations.delete(uri);
    if (isIndexedKind(fileKindOf(uri))) this.refreshFromDisk(uri);
    // A file the scan covers keeps diagnostics, now of its disk copy; any other (outside the workspace, .gitignore'd,
    // past the budget, unsaved) is cleared.
    if (!this.workspaceDiagnostics.isListed(uri) || !this.workspaceDiagnostics.analyzeFromDisk(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    if (isIndexedKind(fileKindOf(uri))) {
      this.relintDependants(uri, before);
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
      // The classes an .iig declared before this analysis replaces its index entry (none for other files).
      const before = this.linter?.index.classNamesIn(uri) ?? [];
      const runs = this.analyses.runCount;
      const started = performance.now();
      const analysis = this.analyses.analyze(document);
      if (!analysis) return;
      if (this.analyses.runCount !== runs) this.status.recordAnalysis(performance.now() - started);
      const positionsOf = (u: string): PositionConverter | undefined => this.positionsOf(u);
      const diagnostics = analysis.diagnostics.map((d) => toLspDiagnostic(d, analysis.positions, { docsHref: docsUri(this.packageRoot, d.docsPath), positionsOf }));
      void this.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
      announceAnalysisPublished();
      // Rules on other files read this interface or property list; they need a new run only when its text changed
      // (by content generation: a re-run alone must not cascade, or open property lists would re-run each other).
      if (isIndexedKind(analysis.kind) && analysis !== previous && this.indexedGenerations.get(uri) !== analysis.generation) {
        this.indexedGenerations.set(uri, analysis.generation);
        this.reanalyzeOpenDocuments(true);
        this.relintDependants(uri, before);
      }
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
        const targets = {
          positionsOf: (uri: string) => this.positionsOf(uri),
          versionOf: this.supportsVersionedEdits ? (uri: string) => this.documents.get(uri)?.version ?? null : undefined,
        };
        const context = { ...targets, analysis, uri: document.uri, text: document.getText(), docsHref: (d: Diagnostic) => docsUri(this.packageRoot, d.docsPath) };
        return [...quickFixes(params, context), ...sourceFixAll(params, analysis, targets), ...generatorActions(params, this.generateContext())];
      }) ?? []
    );
  }

  private serverStatus(): ServerStatus {
    return readServerStatus({
      version: SERVER_VERSION,
      parserBackend: this.linter?.parserName === 'native' || this.linter?.parserName === 'wasm' ? this.linter.parserName : undefined,
      analyses: this.analyses.runCount,
      documents: this.documents.keys().length,
      indexedFiles: this.linter?.index.fileCount ?? 0,
      indexing: this.scan.busy || this.workspaceDiagnostics.busy,
      filesIndexed: this.filesIndexed(),
      lastAnalysisMs: this.status.lastAnalysisMs ?? null,
      lastAnalysisAt: this.status.lastAnalysisAt ?? null,
    });
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
    return guarded((line) => this.connection.console.error(line), what, run);
  }
}

/** fileKindOf for a uri the client sent, which may not even be a string. */
function kindOf(uri: unknown): ReturnType<typeof fileKindOf> {
  return typeof uri === 'string' ? fileKindOf(uri) : undefined;
}
