// Creates the server's LSP connection for the transport named on the command line, hardening the stdio one.
import { format } from 'node:util';
import { createConnection, ProposedFeatures, type Connection } from 'vscode-languageserver/node';
import { FrameSanitizer } from './frame-sanitizer';

/** Malformed-input notices logged before the rest are dropped silently, so a client spewing garbage cannot flood the log. */
const MAX_DROP_NOTICES = 20;

/**
 * `--stdio` reads through a FrameSanitizer (see there why); `--node-ipc` (what VS Code uses), `--socket` and `--pipe`
 * carry whole messages and use vscode-languageserver's own transports.
 */
export function createServerConnection(argv: readonly string[]): Connection {
  if (!argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  let notices = 0;
  let log = (line: string): void => void process.stderr.write(`${line}\n`);
  const sanitizer = new FrameSanitizer((reason, droppedBytes) => {
    notices++;
    if (notices <= MAX_DROP_NOTICES) log(`Ignored ${droppedBytes} bytes of malformed LSP input: ${reason}.`);
    if (notices === MAX_DROP_NOTICES) log('Further malformed input is ignored without notice.');
  });
  process.stdin.pipe(sanitizer);
  // Given streams, vscode-languageserver still exits when the input ends, as it does for plain stdio.
  const connection = createConnection(ProposedFeatures.all, sanitizer, process.stdout);
  log = (line) => connection.console.warn(line);
  routeConsoleToClient(connection);
  return connection;
}

/** stdout carries the protocol: anything a dependency prints with console.log must go to the client's log instead. */
function routeConsoleToClient(connection: Connection): void {
  console.log = (...args: unknown[]) => connection.console.log(format(...args));
  console.info = (...args: unknown[]) => connection.console.info(format(...args));
  console.debug = (...args: unknown[]) => connection.console.log(format(...args));
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
}
