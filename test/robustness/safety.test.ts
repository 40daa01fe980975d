// Safety in untrusted workspaces: the server and the CLI start no process, open no connection, read only the
// workspace (never through a link leading out of it) and their own installation, and no setting can name a program.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readSettings } from '../../server/src/lsp/settings';
import { LspTestClient } from '../helpers/lsp-client';
import { BACKENDS } from '../helpers/parsers';
import { createHostileWorkspace, PUMP_CPP, PUMP_IIG, type HostileWorkspace } from './hostile-workspace';
import { status, type Published } from './lsp-fixtures';
import { ROOT } from './realistic-sources';

const HOOK = path.join(__dirname, 'forbid-side-effects.cjs');
const CLI = path.join(ROOT, 'dist', 'cli.js');

interface IoLog {
  readonly forbidden: string[];
  /** Real paths read or listed. */
  readonly paths: string[];
  /** Files compiled with vm.Script, each with its code cache state. */
  readonly compiled: string[];
}

function readIoLog(file: string): IoLog {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  const real = (p: string): string => {
    try {
      return fs.realpathSync(p);
    } catch {
      return p;
    }
  };
  return {
    forbidden: lines.filter((l) => l.startsWith('FORBIDDEN')),
    paths: lines.filter((l) => /^(READ|LIST) /.test(l)).map((l) => real(l.replace(/^(READ|LIST) /, ''))),
    compiled: lines.filter((l) => l.startsWith('COMPILE ')).map((l) => l.slice('COMPILE '.length)),
  };
}

const within = (dir: string, file: string): boolean => file === dir || file.startsWith(`${dir}${path.sep}`);

describe('safety', () => {
  let ws: HostileWorkspace;
  let logDir: string;
  /** The server's code cache folder (the client passes the extension's storage folder the same way). */
  let cacheDir: string;
  let sessions = 0;
  before(() => {
    ws = createHostileWorkspace();
    logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-io-log-'));
    cacheDir = path.join(logDir, 'code-cache');
  });
  after(() => {
    ws.remove();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  /** Reads outside the workspace and the package itself; the log must show the package was actually checked. */
  const strayReads = (log: IoLog): string[] => log.paths.filter((p) => !within(ws.root, p) && !within(ROOT, p) && !isCacheFile(p));
  /** The server's own code cache: its folder (listed to remove stale files) and its cache files (read, or written through a temporary file). */
  const isCacheFile = (p: string): boolean => p === fs.realpathSync(cacheDir) || (path.dirname(p) === fs.realpathSync(cacheDir) && /^server-[0-9a-f]{40}\.v8cache(\.\d+\.tmp)?$/.test(path.basename(p)));

  it('the hook itself fails loudly on a process, a connection, a request or fetch', () => {
    for (const code of [
      "require('child_process').execSync('true')",
      "require('net').connect(9, '127.0.0.1')",
      "require('http').get('http://127.0.0.1:9/')",
      "require('dgram').createSocket('udp4')",
      'fetch("http://127.0.0.1:9/")',
      "require('vm').runInThisContext('1')",
      "new (require('vm').Script)('1', { filename: __filename })",
      "require('vm').compileFunction('return 1')",
    ]) {
      const result = spawnSync(process.execPath, ['--require', HOOK, '-e', code], { encoding: 'utf8' });
      assert.notEqual(result.status, 0, code);
      assert.match(result.stderr, /^FORBIDDEN /m, code);
    }
  });

  for (const backend of BACKENDS) {
    it(`a full LSP session (${backend} parser) spawns nothing, connects nowhere and reads only the workspace and the package`, async () => {
      const logFile = path.join(logDir, `server-${backend}.log`);
      const client = new LspTestClient({ execArgv: ['--require', HOOK], env: { DRIVERKIT_IO_LOG: logFile, DRIVERKIT_CODE_CACHE_DIR: cacheDir } });
      const pumpCpp = pathToFileURL(path.join(ws.root, 'Pump.cpp')).toString();
      const pumpIig = pathToFileURL(path.join(ws.root, 'Pump.iig')).toString();
      try {
        await client.initialize({ rootUri: pathToFileURL(ws.root).toString(), configuration: true, initializationOptions: { parserBackend: backend, settings: { debounceMs: 0 } } });
        await client.waitFor('window/logMessage', (m: { message: string }) => m.message.startsWith('Indexed '));
        client.notify('textDocument/didOpen', { textDocument: { uri: pumpIig, languageId: 'iig', version: 1, text: PUMP_IIG } });
        client.notify('textDocument/didOpen', { textDocument: { uri: pumpCpp, languageId: 'cpp', version: 1, text: PUMP_CPP } });
        await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === pumpCpp && p.diagnostics.length > 0);
        client.notify('textDocument/didChange', { textDocument: { uri: pumpCpp, version: 2 }, contentChanges: [{ text: `${PUMP_CPP}// edited\n` }] });
        await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === pumpCpp && p.version === 2);
        const actions = await client.request<unknown[]>('textDocument/codeAction', {
          textDocument: { uri: pumpCpp },
          range: { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } },
          context: { diagnostics: [] },
        });
        assert.ok(actions.length > 0);
        const links = ['links/Outside.iig', 'links/outside-dir/Secret.iig', 'links/Dangling.iig', 'links/self/Pump.iig', 'links/parent/workspace/Pump.iig'];
        client.notify('workspace/didChangeWatchedFiles', {
          changes: [...links.map((l) => ({ uri: pathToFileURL(path.join(ws.root, l)).toString(), type: 2 })), { uri: pathToFileURL(path.join(ws.outside, 'Secret.iig')).toString(), type: 1 }],
        });
        client.notify('textDocument/didClose', { textDocument: { uri: pumpIig } });
        client.notify('workspace/didChangeConfiguration', { settings: null });
        await status(client);
      } finally {
        await client.shutdown();
      }
      assert.equal(client.exited, 0, `clean exit; stderr: ${client.stderr}`);
      assert.doesNotMatch(client.stderr, /FORBIDDEN/);
      const log = readIoLog(logFile);
      assert.deepEqual(log.forbidden, []);
      assert.ok(log.paths.some((p) => within(ws.root, p)), 'the workspace was read (the log works)');
      assert.deepEqual(strayReads(log), [], 'no read outside the workspace folder and the package');
      assert.ok(!log.paths.some((p) => within(ws.outside, p)), 'nothing behind a link was read');
      // The bootstrap compiled the package's own bundle and nothing else; the first session wrote the cache that the
      // next one used.
      assert.deepEqual(log.compiled, [`${path.join(ROOT, 'dist', 'server-main.js')} ${sessions++ === 0 ? 'without-cache' : 'cache-accepted'}`]);
    });
  }

  it('the CLI on the same workspace spawns nothing and reads nothing outside it', () => {
    const logFile = path.join(logDir, 'cli.log');
    const result = spawnSync(process.execPath, ['--require', HOOK, CLI, '--format', 'sarif', '.'], { cwd: ws.root, encoding: 'utf8', env: { ...process.env, DRIVERKIT_IO_LOG: logFile } });
    assert.doesNotMatch(result.stderr, /FORBIDDEN/);
    JSON.parse(result.stdout);
    const log = readIoLog(logFile);
    assert.deepEqual(log.forbidden, []);
    assert.deepEqual(strayReads(log), []);
  });

  it('declares untrusted-workspace support, and no setting can name a program, a path or a command', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    const properties = Object.entries(manifest.contributes.configuration.properties as Record<string, { type: string; enum?: unknown[]; additionalProperties?: { enum?: unknown[] } }>);
    for (const [name, schema] of properties) {
      assert.doesNotMatch(name, /path|command|executable|program|binary|args|shell|cwd/i, name);
      // A free-form string is what could name a program; strings must be enumerations.
      if (schema.type === 'string') assert.ok(Array.isArray(schema.enum), `${name} is an enumeration`);
      if (schema.type === 'object') assert.ok(Array.isArray(schema.additionalProperties?.enum), `${name} holds enumerated values only`);
    }
    const { settings, layer } = readSettings({ rules: {}, executablePath: '/bin/sh', command: 'rm -rf ~', parserPath: '/tmp/evil.node', debounceMs: 5 });
    assert.deepEqual(Object.keys(settings).sort(), ['debounceMs', 'exclude', 'include', 'maxFileSizeBytes', 'maxWorkspaceFiles', 'rules', 'run'], 'unknown settings are ignored');
    assert.deepEqual(Object.keys(layer).sort(), ['debounceMs', 'rules'], 'only the known settings given are taken');
  });

  it('no server or client source imports a module that starts processes or opens connections', () => {
    const forbidden = /(?:from\s+|require\(\s*)['"](?:node:)?(child_process|net|http|https|http2|tls|dgram|worker_threads|cluster|vm)['"]/;
    const offenders: string[] = [];
    const visit = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (/\.ts$/.test(entry.name) && forbidden.test(fs.readFileSync(full, 'utf8'))) offenders.push(path.relative(ROOT, full));
      }
    };
    visit(path.join(ROOT, 'server', 'src'));
    visit(path.join(ROOT, 'client', 'src'));
    // The CLI's --jobs pool and the server's background-scan pool start worker threads running the program's own
    // bundle (checked at run time by the hook).
    const ownWorkers = ['server/src/cli/main.ts', 'server/src/engine/worker-pool.ts', 'server/src/lsp/scan-workers.ts'];
    const onlyWorkerThreads = (file: string): boolean => ownWorkers.includes(file.split(path.sep).join('/')) && !/(?:from\s+|require\(\s*)['"](?:node:)?(child_process|net|http|https|http2|tls|dgram|cluster)['"]/.test(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    // The bootstrap compiles the server's own bundle with vm.Script (checked at run time by the hook).
    const compilesOwnBundle = (file: string): boolean => file.split(path.sep).join('/') === 'server/src/boot/bootstrap.ts' && !/(?:from\s+|require\(\s*)['"](?:node:)?(child_process|net|http|https|http2|tls|dgram|worker_threads|cluster)['"]/.test(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    assert.deepEqual(offenders.filter((file) => !onlyWorkerThreads(file) && !compilesOwnBundle(file)), []);
  });
});
