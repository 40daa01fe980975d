// Whole-workspace diagnostics over stdio: files never opened get diagnostics, .gitignore'd files and files past
// driverkit.maxWorkspaceFiles do not, cross-file rules re-run when an .iig changes, closing keeps the disk copy's
// diagnostics, the re-lint command rescans, and the status reports it all.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient, onlyRules } from '../helpers/lsp-client';

/** DK202 on line 2, columns 4-24. */
const FREES = 'void Demo::Stop2()\n{\n    ivars->queue->free();\n}\n';
/** Helper is LOCALONLY here, so the .cpp's IMPL(Pump, Helper) is a DK105 finding. */
const PUMP_IIG = 'class Pump : public IOService\n{\npublic:\n    kern_return_t Helper() LOCALONLY;\n};\n';
/** Helper is a message-dispatched method here, which IMPL is right for: no finding in the .cpp. */
const PUMP_IIG_RPC = PUMP_IIG.replace('kern_return_t Helper() LOCALONLY;', 'virtual kern_return_t Helper();');
const PUMP_CPP = 'kern_return_t IMPL(Pump, Helper)\n{\n    return kIOReturnSuccess;\n}\n';

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}

function writeWorkspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-wsdiag-')));
  const write = (relative: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  };
  write('.gitignore', 'generated/\n*.gen.cpp\n');
  write('Driver/Pump.iig', PUMP_IIG);
  write('Driver/Pump.cpp', PUMP_CPP);
  write('Driver/Frees.cpp', FREES);
  write('Driver/Frees.gen.cpp', FREES);
  write('generated/Copy.cpp', FREES);
  write('Driver/nested/.gitignore', 'Local.cpp\n');
  write('Driver/nested/Local.cpp', FREES);
  return root;
}

describe('whole-workspace diagnostics over stdio', () => {
  let root: string;
  let client: LspTestClient;
  let started: number;
  const uri = (relative: string): string => pathToFileURL(path.join(root, relative)).toString();
  const status = (): Promise<any> => client.request('driverkit/serverStatus', {});
  const lastPublished = (u: string): Published | undefined => client.received<Published>('textDocument/publishDiagnostics').filter((p) => p.uri === u).pop();

  before(async () => {
    root = writeWorkspace();
    started = performance.now();
    client = new LspTestClient();
    await client.initialize({ rootUri: pathToFileURL(root).toString(), initializationOptions: { settings: { debounceMs: 0, rules: onlyRules(['DK105', 'DK202']) } } });
    await client.waitFor('window/logMessage', (m: any) => m.message.startsWith('Indexed '));
    for (;;) {
      await client.waitFor('driverkit/statusChanged');
      if (!(await status()).indexing) break;
    }
  });

  after(async () => {
    assert.equal(client.exited, undefined, `the server exited; stderr: ${client.stderr}`);
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes diagnostics for files that were never opened, and none for .gitignore\'d ones', async () => {
    assert.deepEqual(lastPublished(uri('Driver/Frees.cpp'))?.diagnostics.map((d) => [d.code, d.range]), [['DK202', { start: { line: 2, character: 4 }, end: { line: 2, character: 24 } }]]);
    assert.deepEqual(lastPublished(uri('Driver/Pump.cpp'))?.diagnostics.map((d) => [d.code, d.range]), [['DK105', { start: { line: 0, character: 25 }, end: { line: 0, character: 31 } }]]);
    assert.deepEqual(lastPublished(uri('Driver/Pump.iig'))?.diagnostics, []);
    for (const ignored of ['Driver/Frees.gen.cpp', 'generated/Copy.cpp', 'Driver/nested/Local.cpp']) assert.equal(lastPublished(uri(ignored)), undefined, `${ignored} is ignored`);
    const logs = client.received<{ message: string }>('window/logMessage').map((m) => m.message);
    assert.ok(logs.includes('Left out 3 file(s) or folder(s) that a .gitignore excludes.'), logs.join('\n'));
  });

  it('reports the scan in the status: files indexed, the last analysis, and statusChanged notifications', async () => {
    const current = await status();
    assert.equal(current.filesIndexed, 3, 'Pump.iig indexed, Pump.cpp and Frees.cpp analysed');
    assert.equal(current.indexedFiles, 1);
    assert.equal(current.indexing, false);
    assert.equal(typeof current.lastAnalysisMs, 'number');
    assert.ok(current.lastAnalysisMs >= 0);
    assert.equal(new Date(current.lastAnalysisAt).toISOString(), current.lastAnalysisAt);
    assert.ok(client.count('driverkit/statusChanged') >= 1);
  });

  it('re-runs cross-file rules on the unopened .cpp when its .iig changes in the editor, on disk, and when closed', async () => {
    const pumpCpp = uri('Driver/Pump.cpp');
    const codesOf = (p: Published): string[] => p.diagnostics.map((d) => d.code);
    client.notify('textDocument/didOpen', { textDocument: { uri: uri('Driver/Pump.iig'), languageId: 'iig', version: 1, text: PUMP_IIG_RPC } });
    await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === pumpCpp && p.diagnostics.length === 0);
    // Closed, the .iig falls back to its disk copy (Helper LOCALONLY again), and so does the rule on the .cpp.
    client.notify('textDocument/didClose', { textDocument: { uri: uri('Driver/Pump.iig') } });
    const closed = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === pumpCpp && p.diagnostics.length > 0);
    assert.deepEqual(codesOf(closed), ['DK105']);
    // Changed on disk (a watched-file event), the same happens without any editor involvement.
    fs.writeFileSync(path.join(root, 'Driver/Pump.iig'), PUMP_IIG_RPC);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('Driver/Pump.iig'), type: 2 }] });
    await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === pumpCpp && p.diagnostics.length === 0);
    // The open .cpp follows an open .iig too.
    client.notify('textDocument/didOpen', { textDocument: { uri: pumpCpp, languageId: 'cpp', version: 1, text: PUMP_CPP } });
    await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === pumpCpp && p.version === 1 && p.diagnostics.length === 0);
    client.notify('textDocument/didOpen', { textDocument: { uri: uri('Driver/Pump.iig'), languageId: 'iig', version: 1, text: PUMP_IIG } });
    const reopened = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === pumpCpp && p.version === 1 && p.diagnostics.length > 0);
    assert.deepEqual(codesOf(reopened), ['DK105']);
    for (const closing of [pumpCpp, uri('Driver/Pump.iig')]) client.notify('textDocument/didClose', { textDocument: { uri: closing } });
    await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === pumpCpp && p.version === undefined && p.diagnostics.length === 0);
  });

  it('keeps the disk copy\'s diagnostics when a file is closed, instead of clearing them', async () => {
    const frees = uri('Driver/Frees.cpp');
    client.notify('textDocument/didOpen', { textDocument: { uri: frees, languageId: 'cpp', version: 1, text: '// fixed in the editor, not saved\n' } });
    await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === frees && p.version === 1 && p.diagnostics.length === 0);
    client.notify('textDocument/didClose', { textDocument: { uri: frees } });
    const closed = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === frees && p.version === undefined);
    assert.deepEqual(closed.diagnostics.map((d) => d.code), ['DK202']);
    // A .gitignore'd file has diagnostics while open only.
    const ignored = uri('generated/Copy.cpp');
    client.notify('textDocument/didOpen', { textDocument: { uri: ignored, languageId: 'cpp', version: 1, text: FREES } });
    await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === ignored && p.version === 1 && p.diagnostics.length === 1);
    client.notify('textDocument/didClose', { textDocument: { uri: ignored } });
    await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === ignored && p.version === undefined && p.diagnostics.length === 0);
  });

  it('driverkit.server.relintWorkspace rescans and picks up files that appeared without a watched-file event', async () => {
    fs.writeFileSync(path.join(root, 'Driver/Later.cpp'), FREES);
    const result = await client.request('workspace/executeCommand', { command: 'driverkit.server.relintWorkspace', arguments: [] });
    assert.deepEqual(result, { filesIndexed: 4 });
    assert.deepEqual(lastPublished(uri('Driver/Later.cpp'))?.diagnostics.map((d) => d.code), ['DK202']);
    assert.equal((await status()).filesIndexed, 4);
  });

  it('sends statusChanged at most twice a second', () => {
    const seconds = (performance.now() - started) / 1000;
    assert.ok(client.count('driverkit/statusChanged') <= Math.ceil(seconds * 2) + 1, `${client.count('driverkit/statusChanged')} notifications in ${seconds.toFixed(1)} s`);
  });
});

describe('driverkit.maxWorkspaceFiles', () => {
  it('analyses no more files than the budget, with one notice, and still indexes every .iig', async () => {
    const root = writeWorkspace();
    const client = new LspTestClient();
    try {
      await client.initialize({ rootUri: pathToFileURL(root).toString(), initializationOptions: { settings: { debounceMs: 0, maxWorkspaceFiles: 1, rules: onlyRules(['DK105', 'DK202']) } } });
      await client.waitFor('window/logMessage', (m: any) => m.message.startsWith('Indexed '));
      for (;;) {
        const current = await client.request('driverkit/serverStatus', {});
        if (!current.indexing) {
          assert.equal(current.indexedFiles, 1);
          assert.equal(current.filesIndexed, 2, 'Pump.iig indexed, and one file analysed');
          break;
        }
        await client.waitFor('driverkit/statusChanged');
      }
      const published = client.received<Published>('textDocument/publishDiagnostics').map((p) => path.relative(root, new URL(p.uri).pathname));
      assert.deepEqual(published, ['Driver/Frees.cpp'], 'breadth-first in name order: the first file only');
      const logs = client.received<{ message: string }>('window/logMessage').map((m) => m.message);
      assert.equal(logs.filter((m) => m === 'The workspace has more source files than driverkit.maxWorkspaceFiles (1); files past it get diagnostics only when opened.').length, 1);
    } finally {
      await client.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('files indexed with property lists', () => {
  it('counts a property list once although both the index and the scan know it', async () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-wsplist-')));
    fs.writeFileSync(path.join(root, 'Pump.iig'), PUMP_IIG);
    fs.writeFileSync(path.join(root, 'Pump.cpp'), PUMP_CPP);
    fs.writeFileSync(
      path.join(root, 'Info.plist'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n<dict>\n\t<key>CFBundleIdentifier</key>\n\t<string>com.example.Pump</string>\n</dict>\n</plist>\n',
    );
    const client = new LspTestClient();
    try {
      await client.initialize({ rootUri: pathToFileURL(root).toString(), initializationOptions: { settings: { debounceMs: 0, rules: onlyRules(['DK105']) } } });
      await client.waitFor('window/logMessage', (m: any) => m.message.startsWith('Indexed '));
      let current: any;
      for (;;) {
        current = await client.request('driverkit/serverStatus', {});
        if (!current.indexing) break;
        await client.waitFor('driverkit/statusChanged');
      }
      assert.equal(current.indexedFiles, 2, 'Pump.iig and Info.plist are in the index');
      assert.equal(current.filesIndexed, 3, 'Pump.iig, Info.plist and Pump.cpp, each once');
    } finally {
      await client.shutdown();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
