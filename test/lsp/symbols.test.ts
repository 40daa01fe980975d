// Document symbols (.iig and .cpp outlines) and workspace symbols over stdio, with exact names, kinds, details and ranges.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client';
import { createNavigationWorkspace, SAMPLE_CPP, SAMPLE_IIG, waitForIndex, type NavigationWorkspace } from '../helpers/navigation-workspace';
import { BACKENDS } from '../helpers/parsers';

// A file-scope handler after CJK and an emoji (line 16), a plain struct, and methods with several annotations.
const PUMP_IIG = `#include <DriverKit/IOUserClient.iig>

struct PumpState {
    uint32_t level;
    bool running;
};

class PumpClient : public IOUserClient
{
public:
    virtual kern_return_t Start(IOService * provider) override;
    virtual kern_return_t ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments, const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference) override;
    virtual void Completed(OSAction * action, IOReturn status, uint32_t actualByteCount, uint64_t completionTimestamp) TYPE(IOUSBHostPipe::CompleteAsyncIO) QUEUENAME(Aux);
    void Helper(uint32_t value) LOCALONLY;
};

/* 泵 🚰 */ void Orphan(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);
`;

const KIND_NAMES: Record<number, string> = { 5: 'Class', 6: 'Method', 8: 'Field', 12: 'Function', 23: 'Struct' };

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

interface DocumentSymbol {
  name: string;
  kind: number;
  detail?: string;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

const span = (r: Range): string => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

const inside = (inner: Range, outer: Range): boolean => {
  const before = (a: Range['start'], b: Range['start']): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
};

/** One line per symbol: indentation for depth, then kind, name, detail, range and selection range. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => {
    assert.ok(inside(s.selectionRange, s.range), `the selection range of ${s.name} lies inside its range`);
    const line = `${'  '.repeat(depth)}${KIND_NAMES[s.kind] ?? s.kind} ${s.name}${s.detail ? ` [${s.detail}]` : ''} ${span(s.range)} @${span(s.selectionRange)}`;
    return [line, ...outline(s.children ?? [], depth + 1)];
  });
}

for (const backend of BACKENDS) {
  describe(`document and workspace symbols over stdio (${backend} parser)`, () => {
    let client: LspTestClient;
    let ws: NavigationWorkspace;

    const open = (name: string, text: string): void =>
      client.notify('textDocument/didOpen', { textDocument: { uri: ws.uri(name), languageId: name.endsWith('.iig') ? 'iig' : 'cpp', version: 1, text } });
    const documentSymbols = async (name: string): Promise<string[]> => outline(await client.request('textDocument/documentSymbol', { textDocument: { uri: ws.uri(name) } }));
    const workspaceSymbols = async (query: string): Promise<string[]> => {
      const found = await client.request<{ name: string; kind: number; containerName?: string; location: { uri: string; range: Range } }[]>('workspace/symbol', { query });
      return found.map((s) => `${KIND_NAMES[s.kind]} ${s.containerName ? `${s.containerName}::` : ''}${s.name} ${path.relative(ws.folder, fileURLToPath(s.location.uri))} ${span(s.location.range)}`);
    };

    before(async () => {
      ws = createNavigationWorkspace();
      // Enough methods to reach the workspace-symbol cap.
      const many = Array.from({ length: 300 }, (_, i) => `    void Generated${String(i).padStart(3, '0')}() LOCALONLY;`).join('\n');
      fs.writeFileSync(path.join(ws.folder, 'Generated.iig'), `class GeneratedDriver : public IOService\n{\npublic:\n${many}\n};\n`);
      client = new LspTestClient();
      const init = await client.initialize({ rootUri: ws.uri(''), initializationOptions: { parserBackend: backend, settings: { debounceMs: 0 } } });
      assert.equal(init.capabilities.documentSymbolProvider, true);
      assert.equal(init.capabilities.workspaceSymbolProvider, true);
      await waitForIndex(client, 4);
    });

    after(async () => {
      await client.shutdown();
      ws.remove();
    });

    it('outlines an .iig: classes with their base, methods with their annotations', async () => {
      open('SampleDriver.iig', SAMPLE_IIG);
      assert.deepEqual(await documentSymbols('SampleDriver.iig'), [
        'Class SampleDriver [IOService] 4:0-14:1 @4:6-4:18',
        '  Method init [override] 7:4-7:33 @7:17-7:21',
        '  Method Start [override] 8:4-8:63 @8:26-8:31',
        '  Method Stop [override] 9:4-9:62 @9:26-9:30',
        '  Method TimerFired [TYPE(IOTimerDispatchSource::TimerOccurred)] 10:16-10:117 @10:29-10:39',
        '  Method OnData [TYPE(SampleSource::DataReady)] 11:4-11:89 @11:17-11:23',
        '  Method Refresh [LOCALONLY] 12:4-12:52 @12:18-12:25',
        '  Method CopyState [QUEUENAME(Aux)] 13:4-13:68 @13:26-13:35',
      ]);
    });

    it('outlines an .iig with structs, several annotations on one method and a file-scope handler', async () => {
      open('Pump.iig', PUMP_IIG);
      assert.deepEqual(await documentSymbols('Pump.iig'), [
        'Struct PumpState 2:0-5:1 @2:7-2:16',
        '  Field level 3:4-3:19 @3:13-3:18',
        '  Field running 4:4-4:17 @4:9-4:16',
        'Class PumpClient [IOUserClient] 7:0-14:1 @7:6-7:16',
        '  Method Start [override] 10:4-10:63 @10:26-10:31',
        '  Method ExternalMethod [override] 11:4-11:192 @11:26-11:40',
        '  Method Completed [TYPE(IOUSBHostPipe::CompleteAsyncIO) QUEUENAME(Aux)] 12:4-12:171 @12:17-12:26',
        '  Method Helper [LOCALONLY] 13:4-13:42 @13:9-13:15',
        'Function Orphan [TYPE(IOTimerDispatchSource::TimerOccurred)] 16:11-16:100 @16:16-16:22',
      ]);
    });

    it('outlines a .cpp: the ivars struct with its fields, definitions grouped under their class, free functions', async () => {
      open('SampleDriver.cpp', SAMPLE_CPP);
      assert.deepEqual(await documentSymbols('SampleDriver.cpp'), [
        'Struct SampleDriver_IVars 2:0-6:1 @2:7-2:25',
        '  Field timer 3:4-3:34 @3:28-3:33',
        '  Field timerAction 4:4-4:27 @4:15-4:26',
        '  Field count 5:4-5:26 @5:13-5:18',
        '  Field limit 5:4-5:26 @5:20-5:25',
        'Class SampleDriver 8:0-29:80 @8:5-8:17',
        '  Method init 8:0-13:1 @8:19-8:23',
        '  Method Start [IMPL] 15:0-22:1 @15:33-15:38',
        '  Method TimerFired [_Impl] 24:0-27:1 @24:19-24:34',
        '  Method Refresh 29:0-29:80 @29:28-29:35',
        'Function helper 31:0-31:23 @31:12-31:18',
      ]);
    });

    it('answers empty or null outlines for empty, unknown and junk documents', async () => {
      open('Empty.cpp', '');
      assert.deepEqual(await documentSymbols('Empty.cpp'), []);
      assert.equal(await client.request('textDocument/documentSymbol', { textDocument: { uri: ws.uri('NotOpen.cpp') } }), null);
      assert.equal(await client.request('textDocument/documentSymbol', { textDocument: { uri: ws.uri('notes.txt') } }), null);
      open('Junk.iig', `\u0000\uD800 class { struct ; TYPE( IMPL(, ) ::: ${'z'.repeat(20_000)}\r\r\n};`);
      const junk = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: ws.uri('Junk.iig') } });
      assert.ok(Array.isArray(junk));
      outline(junk);
      assert.equal(client.exited, undefined, 'the server must still be running');
    });

    it('finds classes, methods and definitions across the workspace by a case-insensitive query', async () => {
      assert.deepEqual(await workspaceSymbols('timerfired'), [
        'Method SampleDriver::TimerFired SampleDriver.iig 10:29-10:39',
        'Method SampleDriver::TimerFired SampleDriver.cpp 24:19-24:34',
      ]);
      // A qualified query; the unopened DerivedDriver.cpp is read from disk, and links out of the workspace are not.
      assert.deepEqual(await workspaceSymbols('SampleDriver::st'), [
        'Method SampleDriver::Start SampleDriver.iig 8:26-8:31',
        'Method SampleDriver::Start SampleDriver.cpp 15:33-15:38',
        'Method SampleDriver::Stop SampleDriver.iig 9:26-9:30',
        // Letters in order rank last: s…t in "SampleDriver::CopyState".
        'Method SampleDriver::CopyState SampleDriver.iig 13:26-13:35',
      ]);
      // Methods match through their class too ("DerivedDriver::Start" starts with "derived").
      assert.deepEqual(await workspaceSymbols('Derived'), [
        'Class DerivedDriver Derived/DerivedDriver.iig 2:6-2:19',
        'Method DerivedDriver::Start Derived/DerivedDriver.iig 5:26-5:31',
        'Method DerivedDriver::Start Derived/DerivedDriver.cpp 0:34-0:39',
      ]);
      // Letters in order, after the better matches.
      assert.deepEqual(await workspaceSymbols('ondt'), ['Method SampleDriver::OnData SampleDriver.iig 11:17-11:23', 'Method SampleDriver::OnData DataPath.cpp 2:24-2:30']);
      // Case-insensitive; Pump.iig exists only in the editor, and open documents are part of the workspace.
      assert.deepEqual(await workspaceSymbols('helper'), ['Method PumpClient::Helper Pump.iig 13:9-13:15', 'Function helper SampleDriver.cpp 31:12-31:18']);
      assert.deepEqual(await workspaceSymbols('zzzzqq'), []);
      // A query that is not a string is treated as empty (everything, capped).
      assert.equal((await client.request<unknown[]>('workspace/symbol', { query: { not: 'a string' } })).length, 250);
    });

    it('caps the number of workspace symbols', async () => {
      const all = await client.request<unknown[]>('workspace/symbol', { query: '' });
      assert.equal(all.length, 250);
      const generated = await workspaceSymbols('Generated29');
      // The ten prefix matches first, in name order; then the eleven with a 2 before a 9 (Generated029, …209, …289).
      assert.deepEqual(
        generated.slice(0, 10),
        Array.from({ length: 10 }, (_, i) => `Method GeneratedDriver::Generated29${i} Generated.iig ${293 + i}:9-${293 + i}:21`),
      );
      assert.deepEqual(generated.slice(10).map((s) => s.split(' ')[1]), ['029', '129', '209', '219', '229', '239', '249', '259', '269', '279', '289'].map((n) => `GeneratedDriver::Generated${n}`));
    });
  });
}
