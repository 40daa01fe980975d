// Parses the driverkit-lint command line into options, or a usage error.
import { isSeverityValue, SEVERITY_VALUES } from '../config/settings-layers';
import type { SeverityOverrides } from '../engine/analyze-file';
import type { ParserBackendName } from '../parser/syntax-node';
import { DEFAULT_MAX_FILE_BYTES } from '../workspace/read-source-file';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CliOptions {
  readonly format: OutputFormat;
  readonly paths: readonly string[];
  readonly parser?: ParserBackendName;
  readonly help: boolean;
  readonly version: boolean;
  /** Report findings but exit 0 unless a path or the command line was wrong (for report-only CI steps). */
  readonly exitZero: boolean;
  /** Files larger than this many bytes are skipped with a notice; undefined: the project file's value or the default. */
  readonly maxFileSizeBytes?: number;
  /** `--config <file>`: the project file to use instead of `.driverkit-lint.json` in the working directory. */
  readonly config?: string;
  /** `--rule CODE=severity`, in order (rule names are checked against the registry later). */
  readonly rules: SeverityOverrides;
  /** The folder SARIF artifact paths are relative to (SRCROOT); the working directory when omitted. */
  readonly base?: string;
  /** Worker threads to lint on; undefined means one per available core. */
  readonly jobs?: number;
}

/** The most worker threads --jobs accepts: far beyond any machine's useful parallelism, but bounded. */
export const MAX_JOBS = 256;

export const USAGE = `Usage: driverkit-lint [options] <files or folders...>

Lints DriverKit sources (.iig, .cpp, .h) with the same rules as the editor extension.

Options:
  --format, -f text|json|sarif  Output format (default text).
  --parser native|wasm          Force a tree-sitter backend (default: native, wasm as fallback).
  --exit-zero                   Exit 0 even when there are error-severity findings.
  --max-file-size <bytes>       Skip larger files with a notice (default ${DEFAULT_MAX_FILE_BYTES}; suffixes k, m, g).
  --base <dir>                  Folder SARIF paths are relative to (SRCROOT; default the working directory).
  --config <file>               Project file to use (default: .driverkit-lint.json in the working directory, if any).
  --rule <rule>=<severity>      Severity for one rule, by code or name: off|hint|information|warning|error
                                (repeatable; wins over the project file).
  --jobs, -j <n>                Lint on n threads (default: one per core and per MiB of sources; 1 lints in this thread).
  --help, -h / --version, -v

Exit status: 0 clean, 1 when any error-severity finding (0 with --exit-zero), 2 on a usage error or an unreadable
path (the other paths are still linted and the output stays well-formed).`;

const SIZE_SUFFIXES: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `4194304`, `4096k`, `4m`: a positive whole number of bytes. */
function parseSize(text: string | undefined): number | undefined {
  const match = /^(\d+)([kmg]?)b?$/i.exec(text ?? '');
  if (!match) return undefined;
  const bytes = Number(match[1]) * SIZE_SUFFIXES[match[2].toLowerCase()];
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export function parseArguments(argv: readonly string[]): CliOptions | { error: string } {
  let format: OutputFormat = 'text';
  let parser: ParserBackendName | undefined;
  const paths: string[] = [];
  let help = false;
  let version = false;
  let exitZero = false;
  let maxFileSizeBytes: number | undefined;
  let base: string | undefined;
  let config: string | undefined;
  const rules: Record<string, SeverityOverrides[string]> = {};
  let jobs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') help = true;
    else if (flag === '--version' || flag === '-v') version = true;
    else if (flag === '--exit-zero') exitZero = true;
    else if (flag === '--format' || flag === '-f') {
      const chosen = value();
      if (!FORMATS.includes(chosen as OutputFormat)) return { error: `--format must be one of ${FORMATS.join(', ')} (got '${chosen ?? ''}').` };
      format = chosen as OutputFormat;
    } else if (flag === '--parser') {
      const chosen = value();
      if (chosen !== 'native' && chosen !== 'wasm') return { error: `--parser must be native or wasm (got '${chosen ?? ''}').` };
      parser = chosen;
    } else if (flag === '--max-file-size') {
      const chosen = value();
      const bytes = parseSize(chosen);
      if (bytes === undefined) return { error: `--max-file-size must be a positive number of bytes, optionally with k, m or g (got '${chosen ?? ''}').` };
      maxFileSizeBytes = bytes;
    } else if (flag === '--jobs' || flag === '-j') {
      const chosen = value();
      if (!/^\d+$/.test(chosen ?? '') || Number(chosen) < 1 || Number(chosen) > MAX_JOBS) return { error: `--jobs must be a whole number from 1 to ${MAX_JOBS} (got '${chosen ?? ''}').` };
      jobs = Number(chosen);
    } else if (flag === '--base') {
      const chosen = value();
      if (!chosen) return { error: '--base needs a folder.' };
      base = chosen;
    } else if (flag === '--config') {
      const chosen = value();
      if (!chosen) return { error: '--config needs a file.' };
      config = chosen;
    } else if (flag === '--rule') {
      const chosen = value() ?? '';
      const [rule, severity] = [chosen.slice(0, chosen.lastIndexOf('=')), chosen.slice(chosen.lastIndexOf('=') + 1)];
      if (!chosen.includes('=') || !rule) return { error: `--rule takes <rule>=<severity>, e.g. --rule leaked-retained-object=error (got '${chosen}').` };
      if (!isSeverityValue(severity)) return { error: `--rule ${rule}: the severity must be one of ${SEVERITY_VALUES.join(', ')} (got '${severity}').` };
      rules[rule] = severity;
    } else if (flag === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    } else if (flag.startsWith('-') && flag !== '-') {
      return { error: `Unknown option '${flag}'.` };
    } else {
      paths.push(arg);
    }
  }
  if (!help && !version && paths.length === 0) return { error: 'No files or folders given.' };
  return { format, paths, parser, help, version, exitZero, maxFileSizeBytes, base, config, rules, jobs };
}
