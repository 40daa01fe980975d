// Runs the background scan of the workspace once at a time, and once more when asked again while it runs.
import type { Linter } from '../engine/linter';
import type { ServerSettings } from './settings';
import type { WorkspaceDiagnostics } from './workspace-diagnostics';
import type { WorkspaceFiles } from './workspace-files';
import { describeScan, MAX_INDEXED_INTERFACES, scanWorkspace } from './workspace-scan';

export interface ScanRunnerOptions {
  readonly linter: () => Linter | undefined;
  readonly workspace: () => WorkspaceFiles;
  readonly settings: () => ServerSettings;
  readonly diagnostics: WorkspaceDiagnostics;
  readonly isOpen: (uri: string) => boolean;
  readonly isStopping: () => boolean;
  /** Open documents analysed again once every class is known. */
  readonly reanalyzeOpenSources: () => void;
  readonly onBusyChanged: () => void;
  readonly log: { info(line: string): void; warn(line: string): void };
}

export class WorkspaceScanRunner {
  private running = false;
  private rescanRequested = false;

  constructor(private readonly options: ScanRunnerOptions) {}

  get busy(): boolean {
    return this.running;
  }

  /**
   * The background scan: every .iig and property list is indexed, open .cpp/.h documents are analysed again once every
   * class is known, then every other workspace file (within driverkit.maxWorkspaceFiles) is analysed from disk. A
   * request to scan again while one runs makes it run once more at the end, and resolves when that run is over.
   */
  async run(): Promise<void> {
    const { options } = this;
    const linter = options.linter();
    if (this.running || !linter) {
      this.rescanRequested = this.running;
      return this.running ? this.finished() : undefined;
    }
    this.running = true;
    options.onBusyChanged();
    try {
      do {
        this.rescanRequested = false;
        const settings = options.settings();
        const limits = { maxFiles: MAX_INDEXED_INTERFACES, maxAnalysedFiles: settings.maxWorkspaceFiles, maxFileBytes: settings.maxFileSizeBytes };
        const report = await scanWorkspace({
          folders: options.workspace().folders,
          ...limits,
          index: (uri, text) => options.linter()?.model(uri, text)?.tree?.dispose(),
          shouldIndex: (uri) => !options.isOpen(uri),
          isCancelled: () => options.isStopping() || this.rescanRequested,
        });
        if (this.rescanRequested) continue;
        const [summary, ...notices] = describeScan(report, limits);
        options.log.info(summary);
        for (const notice of notices) options.log.warn(notice);
        options.reanalyzeOpenSources();
        options.diagnostics.list(report.toAnalyse);
        await options.diagnostics.enqueue(report.toAnalyse.filter((uri) => !options.isOpen(uri)));
      } while (this.rescanRequested && !options.isStopping());
    } finally {
      this.running = false;
      options.onBusyChanged();
    }
  }

  private async finished(): Promise<void> {
    while (this.running) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
