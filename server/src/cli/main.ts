// driverkit-lint: the command-line linter for CI, running the same engine and rules as the editor.
import { Linter } from '../engine/linter';
import { loadParser } from '../parser/load-parser';
import { parseArguments, USAGE, type CliOptions } from './arguments';
import { collectFiles } from './collect-files';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { lintFiles } from './lint-files';

export const CLI_VERSION = '0.1.0';

export async function runCli(argv: readonly string[], io: { cwd: string; out: (s: string) => void; err: (s: string) => void }): Promise<number> {
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
  const { backend } = await loadParser(options.parser);
  const linter = new Linter({ parser: backend, onRuleError: (message) => io.err(`driverkit-lint: ${message}\n`) });
  const collected = collectFiles(options.paths, io.cwd);
  const { results, errors } = lintFiles(linter, collected);
  const problems = [...collected.errors, ...errors];
  for (const problem of problems) io.err(`driverkit-lint: ${problem}\n`);
  const rules = linter.rules;
  if (options.format === 'json') io.out(formatJson(results));
  else if (options.format === 'sarif') io.out(formatSarif(results, { rules, cwd: io.cwd, version: CLI_VERSION }));
  else io.out(formatText(results));
  if (collected.errors.length > 0 || errors.some((e) => e.startsWith('cannot read'))) return 2;
  if (options.exitZero) return 0;
  return results.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
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
