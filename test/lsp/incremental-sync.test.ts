// Incremental document sync over stdio: after any sequence of incremental didChange batches (several changes per
// notification, CRLF, surrogate pairs, bursts of notifications in one write, each followed by hover and definition
// requests), the published diagnostics equal a from-scratch analysis of the final text, and a burst is analysed once,
// for its last version.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { LspTestClient } from '../helpers/lsp-client';
import { BACKENDS } from '../helpers/parsers';
import { loadSourcePairs } from '../robustness/realistic-sources';

const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5ec);

const PAIRS = loadSourcePairs().filter((pair) => [...pair.files.keys()].some((f) => f.endsWith('.cpp')));
/** The example dext has findings (the valid corpus has none), so misplaced offsets show in its diagnostics. */
const EXAMPLE = PAIRS.findIndex((pair) => pair.name.startsWith('examples/'));
const pairIndex = fc.oneof({ weight: 3, arbitrary: fc.constant(EXAMPLE) }, { weight: 1, arbitrary: fc.nat({ max: PAIRS.length - 1 }) });

interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

const INSERTS = ['', ' ', '\n', '\r\n', 'x', '}', '{', ';', '(', '/*', '*/', '"', '😀', '中文', 'ivars->', 'OSAction::Create(', 'return kIOReturnSuccess;', 'ret = '];

/** A change drawn against the text it applies to: a small range anywhere (positions in UTF-16) and a replacement. */
const change = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.integer({ min: 0, max: 10 }), insert: fc.constantFrom(...INSERTS) });
/** One didChange notification carries one to three changes; a burst is one to three notifications in one write. */
const burst = fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 });

function toEvent(document: TextDocument, c: { at: number; remove: number; insert: string }): TextDocumentContentChangeEvent {
  const length = document.getText().length;
  const start = Math.floor(c.at * length);
  const end = Math.min(length, start + c.remove);
  return { range: { start: document.positionAt(start), end: document.positionAt(end) }, text: c.insert };
}

for (const backend of BACKENDS) {
  describe(`incremental document sync (${backend} parser)`, () => {
    let client: LspTestClient;
    let nextUri = 0;

    before(async () => {
      assert.ok(EXAMPLE >= 0, 'the example dext is among the sources');
      client = new LspTestClient();
      const init = await client.initialize({ initializationOptions: { parserBackend: backend, settings: { debounceMs: 0 } } });
      assert.equal(init.capabilities.textDocumentSync?.change, 2, 'incremental sync');
    });
    after(() => client.shutdown());

    it('publishes, after any sequence of edits, what a fresh analysis of the final text publishes', async () => {
      await fc.assert(
        fc.asyncProperty(pairIndex, fc.array(burst, { minLength: 1, maxLength: 5 }), async (pairIndex, bursts) => {
          const pair = PAIRS[pairIndex];
          const [cppName, cppText] = [...pair.files].find(([name]) => name.endsWith('.cpp')) as [string, string];
          const folder = `file:///sync/${nextUri++}/`;
          for (const [name, text] of pair.files) {
            if (name.endsWith('.iig')) client.notify('textDocument/didOpen', { textDocument: { uri: folder + name, languageId: 'iig', version: 1, text } });
          }
          const uri = folder + cppName;
          let document = TextDocument.create(uri, 'cpp', 1, cppText);
          client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text: cppText } });
          await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
          let incremental: Published | undefined;
          const answered: Promise<unknown>[] = [];
          let lastHover: { position: unknown; response: Promise<unknown> } | undefined;
          for (const notifications of bursts) {
            const frames: Buffer[] = [];
            const firstVersion = document.version + 1;
            for (const changes of notifications) {
              const events: TextDocumentContentChangeEvent[] = [];
              // Each change of a notification applies to the text left by the one before it, as LSP specifies.
              for (const c of changes) {
                const event = toEvent(document, c);
                events.push(event);
                document = TextDocument.update(document, [event], document.version);
              }
              document = TextDocument.update(document, [], document.version + 1);
              frames.push(LspTestClient.frame({ method: 'textDocument/didChange', params: { textDocument: { uri, version: document.version }, contentChanges: events } }));
            }
            // Requests that model the edited document before its analysis, through the parse session the analysis uses.
            const position = document.positionAt(Math.floor(document.getText().length / 2));
            for (const method of ['textDocument/hover', 'textDocument/definition']) {
              const { id, response } = client.expectResponse(method);
              answered.push(response);
              if (method === 'textDocument/hover') lastHover = { position, response };
              frames.push(LspTestClient.frame({ id, method, params: { textDocument: { uri }, position } }));
            }
            client.writeRaw(Buffer.concat(frames));
            incremental = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === document.version);
            const stale = client.received<Published>('textDocument/publishDiagnostics').filter((p) => p.uri === uri && p.version !== undefined && p.version >= firstVersion && p.version < document.version);
            assert.deepEqual(stale, [], 'a burst written at once is analysed only for its last version');
          }
          await Promise.all(answered);
          // From scratch: the same final text opened under a new name in the same folder.
          const freshUri = `${folder}Fresh${cppName}`;
          client.notify('textDocument/didOpen', { textDocument: { uri: freshUri, languageId: 'cpp', version: 1, text: document.getText() } });
          const fresh = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === freshUri);
          assert.deepEqual(strip(incremental?.diagnostics ?? []), strip(fresh.diagnostics));
          // The hover answered from the edited document's session is the one a fresh document gives.
          if (lastHover) assert.deepEqual(await lastHover.response, await client.request('textDocument/hover', { textDocument: { uri: freshUri }, position: lastHover.position }));
          for (const name of [...pair.files.keys(), `Fresh${cppName}`]) client.notify('textDocument/didClose', { textDocument: { uri: folder + name } });
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });
  });
}

/** Diagnostics without the related locations' uris, which name the document itself. */
function strip(diagnostics: unknown[]): string {
  return JSON.stringify(diagnostics).replace(/file:\/\/\/sync\/\d+\/(Fresh)?/g, '');
}
