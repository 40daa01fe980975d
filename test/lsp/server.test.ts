// End-to-end tests of the built language server over stdio: diagnostics, quick fixes, settings and robustness.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, onlyRules } from '../helpers/lsp-client';
import { BACKENDS } from '../helpers/parsers';

const IIG = `#include <DriverKit/IOService.iig>
#include <DriverKit/IOTimerDispatchSource.iig>

class SampleDriver : public IOService
{
public:
    virtual kern_return_t Start(IOService * provider) override;
    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);
};
`;

// The comment before the calls holds CJK and an emoji (a surrogate pair), so UTF-16 columns differ from bytes.
const CPP = `#include "SampleDriver.h"

kern_return_t IMPL(SampleDriver, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) return ret;
    /* 定时器 😀 */ ret = OSAction::Create(this, 0, 0, 0, &ivars->timerAction);
    ivars->old->free();
    return ret;
}
`;

/** The rules these tests exercise; the others are switched off so that the expected lists stay exact. */
const RULES = onlyRules(['DK101', 'DK103', 'DK202']);

interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { code: string; source: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; codeDescription?: { href: string } }[];
}

for (const backend of BACKENDS) {
  describe(`language server over stdio (${backend} parser)`, () => {
    let client: LspTestClient;
    let folder: string;
    let cppUri: string;
    let version = 1;

    before(async () => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-lsp-'));
      fs.writeFileSync(path.join(folder, 'SampleDriver.iig'), IIG);
      cppUri = pathToFileURL(path.join(folder, 'SampleDriver.cpp')).toString();
      client = new LspTestClient();
      const init = await client.initialize({ rootUri: pathToFileURL(folder).toString(), initializationOptions: { parserBackend: backend, settings: { debounceMs: 0, rules: RULES } } });
      assert.match(init.serverInfo.version, new RegExp(`${backend} parser`));
      assert.deepEqual(init.capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'refactor', 'source.fixAll.driverkit'] });
    });

    after(async () => {
      await client.shutdown();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('publishes diagnostics with codes, docs links and exact UTF-16 ranges', async () => {
      client.notify('textDocument/didOpen', { textDocument: { uri: cppUri, languageId: 'cpp', version, text: CPP } });
      const published = await client.waitFor<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === cppUri && p.diagnostics.length > 0);
      const summary = published.diagnostics.map((d) => [d.code, d.source, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character]);
      // '    /* 定时器 😀 */ ret = ' is 4 + 12 + 7 = 23 UTF-16 code units ("😀" counts two).
      assert.deepEqual(summary, [
        ['DK103', 'driverkit', 6, 23, 6, 39],
        ['DK202', 'driverkit', 7, 4, 7, 22],
      ]);
      for (const d of published.diagnostics) {
        assert.ok(d.codeDescription?.href.endsWith(`/docs/rules/${d.code}.md`), `docs link for ${d.code}`);
        assert.ok(fs.existsSync(new URL(d.codeDescription?.href ?? '')), `docs page exists for ${d.code}`);
      }
    });

    it('offers a quick fix whose edit removes the diagnostic once applied', async () => {
      const document = TextDocument.create(cppUri, 'cpp', version, CPP);
      const actions = await client.request<any[]>('textDocument/codeAction', {
        textDocument: { uri: cppUri },
        range: { start: { line: 6, character: 30 }, end: { line: 6, character: 30 } },
        context: { diagnostics: [] },
      });
      assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [
        ["Use 'CreateActionTimerFired' (IOTimerDispatchSource::TimerOccurred)", 'quickfix', true],
        ['Disable DK103 for this line', 'quickfix', undefined],
        ['Disable DK103 for this file', 'quickfix', undefined],
        ['Show documentation for DK103', 'quickfix', undefined],
      ]);
      const edits = actions[0].edit.changes[cppUri];
      const fixed = TextDocument.applyEdits(document, edits);
      assert.equal(fixed.split('\n')[6], '    /* 定时器 😀 */ ret = CreateActionTimerFired(0, &ivars->timerAction);');
      version += 1;
      client.notify('textDocument/didChange', { textDocument: { uri: cppUri, version }, contentChanges: [{ text: fixed }] });
      const after = await client.waitFor<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === cppUri && p.version === version);
      assert.deepEqual(after.diagnostics.map((d) => d.code), ['DK202']);
    });

    it('applies incremental changes and re-reports at the new position', async () => {
      version += 1;
      client.notify('textDocument/didChange', {
        textDocument: { uri: cppUri, version },
        contentChanges: [{ range: { start: { line: 7, character: 4 }, end: { line: 7, character: 4 } }, text: '\n    ' }],
      });
      const after = await client.waitFor<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === cppUri && p.version === version);
      assert.deepEqual(after.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['DK202', 8, 4]]);
    });

    it('keeps running on binary junk, lone surrogates and a huge line, and still answers', async () => {
      const junkUri = pathToFileURL(path.join(folder, 'junk.cpp')).toString();
      const junk = `\u0000\u0001\uD800 class { ${'x'.repeat(200_000)} \r\r\n ^{ ^( ->free() OSAction::Create(`;
      client.notify('textDocument/didOpen', { textDocument: { uri: junkUri, languageId: 'cpp', version: 1, text: junk } });
      const published = await client.waitFor<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === junkUri);
      for (const d of published.diagnostics) assert.ok(d.range.start.line <= d.range.end.line);
      const actions = await client.request<any[]>('textDocument/codeAction', { textDocument: { uri: junkUri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics: [] } });
      assert.ok(Array.isArray(actions));
      assert.equal(client.exited, undefined, 'the server must still be running');
    });

    it('honours per-rule severities from the settings', async () => {
      client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { rules: { ...RULES, DK202: 'off' }, debounceMs: 0 } } });
      const cleared = await client.waitFor<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === cppUri && p.diagnostics.length === 0);
      assert.deepEqual(cleared.diagnostics, []);
    });
  });
}
