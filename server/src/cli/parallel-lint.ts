// `driverkit-lint --jobs N`: the .iig index built by N worker threads and shared with all, then targets analysed on
// N threads. Results, problems and rule notices come out in the same order as lintFiles on one thread.
import { pathToFileURL } from 'node:url';
import type { SeverityOverrides } from '../engine/analyze-file';
import { Linter } from '../engine/linter';
import { serveWorkerRequests, WorkerPool, type WorkerHandlers } from '../engine/worker-pool';
import { loadParser } from '../parser/load-parser';
import type { ParserBackendName } from '../parser/syntax-node';
import type { IndexEntry } from '../workspace/workspace-index';
import type { CollectedFiles, LintTarget } from './collect-files';
import { indexInterface, interfacesOf, isIndexed, lintTarget, readForLint, type FileResult, type InterfaceFile } from './lint-files';
import { IndexedModels } from './indexed-models';
import type { CliProblem } from './problems';

const WORKER_ROLE = 'driverkit-lint-worker';

interface WorkerSetup {
  readonly role: typeof WORKER_ROLE;
  readonly parser?: ParserBackendName;
  readonly maxFileSizeBytes: number;
  readonly severities?: SeverityOverrides;
}

interface IndexOutcome {
  readonly entry?: IndexEntry;
  readonly problem?: CliProblem;
}

/** A target and where its text comes from: the shared index (an .iig read while indexing) or the disk. */
interface LintTask {
  readonly target: LintTarget;
  readonly fromIndex: boolean;
}

interface LintOutcome {
  readonly result?: FileResult;
  readonly problems: readonly CliProblem[];
  /** Rule failures on this file, one line each (the engine reports each rule once per thread). */
  readonly ruleErrors: readonly string[];
}

export interface ParallelLintOptions {
  readonly jobs: number;
  readonly parser?: ParserBackendName;
  readonly maxFileSizeBytes: number;
  readonly severities?: SeverityOverrides;
  readonly cwd: string;
  /** The script the workers run: the bundle this code is in, which hands control to `serveLintWorker`. */
  readonly script: string;
}

/** Tasks per message: large enough to amortise a message, small enough that both workers finish together. */
const INDEX_BATCH = 16;
const LINT_BATCH = 4;

export async function lintFilesInParallel(collected: CollectedFiles, options: ParallelLintOptions): Promise<{ results: FileResult[]; problems: CliProblem[]; ruleErrors: string[] }> {
  const setup: WorkerSetup = { role: WORKER_ROLE, parser: options.parser, maxFileSizeBytes: options.maxFileSizeBytes, severities: options.severities };
  // This thread lints too, so `jobs` threads are jobs - 1 workers and this one.
  const pool = new WorkerPool({ script: options.script, size: options.jobs - 1, workerData: setup, inline: lintHandlers(setup) });
  try {
    const problems: CliProblem[] = [];
    const indexed = await pool.run<InterfaceFile, IndexOutcome>('index', interfacesOf(collected, options.cwd), INDEX_BATCH);
    const entries: IndexEntry[] = [];
    for (const outcome of indexed) {
      if (outcome.problem) problems.push(outcome.problem);
      if (outcome.entry) entries.push(outcome.entry);
    }
    // Every worker sees every class before any target is analysed, as on one thread.
    await pool.broadcast(entries);
    const indexedUris = new Set(entries.map((e) => e.uri));
    const tasks: LintTask[] = [];
    for (const target of collected.targets) {
      const fromIndex = isIndexed(target.absolute);
      // An .iig or property-list target that could not be read was reported while indexing and is not linted (as on one thread).
      if (!fromIndex || indexedUris.has(pathToFileURL(target.absolute).toString())) tasks.push({ target, fromIndex });
    }
    const linted = await pool.run<LintTask, LintOutcome>('lint', tasks, LINT_BATCH);
    const results: FileResult[] = [];
    const ruleErrors: string[] = [];
    const reportedRules = new Set<string>();
    for (const outcome of linted) {
      if (outcome.result) results.push(outcome.result);
      problems.push(...outcome.problems);
      for (const line of outcome.ruleErrors) {
        // Each thread reports a failing rule once; the first file it failed on, in target order, is the one kept.
        const rule = line.slice(0, line.indexOf(')') + 1);
        if (reportedRules.has(rule)) continue;
        reportedRules.add(rule);
        ruleErrors.push(line);
      }
    }
    return { results, problems, ruleErrors };
  } finally {
    await pool.close();
  }
}

export function isLintWorker(data: unknown): data is WorkerSetup {
  return typeof data === 'object' && data !== null && (data as { role?: unknown }).role === WORKER_ROLE;
}

/** The worker side: indexes and lints the files the pool hands it. */
export function serveLintWorker(setup: WorkerSetup, port: Parameters<typeof serveWorkerRequests>[0]): void {
  serveWorkerRequests(port, lintHandlers(setup));
}

/** What a lint thread does with the pool's tasks (on a worker, or on the calling thread). */
function lintHandlers(setup: WorkerSetup): WorkerHandlers {
  let ruleErrors: string[] = [];
  // An .iig this thread indexed is linted from its model when the pool hands this thread its lint task too.
  const kept = new IndexedModels();
  const linter = loadParser(setup.parser).then(({ backend }) => new Linter({ parser: backend, onRuleError: (message) => ruleErrors.push(message) }));
  return {
    ready: linter,
    onBroadcast: async (entries) => (await linter).index.restore(entries as IndexEntry[]),
    batches: {
      index: async (task): Promise<IndexOutcome> => {
        const item = task as InterfaceFile;
        const { text, problem } = readForLint(item, setup.maxFileSizeBytes);
        if (text === undefined) return { problem };
        const ready = await linter;
        indexInterface(ready, item, text, kept);
        return { entry: ready.index.entryOf(pathToFileURL(item.file).toString()), problem };
      },
      lint: async (task): Promise<LintOutcome> => {
        const { target, fromIndex } = task as LintTask;
        const ready = await linter;
        ruleErrors = [];
        const problems: CliProblem[] = [];
        let text: string | undefined;
        if (fromIndex) text = ready.index.textOf(pathToFileURL(target.absolute).toString());
        else {
          const read = readForLint({ file: target.absolute, display: target.display, quiet: false }, setup.maxFileSizeBytes);
          if (read.problem) problems.push(read.problem);
          text = read.text;
        }
        if (text === undefined) return { problems, ruleErrors: [] };
        const { result, problem } = lintTarget(ready, target, text, kept, setup.severities);
        if (problem) problems.push(problem);
        return { result, problems, ruleErrors };
      },
    },
  };
}
