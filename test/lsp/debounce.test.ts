// The typing debounce over stdio: edits wait for `driverkit.debounceMs`, while a document just opened (and, in
// onSave mode, a save) is analysed at once. The debounce here is its longest (10 s), and each check is made after
// three status round trips, long before it ends: an analysis seen by then came without it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analysesSoFar, LspTestClient, onlyRules } from '../helpers/lsp-client';

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code?: string | number }[];
}

const LONGEST_DEBOUNCE_MS = 10_000;
/** `free()` called directly (DK202), the one rule left on. */
const FREE = 'void Demo::Teardown()\n{\n    ivars->queue->free();\n}\n';
const ONLY_DK202 = onlyRules(['DK202']);

function publishedFor(client: LspTestClient, uri: string, version: number): Published | undefined {
  return client.received<Published>('textDocument/publishDiagnostics').find((p) => p.uri === uri && p.version === version);
}

describe('analysis debounce over stdio', () => {
  let client: LspTestClient;

  before(async () => {
    client = new LspTestClient();
    await client.initialize({ initializationOptions: { settings: { debounceMs: LONGEST_DEBOUNCE_MS, rules: ONLY_DK202 } } });
  });
  after(async () => {
    await client.shutdown();
  });

  it('analyses a document as soon as it is opened, and its edits only after the debounce', async () => {
    const uri = 'file:///debounce/Opened.cpp';
    const beforeOpen = await analysesSoFar(client);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text: FREE } });
    assert.equal(await analysesSoFar(client), beforeOpen + 1, 'opening analyses at once');
    assert.deepEqual(publishedFor(client, uri, 1)?.diagnostics.map((d) => d.code), ['DK202']);
    const before = await analysesSoFar(client);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${FREE}\n` }] });
    assert.equal(await analysesSoFar(client), before, 'the edit waits for the debounce');
    assert.equal(publishedFor(client, uri, 2), undefined);
  });

  it('does not postpone the analysis of an opened document when settings arrive right after it', async () => {
    const uri = 'file:///debounce/Configured.cpp';
    const before = await analysesSoFar(client);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text: FREE } });
    client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: LONGEST_DEBOUNCE_MS, rules: ONLY_DK202 } } });
    assert.equal(await analysesSoFar(client), before + 1, 'the opened document was analysed once, at once');
    assert.deepEqual(publishedFor(client, uri, 1)?.diagnostics.map((d) => d.code), ['DK202']);
  });

  it('in onSave mode, analyses a save at once', async () => {
    client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: LONGEST_DEBOUNCE_MS, run: 'onSave', rules: ONLY_DK202 } } });
    const uri = 'file:///debounce/Saved.cpp';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text: '' } });
    const opened = await analysesSoFar(client);
    assert.deepEqual(publishedFor(client, uri, 1)?.diagnostics, [], 'opening analyses at once');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: FREE }] });
    assert.equal(await analysesSoFar(client), opened, 'an edit is not analysed in onSave mode');
    client.notify('textDocument/didSave', { textDocument: { uri } });
    assert.equal(await analysesSoFar(client), opened + 1, 'saving analyses at once');
    assert.deepEqual(publishedFor(client, uri, 2)?.diagnostics.map((d) => d.code), ['DK202']);
  });
});
