// What the server announces in its `initialize` answer: sync, code actions, commands, hover and navigation.
import { CodeActionKind, TextDocumentSyncKind, type ServerCapabilities } from 'vscode-languageserver';
import { FIX_ALL_KIND } from './fix-all';
import { GENERATE_COMMAND } from './generate-actions';
import { NAVIGATION_CAPABILITIES } from './navigation';

export const RELINT_WORKSPACE_COMMAND = 'driverkit.server.relintWorkspace';

export const SERVER_CAPABILITIES: ServerCapabilities = {
  textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, FIX_ALL_KIND] },
  executeCommandProvider: { commands: [GENERATE_COMMAND, RELINT_WORKSPACE_COMMAND] },
  hoverProvider: true,
  ...NAVIGATION_CAPABILITIES,
};
