// The generators over stdio: refactor code actions at a class name, and driverkit.generate sending one workspace
// edit for the .iig (open) and the .cpp (on disk only), whose result is exact and lints clean.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PUMP_CPP, PUMP_IIG } from '../generate/generator-fixtures';
import { LspTestClient } from '../helpers/lsp-client';

const EXPECTED = path.join(__dirname, '..', 'generate', 'expected');
const expected = (name: string): string => fs.readFileSync(path.join(EXPECTED, name), 'utf8');

describe('generators over stdio', () => {
  let client: LspTestClient;
  let folder: string;
  let iigUri: string;
  let cppUri: string;

  before(async () => {
    folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-generate-')));
    fs.writeFileSync(path.join(folder, 'PumpDriver.iig'), PUMP_IIG);
    fs.mkdirSync(path.join(folder, 'src'));
    fs.writeFileSync(path.join(folder, 'src', 'PumpDriver.cpp'), PUMP_CPP);
    iigUri = pathToFileURL(path.join(folder, 'PumpDriver.iig')).toString();
    cppUri = pathToFileURL(path.join(folder, 'src', 'PumpDriver.cpp')).toString();
    client = new LspTestClient();
    const init = await client.initialize({ rootUri: pathToFileURL(folder).toString(), initializationOptions: { settings: { debounceMs: 0 } }, documentChanges: true });
    assert.deepEqual(init.capabilities.executeCommandProvider, { commands: ['driverkit.generate', 'driverkit.server.relintWorkspace'] });
    // The scan finds the unopened .cpp, which is how the command knows where PumpDriver is implemented.
    await client.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === cppUri);
    client.notify('textDocument/didOpen', { textDocument: { uri: iigUri, languageId: 'iig', version: 3, text: PUMP_IIG } });
    await client.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === iigUri && p.version === 3);
  });

  after(async () => {
    assert.equal(client.exited, undefined, `the server exited; stderr: ${client.stderr}`);
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const actionsAt = (line: number, character: number, only?: string[]): Promise<any[]> =>
    client.request('textDocument/codeAction', { textDocument: { uri: iigUri }, range: { start: { line, character }, end: { line, character } }, context: { diagnostics: [], ...(only ? { only } : {}) } });

  it('offers the generators as refactor actions on the class name, each running a client command', async () => {
    const actions = await actionsAt(2, 10);
    assert.deepEqual(actions, [
      { title: 'Add timer…', kind: 'refactor', command: { title: 'Add timer…', command: 'driverkit.addTimer', arguments: [{ uri: iigUri, className: 'PumpDriver' }] } },
      { title: 'Add interrupt handler…', kind: 'refactor', command: { title: 'Add interrupt handler…', command: 'driverkit.addInterruptHandler', arguments: [{ uri: iigUri, className: 'PumpDriver' }] } },
      { title: 'Add user client…', kind: 'refactor', command: { title: 'Add user client…', command: 'driverkit.addUserClient', arguments: [{ uri: iigUri, className: 'PumpDriver' }] } },
    ]);
    assert.deepEqual(await actionsAt(2, 22), [], 'IOService is no class of the workspace');
    assert.deepEqual(await actionsAt(2, 10, ['quickfix']), [], 'a client asking only for quick fixes gets none of these');
    assert.equal((await actionsAt(2, 10, ['refactor'])).length, 3);
  });

  it('driverkit.generate applies one edit to the open .iig and the unopened .cpp, with the exact expected text', async () => {
    const result = await client.request('workspace/executeCommand', { command: 'driverkit.generate', arguments: [{ kind: 'timer', uri: iigUri, className: 'PumpDriver', name: 'Poll' }] });
    assert.deepEqual(result, { applied: true, message: "Add timer 'PollTimerOccurred' to PumpDriver" });
    const request = await client.waitFor('workspace/applyEdit');
    assert.equal(request.label, "Add timer 'PollTimerOccurred' to PumpDriver");
    const changes: any[] = request.edit.documentChanges;
    assert.deepEqual(changes.map((c) => [c.textDocument.uri, c.textDocument.version]), [[iigUri, 3], [cppUri, null]]);
    const apply = (uri: string, text: string, edits: any[]): string => TextDocument.applyEdits(TextDocument.create(uri, 'cpp', 1, text), edits);
    assert.equal(apply(iigUri, PUMP_IIG, changes[0].edits), expected('timer.PumpDriver.iig.txt'));
    const cpp = apply(cppUri, PUMP_CPP, changes[1].edits);
    assert.equal(cpp, expected('timer.PumpDriver.cpp.txt'));
    // Saved to disk, the generated code has no findings: the workspace scan publishes none for the .cpp.
    fs.writeFileSync(path.join(folder, 'src', 'PumpDriver.cpp'), cpp);
    client.notify('textDocument/didChange', { textDocument: { uri: iigUri, version: 4 }, contentChanges: [{ text: expected('timer.PumpDriver.iig.txt') }] });
    const published = await client.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === cppUri && p.version === undefined && p.diagnostics.length === 0);
    assert.deepEqual(published.diagnostics, []);
  });

  it('creates the user client class as new files in the same edit', async () => {
    const result = await client.request('workspace/executeCommand', { command: 'driverkit.generate', arguments: [{ kind: 'userClient', uri: iigUri, className: 'PumpDriver', name: 'PumpUserClient' }] });
    assert.deepEqual(result, { applied: true, message: "Add user client 'PumpUserClient' to PumpDriver" });
    const changes: any[] = (await client.waitFor('workspace/applyEdit')).edit.documentChanges;
    const newIig = pathToFileURL(path.join(folder, 'PumpUserClient.iig')).toString();
    const newCpp = pathToFileURL(path.join(folder, 'src', 'PumpUserClient.cpp')).toString();
    assert.deepEqual(changes.slice(0, 4).map((c) => c.kind ?? c.textDocument.uri), ['create', newIig, 'create', newCpp]);
    assert.deepEqual(changes[0], { kind: 'create', uri: newIig, options: { overwrite: false, ignoreIfExists: false } });
    assert.equal(changes[1].edits[0].newText, expected('user-client.PumpUserClient.iig.txt'));
    assert.equal(changes[3].edits[0].newText, expected('user-client.PumpUserClient.cpp.txt'));
  });

  it('answers with the reason when it cannot generate', async () => {
    const run = (args: unknown): Promise<unknown> => client.request('workspace/executeCommand', { command: 'driverkit.generate', arguments: [args] });
    assert.deepEqual(await run({ kind: 'timer', uri: iigUri, className: 'PumpDriver', name: '2fast' }), { applied: false, message: "'2fast' is not a C identifier." });
    assert.deepEqual(await run({ kind: 'timer', uri: iigUri, className: 'Nowhere', name: 'Poll' }), { applied: false, message: "No .iig in the workspace declares 'Nowhere'." });
    assert.deepEqual(await run({ kind: 'timer', uri: iigUri, className: 'PumpDriver', name: 'Poll' }), { applied: false, message: "PumpDriver already declares 'PollTimerOccurred'." });
    assert.deepEqual(await run({ kind: 'kettle' }), { applied: false, message: 'driverkit.generate takes { kind: timer | interrupt | userMapHBAData | userClient, uri, className, name }.' });
    assert.equal(client.received('workspace/applyEdit').length, 0, 'no edit was sent for any of them');
  });
});
