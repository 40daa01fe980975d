// The background scan on worker threads over stdio: unopened files get the same diagnostics with the pool on (two
// workers, under the safety hook) as with it off, also after an .iig changes on disk (the index reaches the workers).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { writeTree } from '../../bench/generate-corpus';
import { LspTestClient } from '../helpers/lsp-client';

const HOOK = path.resolve(__dirname, '..', 'robustness', 'forbid-side-effects.cjs');
/** DK202 on line 2. */
const FREES = 'void Demo::Stop2()\n{\n    ivars->queue->free();\n}\n';
/** Helper is LOCALONLY here, so the .cpp's IMPL(Pump, Helper) is a DK105 finding; not with PUMP_IIG_RPC. */
const PUMP_IIG = 'class Pump : public IOService\n{\npublic:\n    kern_return_t Helper() LOCALONLY;\n};\n';
const PUMP_IIG_RPC = PUMP_IIG.replace('kern_return_t Helper() LOCALONLY;', 'virtual kern_return_t Helper();');
const PUMP_CPP = 'kern_return_t IMPL(Pump, Helper)\n{\n    return kIOReturnSuccess;\n}\n';
const POOL_STARTED = 'Analysing unopened files on 2 worker thread(s).';

interface Published {
  uri: string;
  diagnostics: { code: string }[];
}

function writeWorkspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-wsworkers-')));
  writeTree(path.join(root, 'generated-drivers'), 12, 80);
  fs.mkdirSync(path.join(root, 'Driver'));
  fs.writeFileSync(path.join(root, 'Driver/Pump.iig'), PUMP_IIG);
  fs.writeFileSync(path.join(root, 'Driver/Pump.cpp'), PUMP_CPP);
  for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(root, `Driver/Frees${i}.cpp`), FREES);
  return root;
}

/** A server on the same workspace with `workers` scan workers, once its scan is done. */
async function startServer(root: string, workers: number): Promise<LspTestClient> {
  const client = new LspTestClient({ execArgv: ['--require', HOOK] });
  await client.initialize({ rootUri: pathToFileURL(root).toString(), initializationOptions: { workspaceWorkers: workers, settings: { debounceMs: 0 } } });
  await client.waitFor('window/logMessage', (m: any) => m.message.startsWith('Indexed '));
  await scanDone(client);
  return client;
}

async function scanDone(client: LspTestClient): Promise<void> {
  while ((await client.request('driverkit/serverStatus', {})).indexing) await client.waitFor('driverkit/statusChanged');
}

/** The last diagnostics published for each file, by path relative to `root`. */
function lastByFile(client: LspTestClient, root: string): Map<string, Published['diagnostics']> {
  const last = new Map<string, Published['diagnostics']>();
  for (const p of client.received<Published>('textDocument/publishDiagnostics')) last.set(path.relative(root, new URL(p.uri).pathname), p.diagnostics);
  return new Map([...last].sort(([a], [b]) => (a < b ? -1 : 1)));
}

describe('background scan on worker threads', () => {
  let root: string;
  let onMain: LspTestClient;
  let onWorkers: LspTestClient;

  before(async () => {
    root = writeWorkspace();
    [onMain, onWorkers] = await Promise.all([startServer(root, 0), startServer(root, 2)]);
  });

  after(async () => {
    for (const client of [onMain, onWorkers]) {
      assert.equal(client.exited, undefined, `the server exited; stderr: ${client.stderr}`);
      assert.doesNotMatch(client.stderr, /FORBIDDEN/);
      await client.shutdown();
    }
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('starts the pool only when asked to, and publishes identical diagnostics for every unopened file', () => {
    const logsOf = (client: LspTestClient): string[] => client.received<{ message: string }>('window/logMessage').map((m) => m.message);
    assert.ok(logsOf(onWorkers).includes(POOL_STARTED), logsOf(onWorkers).join('\n'));
    assert.ok(!logsOf(onMain).some((line) => line.startsWith('Analysing unopened files on')));
    const expected = lastByFile(onMain, root);
    assert.equal(expected.size, 12 * 2 + 2 + 4, 'every generated and hand-written file');
    assert.deepEqual(expected.get('Driver/Pump.cpp')?.map((d) => d.code), ['DK105']);
    assert.deepEqual(expected.get('Driver/Frees0.cpp')?.map((d) => d.code), ['DK202']);
    assert.deepEqual([...expected.values()].flat().map((d) => d.code).sort(), ['DK105', 'DK202', 'DK202', 'DK202', 'DK202']);
    assert.deepEqual(lastByFile(onWorkers, root), expected);
  });

  it('re-runs dependants with the changed .iig on the workers too', async () => {
    fs.writeFileSync(path.join(root, 'Driver/Pump.iig'), PUMP_IIG_RPC);
    const pumpCpp = pathToFileURL(path.join(root, 'Driver/Pump.cpp')).toString();
    for (const client of [onMain, onWorkers]) {
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(root, 'Driver/Pump.iig')).toString(), type: 2 }] });
      await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === pumpCpp && p.diagnostics.length === 0);
      await scanDone(client);
    }
    assert.deepEqual(lastByFile(onWorkers, root), lastByFile(onMain, root));
  });
});
