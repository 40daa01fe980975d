// The server over stdio with a .driverkit-lint.json: precedence over defaults, editor settings winning, include/exclude,
// the onSave run mode, and an invalid project file reported once.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analysesSoFar, LspTestClient, onlyRules } from '../helpers/lsp-client';

const FREE = 'void Demo::Teardown()\n{\n    ivars->queue->free();\n}\n';
const CLEAN = 'void Demo::Teardown()\n{\n    OSSafeReleaseNULL(ivars->queue);\n}\n';
/** Every rule but DK202 off in the editor layer, so that only the severities under test vary. */
const OTHERS_OFF = onlyRules(['DK202']);

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; severity: number }[];
}

function workspace(config: string | undefined): { folder: string; uri: (file: string) => string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-project-'));
  if (config !== undefined) fs.writeFileSync(path.join(folder, '.driverkit-lint.json'), config);
  return { folder, uri: (file) => pathToFileURL(path.join(folder, file)).toString() };
}

describe('project file over stdio', () => {
  let client: LspTestClient;
  let ws: ReturnType<typeof workspace>;
  let version = 1;
  const open = (file: string, text: string): void => client.notify('textDocument/didOpen', { textDocument: { uri: ws.uri(file), languageId: 'cpp', version: 1, text } });
  const published = (file: string, predicate: (p: Published) => boolean = () => true): Promise<Published> =>
    client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === ws.uri(file) && predicate(p));
  const severities = (p: Published): [string, number][] => p.diagnostics.map((d) => [d.code, d.severity]);

  before(async () => {
    ws = workspace(JSON.stringify({ rules: { 'direct-free-call': 'information' }, exclude: ['Generated/'] }));
    client = new LspTestClient();
    await client.initialize({ rootUri: pathToFileURL(ws.folder).toString(), initializationOptions: { settings: { debounceMs: 0, rules: OTHERS_OFF } } });
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(ws.folder, { recursive: true, force: true });
  });

  it('the project file overrides the defaults (DK202 is an error by default)', async () => {
    open('Demo.cpp', FREE);
    assert.deepEqual(severities(await published('Demo.cpp', (p) => p.diagnostics.length > 0)), [['DK202', 3]]);
  });

  it('files the exclude globs match get no diagnostics', async () => {
    open('Generated/Table.cpp', FREE);
    assert.deepEqual((await published('Generated/Table.cpp')).diagnostics, []);
  });

  it('editor settings win over the project file, even when one names the rule by code and the other by name', async () => {
    client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: 0, rules: { ...OTHERS_OFF, DK202: 'hint' } } } });
    assert.deepEqual(severities(await published('Demo.cpp', (p) => p.diagnostics[0]?.severity === 4)), [['DK202', 4]]);
    client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: 0, rules: OTHERS_OFF, exclude: [] } } });
    assert.deepEqual(severities(await published('Generated/Table.cpp', (p) => p.diagnostics.length > 0)), [['DK202', 3]], "the editor's empty exclude list replaces the project's");
  });

  it('a changed project file is read again on the watched-file event', async () => {
    client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: 0, rules: OTHERS_OFF } } });
    fs.writeFileSync(path.join(ws.folder, '.driverkit-lint.json'), JSON.stringify({ rules: { DK202: 'warning' } }));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('.driverkit-lint.json'), type: 2 }] });
    assert.deepEqual(severities(await published('Demo.cpp', (p) => p.diagnostics[0]?.severity === 2)), [['DK202', 2]]);
    assert.deepEqual(severities(await published('Generated/Table.cpp', (p) => p.diagnostics[0]?.severity === 2)), [['DK202', 2]], 'no exclude any more');
  });

  it('"run": "onSave" analyses on open and save only, not on a change', async () => {
    fs.writeFileSync(path.join(ws.folder, '.driverkit-lint.json'), JSON.stringify({ run: 'onSave' }));
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('.driverkit-lint.json'), type: 2 }] });
    open('Saved.cpp', CLEAN);
    assert.deepEqual((await published('Saved.cpp', (p) => p.version === 1)).diagnostics, []);
    version = 2;
    const before = await analysesSoFar(client);
    client.notify('textDocument/didChange', { textDocument: { uri: ws.uri('Saved.cpp'), version }, contentChanges: [{ text: FREE }] });
    // None may run, or be published, for the edit.
    assert.equal(await analysesSoFar(client), before, 'no analysis ran for the change');
    assert.ok(!client.received<Published>('textDocument/publishDiagnostics').some((p) => p.uri === ws.uri('Saved.cpp') && p.version === version));
    client.notify('textDocument/didSave', { textDocument: { uri: ws.uri('Saved.cpp') } });
    assert.deepEqual(severities(await published('Saved.cpp', (p) => p.version === version)), [['DK202', 1]]);
  });
});

describe('invalid project file over stdio', () => {
  let client: LspTestClient;
  let ws: ReturnType<typeof workspace>;

  before(async () => {
    ws = workspace('{\n  "rules": {\n    "DK999": "off",\n    "DK202": "warning"\n  },\n  "run": "sometimes"\n}\n');
    client = new LspTestClient();
    await client.initialize({ rootUri: pathToFileURL(ws.folder).toString(), initializationOptions: { settings: { debounceMs: 0, rules: OTHERS_OFF } } });
  });
  after(async () => {
    await client.shutdown();
    fs.rmSync(ws.folder, { recursive: true, force: true });
  });

  it('reports each problem once, located, shows one message, and uses the valid entries', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri: ws.uri('Demo.cpp'), languageId: 'cpp', version: 1, text: FREE } });
    const first = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === ws.uri('Demo.cpp'));
    assert.deepEqual(first.diagnostics.map((d) => [d.code, d.severity]), [['DK202', 2]], 'the valid DK202 entry applies; "run" falls back to onType');
    // Settings pushed again and a change: the project file is read again, and its problems are not repeated.
    client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: 0, rules: OTHERS_OFF } } });
    client.notify('textDocument/didChange', { textDocument: { uri: ws.uri('Demo.cpp'), version: 2 }, contentChanges: [{ text: `${FREE}\n` }] });
    await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === ws.uri('Demo.cpp') && p.version === 2);
    await client.request('driverkit/serverStatus', {});
    const file = fs.realpathSync(path.join(ws.folder, '.driverkit-lint.json'));
    const logged = client.received<{ message: string }>('window/logMessage').map((m) => m.message).filter((m) => m.includes('.driverkit-lint.json'));
    assert.deepEqual(logged, [
      `Invalid .driverkit-lint.json entry ignored: ${file}:3:5: unknown rule "DK999" in "rules"; use a code or name from docs/rules/README.md`,
      `Invalid .driverkit-lint.json entry ignored: ${file}:6:10: "run" must be one of onType, onSave (got "sometimes")`,
    ]);
    const shown = client.received<{ type: number; message: string }>('window/showMessage');
    assert.deepEqual(shown, [
      {
        type: 2,
        message: `DriverKit: ${file}:3:5: unknown rule "DK999" in "rules"; use a code or name from docs/rules/README.md (and 1 more; see the DriverKit output). The defaults are used for the invalid entries.`,
      },
    ]);
  });
});
