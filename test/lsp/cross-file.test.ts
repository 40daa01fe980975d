// Cross-file behaviour over stdio: .cpp rules read the class's .iig from disk or from the editor, and a quick fix
// may edit both files in one workspace edit.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient } from '../helpers/lsp-client';

const IIG_WITHOUT_HANDLER = 'class Pump : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n';
const CPP = 'kern_return_t IMPL(Pump, Start)\n{\n    return OSAction::Create(this, 0, 0, 0, &ivars->action);\n}\n';

describe('cross-file analysis over stdio', () => {
  let client: LspTestClient;
  let folder: string;
  let iigUri: string;
  let cppUri: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-xfile-'));
    fs.writeFileSync(path.join(folder, 'Pump.iig'), IIG_WITHOUT_HANDLER);
    iigUri = pathToFileURL(path.join(folder, 'Pump.iig')).toString();
    cppUri = pathToFileURL(path.join(folder, 'Pump.cpp')).toString();
    client = new LspTestClient();
    await client.initialize({ rootUri: pathToFileURL(folder).toString(), initializationOptions: { settings: { debounceMs: 0 } } });
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const codeActions = (): Promise<any[]> =>
    client.request('textDocument/codeAction', { textDocument: { uri: cppUri }, range: { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } }, context: { diagnostics: [] } });

  it('offers to declare a handler in the .iig on disk, editing both files', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri: cppUri, languageId: 'cpp', version: 1, text: CPP } });
    await client.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === cppUri && p.diagnostics.some((d: any) => d.code === 'DK103'));
    const actions = await codeActions();
    // Three fixes, then the actions every finding has: disable for the line, for the file, show documentation.
    assert.equal(actions.length, 6);
    const timer = actions[0];
    assert.equal(timer.title, "Declare a timer handler 'TimerOccurred' in Pump's .iig and use 'CreateActionTimerOccurred'");
    assert.deepEqual(Object.keys(timer.edit.changes).sort(), [cppUri, iigUri].sort());
    const iig = TextDocument.applyEdits(TextDocument.create(iigUri, 'iig', 1, IIG_WITHOUT_HANDLER), timer.edit.changes[iigUri]);
    assert.equal(
      iig,
      '#include <DriverKit/IOTimerDispatchSource.iig>\nclass Pump : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual void TimerOccurred(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n};\n',
    );
  });

  it('re-lints the open .cpp when the open .iig gains a handler, and the fix follows the edit', async () => {
    const withHandler = IIG_WITHOUT_HANDLER.replace('};', '    virtual void Pumped(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n};');
    client.notify('textDocument/didOpen', { textDocument: { uri: iigUri, languageId: 'iig', version: 1, text: withHandler } });
    await client.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === iigUri);
    await client.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === cppUri);
    const actions = await codeActions();
    assert.deepEqual(actions.map((a) => a.title), [
      "Use 'CreateActionPumped' (IOTimerDispatchSource::TimerOccurred)",
      'Disable DK103 for this line',
      'Disable DK103 for this file',
      'Show documentation for DK103',
    ]);
  });

  it('falls back to the disk copy when the .iig is closed', async () => {
    client.notify('textDocument/didClose', { textDocument: { uri: iigUri } });
    await client.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === iigUri && p.diagnostics.length === 0);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: iigUri, type: 2 }] });
    await client.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === cppUri);
    const actions = await codeActions();
    assert.equal(actions.length, 6, 'the on-disk .iig has no handler again');
  });
});
