// Entry point of the language server: `node dist/server.js --stdio` (or the IPC transport VS Code chooses).
import { createServerConnection } from './lsp/create-connection';
import { DriverKitLanguageServer } from './lsp/language-server';
import { serveIfScanWorker } from './lsp/scan-workers';

// Started by the background scan's pool (lsp/scan-workers.ts), the bundle analyses files instead of serving LSP.
if (!serveIfScanWorker()) {
  const connection = createServerConnection(process.argv.slice(2));
  // A bug must cost one request, never the editor's whole language server.
  process.on('uncaughtException', (error) => connection.console.error(`Uncaught: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${String(reason)}`));
  new DriverKitLanguageServer(connection).listen();
}
