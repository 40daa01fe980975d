// The extension's commands: restart the server, re-lint the workspace, and the generators that ask for a name.
import { commands, Position, window, ProgressLocation, type Disposable, type LogOutputChannel } from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { validateIdentifier } from './identifier';

/** Server-side commands (the server's executeCommandProvider); the client's own ids differ so they never collide. */
const GENERATE_COMMAND = 'driverkit.generate';
const RELINT_WORKSPACE_COMMAND = 'driverkit.server.relintWorkspace';

interface Generator {
  readonly command: string;
  readonly kind: 'timer' | 'interrupt' | 'userMapHBAData' | 'userClient';
  readonly prompt: string;
  readonly suggestion: (className: string) => string;
}

const GENERATORS: readonly Generator[] = [
  { command: 'driverkit.addTimer', kind: 'timer', prompt: 'Name of the timer (the handler becomes <Name>TimerOccurred)', suggestion: () => 'Poll' },
  { command: 'driverkit.addInterruptHandler', kind: 'interrupt', prompt: 'Name of the interrupt (the handler becomes <Name>InterruptOccurred)', suggestion: () => 'Device' },
  { command: 'driverkit.addUserMapHBAData', kind: 'userMapHBAData', prompt: 'Name of the per-task data table in ivars', suggestion: () => 'TaskData' },
  { command: 'driverkit.addUserClient', kind: 'userClient', prompt: 'Name of the new IOUserClient subclass', suggestion: (className) => `${className}UserClient` },
];

/** What a generator command is invoked with: the code action's argument, or nothing from the command palette. */
interface Target {
  readonly uri: string;
  readonly className: string;
}

export function registerCommands(client: () => LanguageClient | undefined, output: LogOutputChannel): Disposable[] {
  const running = (): LanguageClient | undefined => {
    const current = client();
    if (!current?.isRunning()) void window.showWarningMessage('The DriverKit language server is not running.');
    return current?.isRunning() ? current : undefined;
  };
  return [
    commands.registerCommand('driverkit.restartServer', async () => {
      output.info('Restarting the DriverKit language server.');
      await client()?.restart();
    }),
    commands.registerCommand('driverkit.relintWorkspace', async () => {
      const current = running();
      if (!current) return;
      const result = await window.withProgress({ location: ProgressLocation.Window, title: 'DriverKit: re-linting the workspace' }, () =>
        current.sendRequest(ExecuteCommandRequest.type, { command: RELINT_WORKSPACE_COMMAND, arguments: [] }),
      );
      output.info(`Re-linted the workspace: ${(result as { filesIndexed?: number } | undefined)?.filesIndexed ?? 0} files known.`);
    }),
    ...GENERATORS.map((generator) => commands.registerCommand(generator.command, (target?: Target) => generate(generator, target, running))),
  ];
}

async function generate(generator: Generator, given: Target | undefined, running: () => LanguageClient | undefined): Promise<void> {
  const target = given ?? (await targetFromEditor());
  if (!target) return;
  const name = await window.showInputBox({ title: `DriverKit: ${target.className}`, prompt: generator.prompt, value: generator.suggestion(target.className), validateInput: validateIdentifier });
  if (name === undefined) return;
  const current = running();
  if (!current) return;
  const result = (await current.sendRequest(ExecuteCommandRequest.type, { command: GENERATE_COMMAND, arguments: [{ kind: generator.kind, uri: target.uri, className: target.className, name: name.trim() }] })) as
    | { applied?: boolean; message?: string }
    | undefined;
  if (!result?.applied) void window.showErrorMessage(`DriverKit: ${result?.message ?? 'nothing was generated.'}`);
}

/** From the command palette: the class named under the cursor, or one the user types. */
async function targetFromEditor(): Promise<Target | undefined> {
  const editor = window.activeTextEditor;
  if (!editor) {
    void window.showWarningMessage('Open the class\'s .iig or .cpp first.');
    return undefined;
  }
  const range = editor.document.getWordRangeAtPosition(editor.selection.active ?? new Position(0, 0), /[A-Za-z_][A-Za-z0-9_]*/);
  const word = range ? editor.document.getText(range) : '';
  const className = await window.showInputBox({ prompt: 'Class to add the code to', value: word, validateInput: validateIdentifier });
  return className === undefined ? undefined : { uri: editor.document.uri.toString(), className: className.trim() };
}
