// Opens a rule's page, bundled with the extension under docs/rules/, in VS Code's Markdown preview (no network).
import * as path from 'node:path';
import { commands, Uri, window, type ExtensionContext } from 'vscode';

/** The command the server's "Show documentation for …" code actions run, with the rule code as its argument. */
export const SHOW_DOCUMENTATION_COMMAND = 'driverkit.showDocumentation';

export async function showDocumentation(context: ExtensionContext, code: unknown): Promise<void> {
  // Only a rule code is accepted, so that the argument can never steer the command to another file.
  if (typeof code !== 'string' || !/^[A-Z]{2}[0-9]{3}$/.test(code)) {
    void window.showWarningMessage('DriverKit: Show documentation needs a rule code such as the one in a diagnostic.');
    return;
  }
  const page = Uri.file(context.asAbsolutePath(path.join('docs', 'rules', `${code}.md`)));
  await commands.executeCommand('markdown.showPreview', page);
}
