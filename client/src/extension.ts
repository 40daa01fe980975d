// VS Code entry point: starts the bundled DriverKit language server and connects it to .iig/.cpp/.h documents.
import * as path from 'node:path';
import { commands, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { showDocumentation, SHOW_DOCUMENTATION_COMMAND } from './show-documentation';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'iig' },
      { scheme: 'file', language: 'cpp' },
      { scheme: 'file', language: 'c' },
    ],
    // .iig files feed the class index; .driverkit-lint.json holds the project's settings.
    synchronize: { fileEvents: [workspace.createFileSystemWatcher('**/*.iig'), workspace.createFileSystemWatcher('**/.driverkit-lint.json')] },
  };
  context.subscriptions.push(commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, (code: unknown) => showDocumentation(context, code)));
  client = new LanguageClient('driverkit', 'DriverKit', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
