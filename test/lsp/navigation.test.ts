// Go to definition and go to implementation over stdio: exact locations, files that are not open, UTF-16 columns,
// the workspace boundary, and no crash on malformed requests.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspTestClient, ResponseErrorFromServer } from '../helpers/lsp-client';
import { createNavigationWorkspace, DATA_PATH_CPP, DERIVED_CPP, SAMPLE_CPP, SAMPLE_IIG, SOURCE_IIG, waitForIndex, type NavigationWorkspace } from '../helpers/navigation-workspace';
import { BACKENDS } from '../helpers/parsers';

interface Location {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** `[file, line, startCharacter, endCharacter]`: every target here is a name on one line. */
type Spot = [string, number, number, number];

for (const backend of BACKENDS) {
  describe(`navigation over stdio (${backend} parser)`, () => {
    let client: LspTestClient;
    let ws: NavigationWorkspace;

    const open = (name: string, text: string, version = 1): void =>
      client.notify('textDocument/didOpen', { textDocument: { uri: ws.uri(name), languageId: name.endsWith('.iig') ? 'iig' : 'cpp', version, text } });
    const close = (name: string): void => client.notify('textDocument/didClose', { textDocument: { uri: ws.uri(name) } });
    const ask = (method: string, name: string, line: number, character: number): Promise<Location[] | null> =>
      client.request(method, { textDocument: { uri: ws.uri(name) }, position: { line, character } });
    const spots = (locations: Location[] | null): Spot[] | null => {
      if (locations === null) return null;
      return locations.map((l) => {
        assert.equal(l.range.start.line, l.range.end.line);
        return [path.relative(ws.folder, fileURLToPath(l.uri)), l.range.start.line, l.range.start.character, l.range.end.character];
      });
    };
    const definition = async (name: string, line: number, character: number): Promise<Spot[] | null> => spots(await ask('textDocument/definition', name, line, character));
    const implementation = async (name: string, line: number, character: number): Promise<Spot[] | null> => spots(await ask('textDocument/implementation', name, line, character));

    before(async () => {
      ws = createNavigationWorkspace();
      client = new LspTestClient();
      const init = await client.initialize({ rootUri: ws.uri(''), initializationOptions: { parserBackend: backend, settings: { debounceMs: 0 } } });
      assert.equal(init.capabilities.definitionProvider, true);
      assert.equal(init.capabilities.implementationProvider, true);
      await waitForIndex(client, 3);
    });

    after(async () => {
      await client.shutdown();
      ws.remove();
    });

    it('goes from an unopened .cpp definition to its .iig declaration through every definition form', async () => {
      open('SampleDriver.cpp', SAMPLE_CPP);
      // IMPL(SampleDriver, Start): the method, then the class.
      assert.deepEqual(await definition('SampleDriver.cpp', 15, 35), [['SampleDriver.iig', 8, 26, 31]]);
      assert.deepEqual(await definition('SampleDriver.cpp', 15, 22), [['SampleDriver.iig', 4, 6, 18]]);
      // SampleDriver::TimerFired_Impl; the declaration sits after CJK and an emoji: 29 UTF-16 units, 35 bytes.
      assert.deepEqual(await definition('SampleDriver.cpp', 24, 25), [['SampleDriver.iig', 10, 29, 39]]);
      // A plain definition (SampleDriver::init) and the class part of it.
      assert.deepEqual(await definition('SampleDriver.cpp', 8, 20), [['SampleDriver.iig', 7, 17, 21]]);
      assert.deepEqual(await definition('SampleDriver.cpp', 8, 5), [['SampleDriver.iig', 4, 6, 18]]);
      // The cursor just after the name still means the name.
      assert.deepEqual(await definition('SampleDriver.cpp', 8, 23), [['SampleDriver.iig', 7, 17, 21]]);
    });

    it('goes from calls to the declarations they reach', async () => {
      // SampleDriver::Refresh(0), and the unqualified Start(provider, SUPERDISPATCH) inside IMPL(SampleDriver, Start).
      assert.deepEqual(await definition('SampleDriver.cpp', 20, 20), [['SampleDriver.iig', 12, 18, 25]]);
      assert.deepEqual(await definition('SampleDriver.cpp', 17, 26), [['SampleDriver.iig', 8, 26, 31]]);
      // CreateActionTimerFired after CJK and an emoji (column 30 in UTF-16) → the TYPE handler TimerFired.
      assert.deepEqual(await definition('SampleDriver.cpp', 18, 30), [['SampleDriver.iig', 10, 29, 39]]);
      // super::init: the base class is the SDK's IOService, which has no file.
      assert.equal(await definition('SampleDriver.cpp', 10, 18), null);
    });

    it('goes from ivars->member to the member of the ivars struct in the same file', async () => {
      assert.deepEqual(await definition('SampleDriver.cpp', 18, 60), [['SampleDriver.cpp', 4, 15, 26]]);
      assert.deepEqual(await definition('SampleDriver.cpp', 26, 12), [['SampleDriver.cpp', 5, 13, 18]]);
      // DataPath.cpp uses ivars but the struct is defined elsewhere: nothing to go to.
      open('DataPath.cpp', DATA_PATH_CPP);
      assert.equal(await definition('DataPath.cpp', 4, 12), null);
      close('DataPath.cpp');
    });

    it('follows the base class chain for inherited methods', async () => {
      open('Derived/DerivedDriver.cpp', DERIVED_CPP);
      assert.deepEqual(await definition('Derived/DerivedDriver.cpp', 2, 6), [['SampleDriver.iig', 12, 18, 25]]);
      assert.deepEqual(await definition('Derived/DerivedDriver.cpp', 0, 36), [['Derived/DerivedDriver.iig', 5, 26, 31]]);
      close('Derived/DerivedDriver.cpp');
    });

    it('goes from TYPE(Source::Method) to a workspace source, and finds nothing for an SDK source', async () => {
      open('SampleDriver.iig', SAMPLE_IIG);
      assert.deepEqual(await definition('SampleDriver.iig', 11, 80), [['SampleSource.iig', 6, 17, 26]]);
      assert.deepEqual(await definition('SampleDriver.iig', 11, 66), [['SampleSource.iig', 2, 6, 18]]);
      // TYPE(IOTimerDispatchSource::TimerOccurred): the prototype lives in the knowledge base, not in a file.
      assert.equal(await definition('SampleDriver.iig', 10, 100), null);
      open('SampleSource.iig', SOURCE_IIG);
      // TYPE(DataReady) on a parameter names a method of the class it is written in.
      assert.deepEqual(await definition('SampleSource.iig', 5, 62), [['SampleSource.iig', 6, 17, 26]]);
      close('SampleSource.iig');
      // A base class named in a class head.
      open('Derived/DerivedDriver.iig', fs.readFileSync(path.join(ws.folder, 'Derived/DerivedDriver.iig'), 'utf8'));
      assert.deepEqual(await definition('Derived/DerivedDriver.iig', 2, 33), [['SampleDriver.iig', 4, 6, 18]]);
      close('Derived/DerivedDriver.iig');
    });

    it('answers null where there is no symbol, and for documents that are not open', async () => {
      assert.equal(await definition('SampleDriver.cpp', 1, 0), null); // an empty line
      assert.equal(await definition('SampleDriver.cpp', 21, 6), null); // `return`
      assert.equal(await definition('SampleDriver.cpp', 18, 8), null); // inside the comment
      assert.equal(await definition('SampleDriver.cpp', 11, 41), null); // the literal 1
      assert.equal(await definition('SampleDriver.cpp', 31, 14), null); // a free function
      assert.equal(await definition('DataPath.cpp', 2, 26), null); // not open
      assert.equal(await implementation('SampleDriver.iig', 0, 3), null); // #include
      assert.equal(await implementation('SampleDriver.iig', 4, 3), null); // `class`
    });

    it('goes from a .iig declaration to its definitions in .cpp files that are not open, overrides included', async () => {
      // Start is defined for SampleDriver and overridden by DerivedDriver; links outside and build/ are not read.
      assert.deepEqual(await implementation('SampleDriver.iig', 8, 28), [
        ['Derived/DerivedDriver.cpp', 0, 34, 39],
        ['SampleDriver.cpp', 15, 33, 38],
      ]);
      // Anywhere in a handler's declaration, its TYPE annotation included, after CJK and an emoji.
      assert.deepEqual(await implementation('SampleDriver.iig', 10, 30), [['SampleDriver.cpp', 24, 19, 34]]);
      assert.deepEqual(await implementation('SampleDriver.iig', 10, 95), [['SampleDriver.cpp', 24, 19, 34]]);
      assert.deepEqual(await implementation('SampleDriver.iig', 11, 20), [['DataPath.cpp', 2, 24, 30]]);
      // From a call in a .cpp to the definition.
      assert.deepEqual(await implementation('SampleDriver.cpp', 20, 20), [['SampleDriver.cpp', 29, 28, 35]]);
      // Declared but defined nowhere.
      assert.equal(await implementation('SampleDriver.iig', 13, 30), null);
    });

    it('prefers the open document over the disk, and sees disk changes', async () => {
      open('DataPath.cpp', `// moved\n\n${DATA_PATH_CPP}`);
      assert.deepEqual(await implementation('SampleDriver.iig', 11, 20), [['DataPath.cpp', 4, 24, 30]]);
      close('DataPath.cpp');
      assert.deepEqual(await implementation('SampleDriver.iig', 11, 20), [['DataPath.cpp', 2, 24, 30]]);
      fs.writeFileSync(path.join(ws.folder, 'DataPath.cpp'), `// changed on disk\n${DATA_PATH_CPP}`);
      assert.deepEqual(await implementation('SampleDriver.iig', 11, 20), [['DataPath.cpp', 3, 24, 30]]);
      fs.rmSync(path.join(ws.folder, 'DataPath.cpp'));
      assert.equal(await implementation('SampleDriver.iig', 11, 20), null);
    });

    it('survives malformed requests and junk documents', async () => {
      const malformed = [
        { textDocument: { uri: 42 }, position: { line: 0, character: 0 } },
        { textDocument: { uri: ws.uri('SampleDriver.cpp') }, position: { line: 'x', character: null } },
        { textDocument: { uri: ws.uri('SampleDriver.cpp') } },
        { textDocument: { uri: ws.uri('SampleDriver.cpp') }, position: { line: 1e9, character: -5 } },
      ];
      for (const params of malformed) {
        for (const method of ['textDocument/definition', 'textDocument/implementation']) {
          assert.equal(await client.request(method, params), null, `${method} ${JSON.stringify(params)}`);
        }
      }
      // The protocol library itself rejects null params (it reads their progress token) with an error response.
      for (const method of ['textDocument/definition', 'textDocument/implementation', 'textDocument/documentSymbol', 'workspace/symbol']) {
        const answer = await client.request(method, null).catch((error: unknown) => error);
        assert.ok(answer === null || Array.isArray(answer) || answer instanceof ResponseErrorFromServer, `${method}(null) → ${String(answer)}`);
      }
      const junk = `\u0000\uD800 IMPL(IMPL(, ::) ivars->->x CreateAction( TYPE(::) class : { ${'y'.repeat(50_000)} \r\r\n`;
      open('junk.cpp', junk);
      for (let character = 0; character < 80; character += 7) {
        for (const method of ['textDocument/definition', 'textDocument/implementation']) {
          const result = await ask(method, 'junk.cpp', 0, character);
          assert.ok(result === null || Array.isArray(result));
        }
      }
      assert.equal(client.exited, undefined, 'the server must still be running');
    });
  });
}

describe('navigation on the bundled example dext (native parser)', () => {
  const folder = path.resolve(__dirname, '..', '..', 'examples', 'ScsiRaidDext');
  const iigPath = path.join(folder, 'ScsiRaidDext', 'ScsiRaidController.iig');
  const cppPath = path.join(folder, 'ScsiRaidDext', 'ScsiRaidController.cpp');
  const iig = fs.readFileSync(iigPath, 'utf8');
  const cpp = fs.readFileSync(cppPath, 'utf8');
  const texts = new Map([
    [pathToFileURL(iigPath).toString(), iig],
    [pathToFileURL(cppPath).toString(), cpp],
  ]);
  let client: LspTestClient;

  /** The text a single-line location covers, read with UTF-16 columns. */
  const textAt = (location: Location): string => {
    const text = texts.get(location.uri);
    assert.ok(text !== undefined, `a location in the example: ${location.uri}`);
    assert.equal(location.range.start.line, location.range.end.line);
    return text.split(/\r?\n/)[location.range.start.line].slice(location.range.start.character, location.range.end.character);
  };
  const definition = (uri: string, line: number, character: number): Promise<Location[] | null> =>
    client.request('textDocument/definition', { textDocument: { uri }, position: { line, character } });

  before(async () => {
    client = new LspTestClient();
    await client.initialize({ rootUri: pathToFileURL(folder).toString(), initializationOptions: { parserBackend: 'native', settings: { debounceMs: 0 } } });
    await waitForIndex(client, 1);
    for (const [uri, text] of texts) client.notify('textDocument/didOpen', { textDocument: { uri, languageId: uri.endsWith('.iig') ? 'iig' : 'cpp', version: 1, text } });
  });

  after(() => client.shutdown());

  it('resolves every ivars->member to its member in ScsiRaidController_IVars', async () => {
    const cppUri = pathToFileURL(cppPath).toString();
    const uses = cpp.split('\n').flatMap((line, index) => [...line.matchAll(/ivars->(\w+)/g)].map((m) => ({ line: index, character: (m.index ?? 0) + 'ivars->'.length + 1, member: m[1] })));
    assert.equal(uses.length, 113);
    for (const use of uses) {
      const found = await definition(cppUri, use.line, use.character);
      assert.equal(found?.length, 1, `ivars->${use.member} on line ${use.line + 1}`);
      assert.equal(found[0].uri, cppUri);
      assert.equal(textAt(found[0]), use.member);
      assert.ok(found[0].range.start.line >= 82 && found[0].range.start.line <= 99, `inside the ivars struct: ${use.member}`);
    }
  });

  it('resolves every IMPL and every method definition declared in the .iig to that declaration', async () => {
    const cppUri = pathToFileURL(cppPath).toString();
    const headers = cpp.split('\n').flatMap((line, index) => {
      const m = /^[\w ]+?(?:IMPL\(ScsiRaidController, (\w+)\)|ScsiRaidController::(\w+)\()/.exec(line);
      return m ? [{ line: index, name: m[1] ?? m[2], character: line.indexOf(m[1] ?? m[2], line.indexOf('ScsiRaidController') + 18) }] : [];
    });
    assert.equal(headers.length, 36);
    const resolved: string[] = [];
    for (const header of headers) {
      const found = await definition(cppUri, header.line, header.character + 1);
      if (!found) continue;
      assert.equal(found.length, 1);
      assert.equal(textAt(found[0]), header.name);
      assert.equal(found[0].uri, pathToFileURL(iigPath).toString());
      resolved.push(header.name);
    }
    // IMPLs, plain overrides (init, free) and LOCALONLY helpers (PostFrame, ...) alike.
    assert.deepEqual(resolved, headers.map((h) => h.name));
    assert.ok(resolved.includes('init') && resolved.includes('PostFrame') && resolved.includes('UserProcessParallelTask'));
  });

  it('goes from every method declared in the .iig to exactly one definition with its name', async () => {
    const iigUri = pathToFileURL(iigPath).toString();
    const symbols = await client.request<{ name: string; children: { name: string; selectionRange: Location['range'] }[] }[]>('textDocument/documentSymbol', { textDocument: { uri: iigUri } });
    assert.deepEqual(symbols.map((s) => s.name), ['ScsiRaidController']);
    assert.equal(symbols[0].children.length, 36);
    for (const method of symbols[0].children) {
      const found = await client.request<Location[] | null>('textDocument/implementation', { textDocument: { uri: iigUri }, position: method.selectionRange.start });
      assert.equal(found?.length, 1, `one definition of ${method.name}`);
      assert.equal(textAt(found[0]), method.name);
    }
  });
});
