// Suppression directives, "Disable … for this line/file", "Fix all DKnnn", source.fixAll.driverkit and "Show documentation" over stdio.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, onlyRules } from '../helpers/lsp-client';

const IIG = `#include <DriverKit/IOService.iig>
#include <DriverKit/IOTimerDispatchSource.iig>

class MyDriver : public IOService
{
public:
    virtual kern_return_t Start(IOService * provider) override;
    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);
};
`;

const CPP = `// Copyright (c) Example Corp.
// SPDX-License-Identifier: MIT
#include "MyDriver.h"

kern_return_t IMPL(MyDriver, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    ret = CreateActionTimerFird(0, &ivars->timerAction);
    ivars->a->free();
    // driverkit-lint-disable-next-line DK104
    ret = CreateActionTimerFird(0, &ivars->otherAction); ivars->b->free();
    // driverkit-lint-disable-next-line direct-free-call
    ivars->c->free();
    // driverkit-lint-disable-next-line DK202
    return ret;
}
`;

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface LspDiagnostic {
  code: string;
  message: string;
  severity: number;
  source: string;
  range: Range;
}

/** The LSP range of the `occurrence`-th `needle` in `text` (exact positions derived from the text under test). */
function rangeOf(text: string, needle: string, occurrence = 0): Range {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `'${needle}' #${occurrence} is in the text`);
  const document = TextDocument.create('file:///x', 'cpp', 1, text);
  return { start: document.positionAt(offset), end: document.positionAt(offset + needle.length) };
}

const at = (line: number, character: number): Range => ({ start: { line, character }, end: { line, character } });

describe('suppressions and fix actions over stdio', () => {
  let client: LspTestClient;
  let folder: string;
  let cppUri: string;
  let published: LspDiagnostic[];

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-suppress-'));
    fs.writeFileSync(path.join(folder, 'MyDriver.iig'), IIG);
    cppUri = pathToFileURL(path.join(folder, 'MyDriver.cpp')).toString();
    const iigUri = pathToFileURL(path.join(folder, 'MyDriver.iig')).toString();
    client = new LspTestClient();
    await client.initialize({ rootUri: pathToFileURL(folder).toString(), initializationOptions: { settings: { debounceMs: 0, rules: onlyRules(['DK001', 'DK104', 'DK202']) } } });
    client.notify('textDocument/didOpen', { textDocument: { uri: iigUri, languageId: 'iig', version: 1, text: IIG } });
    await client.waitFor('textDocument/publishDiagnostics', (p: any) => p.uri === iigUri);
    client.notify('textDocument/didOpen', { textDocument: { uri: cppUri, languageId: 'cpp', version: 1, text: CPP } });
    published = (await client.waitFor<{ diagnostics: LspDiagnostic[] }>('textDocument/publishDiagnostics', (p: any) => p.uri === cppUri && p.diagnostics.length > 0)).diagnostics;
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const actionsFor = (diagnostic: LspDiagnostic): Promise<any[]> =>
    client.request('textDocument/codeAction', { textDocument: { uri: cppUri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  const find = (code: string, needle: string, occurrence = 0): LspDiagnostic => {
    const range = rangeOf(CPP, needle, occurrence);
    const found = published.find((d) => d.code === code && JSON.stringify(d.range) === JSON.stringify(range));
    assert.ok(found, `a ${code} diagnostic on '${needle}'`);
    return found;
  };

  it('directives silence the findings they cover; the unused one is reported as DK001', () => {
    assert.deepEqual(
      published.map((d) => [d.code, d.severity, d.range]),
      [
        ['DK104', 1, rangeOf(CPP, 'CreateActionTimerFird')],
        ['DK202', 1, rangeOf(CPP, 'ivars->a->free()')],
        ['DK202', 1, rangeOf(CPP, 'ivars->b->free()')],
        ['DK001', 2, rangeOf(CPP, '// driverkit-lint-disable-next-line DK202')],
      ],
    );
    assert.equal(published[3].message, "Unused suppression directive: 'DK202' suppresses no finding here; remove the directive.");
  });

  it('offers, for one finding: its fix, fix all of the rule, disable for the line and the file, and its documentation', async () => {
    const actions = await actionsFor(find('DK202', 'ivars->a->free()'));
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind, a.isPreferred]),
      [
        ['Replace with OSSafeReleaseNULL(ivars->a)', 'quickfix', true],
        ['Fix all DK202 in this file', 'quickfix', undefined],
        ['Disable DK202 for this line', 'quickfix', undefined],
        ['Disable DK202 for this file', 'quickfix', undefined],
        ['Show documentation for DK202', 'quickfix', undefined],
      ],
    );
    assert.deepEqual(actions[1].edit.changes[cppUri], [
      { range: rangeOf(CPP, 'ivars->a->free();'), newText: 'OSSafeReleaseNULL(ivars->a);' },
      { range: rangeOf(CPP, 'ivars->b->free();'), newText: 'OSSafeReleaseNULL(ivars->b);' },
    ]);
    assert.deepEqual(actions[2].edit.changes[cppUri], [{ range: at(8, 0), newText: '    // driverkit-lint-disable-next-line DK202\n' }]);
    // After the licence comment block, not above it.
    assert.deepEqual(actions[3].edit.changes[cppUri], [{ range: at(2, 0), newText: '// driverkit-lint-disable DK202\n' }]);
    assert.deepEqual(actions[4].command, { title: 'Show documentation for DK202', command: 'driverkit.showDocumentation', arguments: ['DK202'] });
    for (const action of actions) assert.deepEqual(action.diagnostics, [find('DK202', 'ivars->a->free()')]);
  });

  it('a selection holding several findings of a rule lists its "Fix all" once', async () => {
    const actions = await client.request<any[]>('textDocument/codeAction', { textDocument: { uri: cppUri }, range: { start: at(0, 0).start, end: at(16, 0).start }, context: { diagnostics: [] } });
    assert.deepEqual(
      actions.map((a) => a.title).filter((t) => t.startsWith('Fix all')),
      ['Fix all DK202 in this file'],
    );
    assert.equal(actions.filter((a) => a.title === 'Disable DK202 for this line').length, 2, 'the per-line actions stay one per finding');
  });

  it('"Disable for this line" appends to a next-line directive already above the line', async () => {
    const actions = await actionsFor(find('DK202', 'ivars->b->free()'));
    const disable = actions.find((a) => a.title === 'Disable DK202 for this line');
    const directiveEnd = rangeOf(CPP, '// driverkit-lint-disable-next-line DK104').end;
    assert.deepEqual(directiveEnd, { line: 9, character: 45 });
    assert.deepEqual(disable.edit.changes[cppUri], [{ range: { start: directiveEnd, end: directiveEnd }, newText: ', DK202' }]);
  });

  it('a finding of a rule with one finding gets no "Fix all" action; DK001 offers its removal fix', async () => {
    assert.deepEqual(
      (await actionsFor(find('DK104', 'CreateActionTimerFird'))).map((a) => a.title),
      ["Call 'CreateActionTimerFired'", 'Disable DK104 for this line', 'Disable DK104 for this file', 'Show documentation for DK104'],
    );
    const unused = await actionsFor(find('DK001', '// driverkit-lint-disable-next-line DK202'));
    assert.equal(unused[0].title, 'Remove the unused suppression directive');
    assert.deepEqual(unused[0].edit.changes[cppUri], [{ range: { start: { line: 13, character: 0 }, end: { line: 14, character: 0 } }, newText: '' }]);
  });

  it('source.fixAll.driverkit applies every safe fix and no unsafe one, and only when asked for by kind', async () => {
    const request = (only?: string[]): Promise<any[]> =>
      client.request('textDocument/codeAction', { textDocument: { uri: cppUri }, range: at(0, 0), context: { diagnostics: [], ...(only ? { only } : {}) } });
    const [fixAll, ...rest] = await request(['source.fixAll.driverkit']);
    assert.deepEqual(rest, []);
    assert.equal(fixAll.title, 'Fix all safe DriverKit problems');
    assert.equal(fixAll.kind, 'source.fixAll.driverkit');
    const fixed = TextDocument.applyEdits(TextDocument.create(cppUri, 'cpp', 1, CPP), fixAll.edit.changes[cppUri]);
    // DK202 (safe) and DK001 (safe) are fixed; DK104's misspelt factory (an unsafe fix) is left for the user.
    assert.equal(
      fixed,
      CPP.replace('ivars->a->free();', 'OSSafeReleaseNULL(ivars->a);')
        .replace('ivars->b->free();', 'OSSafeReleaseNULL(ivars->b);')
        .replace('    // driverkit-lint-disable-next-line DK202\n', ''),
    );
    assert.deepEqual(await request(['source.fixAll']), [fixAll], 'the parent kind includes it');
    assert.deepEqual(await request(['quickfix']), [], 'not a quick fix, and a range without findings has none');
    assert.ok(!(await request()).some((a) => a.kind === 'source.fixAll.driverkit'), 'not offered unless asked for');
  });

  it('applying "Disable for this file" silences the rule and the new directive counts as used', async () => {
    const actions = await actionsFor(find('DK202', 'ivars->a->free()'));
    const edited = TextDocument.applyEdits(TextDocument.create(cppUri, 'cpp', 1, CPP), actions[3].edit.changes[cppUri]);
    client.notify('textDocument/didChange', { textDocument: { uri: cppUri, version: 2 }, contentChanges: [{ text: edited }] });
    const after = await client.waitFor<{ diagnostics: LspDiagnostic[] }>('textDocument/publishDiagnostics', (p: any) => p.uri === cppUri && p.version === 2);
    assert.deepEqual(
      after.diagnostics.map((d) => [d.code, d.range]),
      [['DK104', rangeOf(edited, 'CreateActionTimerFird')], ['DK001', rangeOf(edited, '// driverkit-lint-disable-next-line DK202')]],
    );
  });
});
