// VS Code entry point: starts the bundled DriverKit language server and connects it to .iig/.cpp/.h documents.
import * as path from 'node:path';
import { workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { DriverKitStatusItem } from './status-item';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const documentSelector = [
    { scheme: 'file', language: 'iig' },
    { scheme: 'file', language: 'cpp' },
    { scheme: 'file', language: 'c' },
  ];
  const statusItem = new DriverKitStatusItem(documentSelector);
  context.subscriptions.push(statusItem);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    middleware: statusItem.middleware,
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*.iig') },
  };
  client = new LanguageClient('driverkit', 'DriverKit', serverOptions, clientOptions);
  await client.start();
  statusItem.connect(client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
