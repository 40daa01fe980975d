// VS Code entry point: starts the bundled DriverKit language server and connects it to .iig/.cpp/.h documents.
import * as path from 'node:path';
import { commands, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerCommands } from './commands';
import { createDriverKitOutputChannel } from './output-channel';
import { serverEnvironment } from './server-environment';
import { DriverKitStatusItem } from './status-item';
import { showDocumentation, SHOW_DOCUMENTATION_COMMAND } from './show-documentation';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const output = createDriverKitOutputChannel();
  context.subscriptions.push(output, ...registerCommands(() => client, output));
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps its V8 code cache in the extension's own storage.
  const env = serverEnvironment(path.join(context.globalStorageUri.fsPath, 'code-cache'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const documentSelector = [
    { scheme: 'file', language: 'iig' },
    { scheme: 'file', language: 'cpp' },
    { scheme: 'file', language: 'c' },
    // VS Code has no language id for property lists by default, so Info.plist and .entitlements go by name.
    { scheme: 'file', pattern: '**/*.{plist,entitlements}' },
  ];
  const statusItem = new DriverKitStatusItem(documentSelector);
  context.subscriptions.push(statusItem);
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    middleware: statusItem.middleware,
    // Every kind the server analyses from disk, so that unopened files' diagnostics follow saves made elsewhere, and
    // .driverkit-lint.json, which holds the project's settings.
    synchronize: {
      fileEvents: [
        workspace.createFileSystemWatcher('**/*.{iig,cpp,cc,cxx,c,h,hpp,hh,hxx,plist,entitlements}'),
        workspace.createFileSystemWatcher('**/.driverkit-lint.json'),
      ],
    },
    outputChannel: output,
    traceOutputChannel: output,
  };
  context.subscriptions.push(commands.registerCommand(SHOW_DOCUMENTATION_COMMAND, (code: unknown) => showDocumentation(context, code)));
  client = new LanguageClient('driverkit', 'DriverKit', serverOptions, clientOptions);
  await client.start();
  statusItem.connect(client);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
