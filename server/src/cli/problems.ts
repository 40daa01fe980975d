// What went wrong with a path on the command line: errors make the exit status 2, notices (a skipped file) do not.

export interface CliProblem {
  readonly level: 'error' | 'notice';
  /** One line, naming the path as the user gave it. */
  readonly message: string;
  /** The absolute path the problem is about, for SARIF notifications. */
  readonly path?: string;
}

export const cliError = (message: string, path?: string): CliProblem => ({ level: 'error', message, path });
export const cliNotice = (message: string, path?: string): CliProblem => ({ level: 'notice', message, path });
