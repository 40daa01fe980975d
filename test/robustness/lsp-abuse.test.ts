// The language server survives anything a client can send: malformed frames, unknown methods, bad parameters,
// requests before initialize, edits to unopened documents or with skipped versions, stale code actions, bursts of
// edits and cancellations. It answers or ignores; it never exits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, ResponseErrorFromServer } from '../helpers/lsp-client';
import { DRIVER_CPP, onlyRules, poll, status, type Published } from './lsp-fixtures';

const SERVER_NOT_INITIALIZED = -32002;
const METHOD_NOT_FOUND = -32601;
const REQUEST_CANCELLED = -32800;

const codeActionParams = (uri: string, line = 2, diagnostics: unknown[] = []): object => ({
  textDocument: { uri },
  range: { start: { line, character: 8 }, end: { line, character: 8 } },
  context: { diagnostics },
});

/** Resolves with the error a request failed with, or with its result. */
const settle = (promise: Promise<unknown>): Promise<unknown> => promise.then((r) => r, (e: unknown) => e);

describe('LSP abuse over stdio', () => {
  let client: LspTestClient;
  let nextDoc = 0;
  const newUri = (name = 'Doc'): string => `file:///abuse/${name}${++nextDoc}.cpp`;

  before(async () => {
    client = new LspTestClient({ execArgv: ['--expose-gc'] });
    await client.initialize({ initializationOptions: { settings: { debounceMs: 40, rules: onlyRules(['DK202']) } }, documentChanges: true });
  });

  after(async () => {
    assert.equal(client.exited, undefined, `the server exited during the tests; stderr: ${client.stderr}`);
    await client.shutdown();
    assert.equal(client.exited, 0, 'shutdown then exit ends the server cleanly');
  });

  const open = async (uri: string, text: string, version = 1): Promise<Published> => {
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version, text } });
    return client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
  };

  it('drops each malformed frame alone and keeps reading the frames after it', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 424242, method: 'driverkit/serverStatus' });
    const malformed: [string, Buffer][] = [
      ['a body that is not JSON', Buffer.from(`Content-Length: 8\r\n\r\n{"jsonrp`)],
      ['a Content-Length one byte too long (it swallows the next header\'s first byte)', Buffer.from(`Content-Length: ${body.length + 1}\r\n\r\n${body}`)],
      ['a Content-Length a few bytes too long', Buffer.from(`Content-Length: ${body.length + 5}\r\n\r\n${body}`)],
      ['a Content-Length that is not a number', Buffer.from(`Content-Length: abc\r\n\r\n${body}`)],
      ['a negative Content-Length', Buffer.from(`Content-Length: -4\r\n\r\n${body}`)],
      ['no Content-Length header', Buffer.from(`Content-Type: application/json\r\n\r\n${body}`)],
      ['a header line without a colon', Buffer.from(`Content-Length 12\r\n\r\n${body}`)],
      ['a Content-Length shorter than the body', Buffer.from(`Content-Length: 10\r\n\r\n${body}`)],
      ['a Content-Length longer than the body', Buffer.from(`Content-Length: ${body.length + 500}\r\n\r\n${body}`)],
      ['an absurd Content-Length', Buffer.from(`Content-Length: 999999999999\r\n\r\n${body}`)],
      ['100 kB of random bytes', Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919 + 13) % 256))],
      ['JSON that is not a message', Buffer.concat(['[]', '42', '"x"', '{}', 'null'].map((json) => Buffer.from(`Content-Length: ${json.length}\r\n\r\n${json}`)))],
      ['a response to nothing', LspTestClient.frame({ id: 987654, result: { surprise: true } })],
      ['a method that is not a string', LspTestClient.frame({ id: 5, method: 12345 as unknown as string })],
    ];
    for (const [what, bytes] of malformed) {
      // The valid request travels in the same write, right behind the bad bytes.
      const { id, response } = client.expectResponse('driverkit/serverStatus', 5000);
      client.writeRaw(Buffer.concat([bytes, LspTestClient.frame({ id, method: 'driverkit/serverStatus', params: {} })]));
      const answered = await settle(response);
      assert.equal(typeof (answered as { analyses?: unknown }).analyses, 'number', `answered after ${what}: ${String(answered)}`);
    }
    const logs = client.received<{ message: string }>('window/logMessage').map((m) => m.message);
    assert.ok(logs.some((m) => /Ignored \d+ bytes of malformed LSP input/.test(m)), 'malformed input is logged');
    assert.equal(client.exited, undefined);
  });

  it('answers unknown requests with MethodNotFound and ignores unknown notifications', async () => {
    const error = await settle(client.request('driverkit/doesNotExist', {}));
    assert.ok(error instanceof ResponseErrorFromServer && error.code === METHOD_NOT_FOUND, String(error));
    client.notify('driverkit/doesNotExist', { x: 1 });
    client.notify('$/doesNotExist', {});
    client.notify('textDocument/didSave', { textDocument: { uri: 'file:///nowhere.cpp' } });
    assert.equal(typeof (await status(client)).analyses, 'number');
  });

  it('survives known methods with parameters of the wrong shape', async () => {
    for (const params of [null, {}, { textDocument: 5 }, { textDocument: { uri: 'file:///x.cpp' }, range: 'all', context: null }]) {
      const answer = await settle(client.request('textDocument/codeAction', params));
      assert.ok(answer === null || Array.isArray(answer) || answer instanceof ResponseErrorFromServer, `codeAction(${JSON.stringify(params)}) → ${String(answer)}`);
    }
    const junk = [
      ['textDocument/didOpen', {}],
      ['textDocument/didOpen', { textDocument: { uri: 42, text: 'x', version: 1 } }],
      ['textDocument/didOpen', { textDocument: { uri: 'file:///abuse/NotText.cpp', languageId: 'cpp', version: 1, text: { not: 'text' } } }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///abuse/NotText.cpp', version: 2 }, contentChanges: 'everything' }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///abuse/NotText.cpp', version: null }, contentChanges: [{ text: 'x' }] }],
      ['textDocument/didChange', { textDocument: { uri: 'file:///abuse/NotText.cpp', version: 3 }, contentChanges: [{}, { range: 'x', text: 4 }] }],
      ['textDocument/didClose', { textDocument: { uri: 'file:///abuse/NeverOpened.cpp' } }],
      ['textDocument/didClose', null],
      ['workspace/didChangeWatchedFiles', { changes: 'all of them' }],
      ['workspace/didChangeWatchedFiles', { changes: [{ uri: 5, type: 1 }, null, { uri: 'file:///etc/passwd.iig', type: 2 }, { uri: 'http://example.invalid/x.iig', type: 2 }] }],
      ['workspace/didChangeConfiguration', null],
      ['workspace/didChangeConfiguration', { settings: { driverkit: { rules: 'all', debounceMs: -1, maxFileSizeBytes: 'big' } } }],
    ] as const;
    for (const [method, params] of junk) client.notify(method, params);
    client.notify('textDocument/didClose', { textDocument: { uri: 'file:///abuse/NotText.cpp' } });
    await poll(async () => (client.received<{ message: string }>('window/logMessage').some((m) => m.message.includes("'driverkit.maxFileSizeBytes' must be")) ? true : undefined), 'the invalid-setting notice');
    // Restore the settings the other tests rely on, then prove a normal document still gets exact results.
    client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: 40, rules: onlyRules(['DK202']) } } });
    const published = await open(newUri(), DRIVER_CPP);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['DK202', 2, 4]]);
  });

  it('ignores didChange for unopened documents, and follows skipped or reused versions', async () => {
    const unopened = newUri('Unopened');
    client.notify('textDocument/didChange', { textDocument: { uri: unopened, version: 2 }, contentChanges: [{ text: DRIVER_CPP }] });
    const uri = newUri();
    await open(uri, DRIVER_CPP);
    // Versions 2..6 never arrive; the change's range also reaches past the end of the document.
    const change = { range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, text: `// rewritten\n${DRIVER_CPP}` };
    client.notify('textDocument/didChange', { textDocument: { uri, version: 7 }, contentChanges: [change] });
    const skipped = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 7);
    const expected = TextDocument.update(TextDocument.create(uri, 'cpp', 1, DRIVER_CPP), [change], 7);
    assert.equal(expected.getText(), `// rewritten\n${DRIVER_CPP}`);
    assert.deepEqual(skipped.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['DK202', 3, 4]]);
    // The same version number again with different text must not reuse the earlier results.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 7 }, contentChanges: [{ text: 'void Demo::Stop2()\n{\n}\n' }] });
    await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 7 && p.diagnostics.length === 0);
    // A version going backwards is followed too.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: `\n\n${DRIVER_CPP}` }] });
    const backwards = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 3);
    assert.deepEqual(backwards.diagnostics.map((d) => d.range.start.line), [4]);
    assert.equal(client.received<Published>('textDocument/publishDiagnostics').filter((p) => p.uri === unopened).length, 0, 'nothing published for a document never opened');
  });

  it('offers no fix for diagnostics the client holds from an older version, and versioned edits for current ones', async () => {
    const uri = newUri();
    const first = await open(uri, DRIVER_CPP);
    const stale = first.diagnostics[0];
    assert.equal(stale.code, 'DK202');
    // Two lines are inserted above; the code action arrives before the new diagnostics are published.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// a\n// b\n' }] });
    assert.deepEqual(await client.request('textDocument/codeAction', codeActionParams(uri, 2, [stale])), [], 'nothing for a diagnostic that is no longer where the client thinks');
    const moved = { ...stale, range: { start: { line: 4, character: 4 }, end: { line: 4, character: stale.range.end.character } } };
    const actions = await client.request<any[]>('textDocument/codeAction', codeActionParams(uri, 4, [moved]));
    assert.ok(actions.length > 0, 'the current diagnostic has its fix');
    // "Show documentation" runs a command and has no edit; "Disable …" edits add a directive instead of fixing.
    for (const action of actions.filter((a) => a.edit)) {
      assert.equal(action.edit.changes, undefined);
      assert.deepEqual(action.edit.documentChanges.map((c: any) => c.textDocument), [{ uri, version: 2 }], 'the edit names the version it was computed for');
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'cpp', 2, `// a\n// b\n${DRIVER_CPP}`), action.edit.documentChanges[0].edits);
      if (action.title.startsWith('Disable ')) assert.ok(fixed.includes('// driverkit-lint-disable'), `the directive is added: ${fixed}`);
      else assert.ok(!fixed.includes('->free()'), `the fix applies to the current text: ${fixed}`);
    }
    const onlyOtherKinds = await client.request('textDocument/codeAction', { ...codeActionParams(uri, 4, [moved]), context: { diagnostics: [moved], only: ['source.organizeImports'] } });
    assert.deepEqual(onlyOtherKinds, []);
  });

  it('coalesces a burst of 1,000 edits into a few analyses, with flat memory', async () => {
    const uri = newUri('Burst');
    await open(uri, DRIVER_CPP);
    let version = 1;
    const burst = async (): Promise<{ analyses: number; publishes: number }> => {
      const before = await status(client);
      const publishesBefore = client.received<Published>('textDocument/publishDiagnostics').filter((p) => p.uri === uri).length;
      const frames: Buffer[] = [];
      for (let i = 0; i < 1000; i++) {
        version++;
        // Alternately insert and remove a comment line above the call, so the text ends where it started.
        const change = i % 2 === 0 ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// x\n' } : { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' };
        frames.push(LspTestClient.frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [change] } }));
      }
      client.writeRaw(Buffer.concat(frames));
      const final = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
      assert.deepEqual(final.diagnostics.map((d) => [d.code, d.range.start.line]), [['DK202', 2]], 'the final text is what was analysed');
      const afterBurst = await status(client);
      const publishes = client.received<Published>('textDocument/publishDiagnostics').filter((p) => p.uri === uri).length - publishesBefore;
      return { analyses: afterBurst.analyses - before.analyses, publishes };
    };
    // Warm-up: RSS settles once the JIT and the allocator have seen the workload (the heap is flat from the start).
    // Native memory steps up by ≈ 15 MB between the 5th and the 15th burst (most likely tree-sitter's trees, freed only when
    // their wrappers are collected, so malloc's high-water mark rises until collections keep pace), then stays flat
    // through 40 bursts; measuring from the 5th caught the step on a slow machine.
    for (let i = 0; i < 15; i++) {
      const { publishes, analyses } = await burst();
      assert.ok(publishes <= 20 && analyses <= 20, `1,000 edits gave ${publishes} publishes and ${analyses} analyses`);
    }
    const warm = await status(client, true);
    for (let i = 0; i < 10; i++) {
      const { publishes, analyses } = await burst();
      assert.ok(publishes <= 20 && analyses <= 20, `1,000 edits gave ${publishes} publishes and ${analyses} analyses`);
    }
    const end = await status(client, true);
    const growth = (end.heapUsedBytes - warm.heapUsedBytes) / warm.heapUsedBytes;
    assert.ok(growth < 0.1, `heap grew ${(growth * 100).toFixed(1)}% over 10,000 edits (${warm.heapUsedBytes} → ${end.heapUsedBytes} bytes)`);
    assert.ok(end.rssBytes < warm.rssBytes * 1.1, `RSS grew from ${warm.rssBytes} to ${end.rssBytes} bytes`);
  });

  it('answers a cancelled request with RequestCancelled without running its analysis, and carries on', async () => {
    client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: 10_000, rules: onlyRules(['DK202']) } } });
    const uri = newUri('Long');
    // Large enough that analysing it is the long part of the request. Opening analyses it at once; the edit after
    // that is left unanalysed by the debounce until a request asks.
    const text = `${DRIVER_CPP.replace('Stop2', 'Stop0')}${Array.from({ length: 300 }, (_, i) => DRIVER_CPP.replace('Stop2', `Stop${i + 1}`)).join('')}`;
    const opened = client.waitFor<{ uri: string; version?: number }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text } });
    await opened;
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}\n` }] });
    const before = await status(client);
    const { id, response } = client.expectResponse('textDocument/codeAction');
    client.writeRaw(
      Buffer.concat([
        LspTestClient.frame({ id, method: 'textDocument/codeAction', params: codeActionParams(uri) }),
        LspTestClient.frame({ method: '$/cancelRequest', params: { id } }),
      ]),
    );
    const cancelled = await settle(response);
    assert.ok(cancelled instanceof ResponseErrorFromServer && cancelled.code === REQUEST_CANCELLED, `expected RequestCancelled, got ${String(cancelled)}`);
    assert.equal((await status(client)).analyses, before.analyses, 'the cancelled request did not analyse');
    client.notify('$/cancelRequest', { id: 123456789 });
    client.notify('$/cancelRequest', { id });
    const actions = await client.request<any[]>('textDocument/codeAction', codeActionParams(uri));
    assert.ok(actions.length > 0, 'the same request uncancelled is answered');
    assert.equal((await status(client)).analyses, before.analyses + 1);
  });
});

describe('LSP requests before initialize', () => {
  it('refuses requests with ServerNotInitialized, keeps documents opened early, and tolerates a second initialize', async () => {
    const client = new LspTestClient();
    try {
      const early = await settle(client.request('textDocument/codeAction', codeActionParams('file:///early/Early.cpp')));
      assert.ok(early instanceof ResponseErrorFromServer && early.code === SERVER_NOT_INITIALIZED, String(early));
      assert.equal((await status(client)).analyses, 0);
      client.notify('initialized', {});
      client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///early/Early.cpp', languageId: 'cpp', version: 1, text: DRIVER_CPP } });
      const first = await client.initialize({ initializationOptions: { settings: { debounceMs: 0, rules: onlyRules(['DK202']) } } });
      const published = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === 'file:///early/Early.cpp');
      assert.deepEqual(published.diagnostics.map((d) => d.code), ['DK202']);
      const second = await client.request('initialize', { processId: null, rootUri: null, capabilities: {} });
      assert.deepEqual(second, first);
      assert.equal(client.exited, undefined);
    } finally {
      await client.shutdown();
    }
  });
});
