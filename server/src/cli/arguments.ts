// Parses the driverkit-lint command line into options, or a usage error.
import type { ParserBackendName } from '../parser/syntax-node';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CliOptions {
  readonly format: OutputFormat;
  readonly paths: readonly string[];
  readonly parser?: ParserBackendName;
  readonly help: boolean;
  readonly version: boolean;
  /** Report findings but exit 0 unless a path or the command line was wrong (for report-only CI steps). */
  readonly exitZero: boolean;
}

export const USAGE = `Usage: driverkit-lint [--format text|json|sarif] [--parser native|wasm] [--exit-zero] <files or folders...>

Lints DriverKit sources (.iig, .cpp, .h) with the same rules as the editor extension.
Exit status: 0 clean, 1 when any error-severity finding (0 with --exit-zero), 2 on a usage error or an unreadable path.`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export function parseArguments(argv: readonly string[]): CliOptions | { error: string } {
  let format: OutputFormat = 'text';
  let parser: ParserBackendName | undefined;
  const paths: string[] = [];
  let help = false;
  let version = false;
  let exitZero = false;
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
  return { format, paths, parser, help, version, exitZero };
}
