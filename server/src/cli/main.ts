// driverkit-lint: the command-line linter for CI, running the same engine and rules as the editor.
import * as path from 'node:path';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { setJitFlags } from '../boot/jit-flags';
import { Linter } from '../engine/linter';
import { loadParser } from '../parser/load-parser';
import { ALL_RULES } from '../rules';
import { parseArguments, USAGE, type CliOptions } from './arguments';
import { collectFiles } from './collect-files';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { lintFiles, type FileResult } from './lint-files';
import { isLintWorker, lintFilesInParallel, serveLintWorker } from './parallel-lint';
import { cliError, type CliProblem } from './problems';
import { availableCores, threadsFor } from './thread-count';
import { filterTargets, resolveCliSettings, type CliSettings } from './project-settings';

export const CLI_VERSION = '0.1.0';

export interface CliIo {
  readonly cwd: string;
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArguments(argv);
  if ('error' in parsed) {
    io.err(`driverkit-lint: ${parsed.error}\n${USAGE}\n`);
    return 2;
  }
  const options: CliOptions = parsed;
  if (options.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (options.version) {
    io.out(`${CLI_VERSION}\n`);
    return 0;
  }
  const resolved = resolveCliSettings(options, io.cwd, ALL_RULES.map((rule) => rule.meta));
  if ('errors' in resolved) {
    for (const error of resolved.errors) io.err(`driverkit-lint: ${error}\n`);
    return 2;
  }
  const { results, problems, rules } = await lint(options, io, resolved);
  for (const problem of problems) io.err(`driverkit-lint: ${problem.message}\n`);
  // The report is written whatever failed, so that CI always gets a well-formed document.
  if (options.format === 'json') io.out(formatJson(results));
  else if (options.format === 'sarif') io.out(formatSarif(results, { rules, base: path.resolve(io.cwd, options.base ?? '.'), version: CLI_VERSION, problems }));
  else io.out(formatText(results));
  if (problems.some((p) => p.level === 'error')) return 2;
  if (options.exitZero) return 0;
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

/** Everything that can fail after the command line was understood becomes a problem line, never a missing report. */
async function lint(options: CliOptions, io: CliIo, cli: CliSettings): Promise<{ results: FileResult[]; problems: CliProblem[]; rules: Linter['rules'] }> {
  const problems: CliProblem[] = [];
  try {
    const collected = filterTargets(collectFiles(options.paths, io.cwd), cli);
    const jobs = threadsFor(collected.targets, options.jobs, availableCores());
    if (jobs > 1) {
      const linted = await lintFilesInParallel(collected, { jobs, parser: options.parser, maxFileSizeBytes: cli.settings.maxFileSizeBytes, severities: cli.settings.rules, cwd: io.cwd, script: __filename });
      const notices = linted.ruleErrors.map((message): CliProblem => ({ level: 'notice', message }));
      return { results: linted.results, problems: [...collected.problems, ...linted.problems, ...notices], rules: ALL_RULES };
    }
    const { backend } = await loadParser(options.parser);
    const linter = new Linter({ parser: backend, onRuleError: (message) => problems.push({ level: 'notice', message }) });
    const linted = lintFiles(collected, { linter, maxFileSizeBytes: cli.settings.maxFileSizeBytes, cwd: io.cwd, severities: cli.settings.rules });
    return { results: linted.results, problems: [...collected.problems, ...linted.problems, ...problems], rules: linter.rules };
  } catch (error) {
    problems.push(cliError(`${error instanceof Error ? error.message : String(error)}`));
    return { results: [], problems, rules: ALL_RULES };
  }
}

if (!isMainThread && isLintWorker(workerData) && parentPort) {
  serveLintWorker(workerData, parentPort);
} else if (require.main === module) {
  // Process-wide, so the lint workers started later run with them too.
  setJitFlags();
  runCli(process.argv.slice(2), { cwd: process.cwd(), out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`driverkit-lint: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
