// End to end in a second editor: Neovim's built-in LSP client (headless) runs `node dist/server.js --stdio`, opens the
// example driver's .cpp file and reads back the diagnostics that examples/ScsiRaidDext/EXPECTED.md lists for it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { EXAMPLE_DIR, EXAMPLE_SOURCES, expectedFindings, findingKeys, REPO_ROOT } from './expected-findings';

const NVIM = process.env.DRIVERKIT_E2E_NVIM || '/usr/bin/nvim';
const SERVER = path.join(REPO_ROOT, 'dist', 'server.js');
const INIT_LUA = path.join(__dirname, 'neovim', 'init.lua');
const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const FILE = 'ScsiRaidController.cpp';

interface NeovimResult {
  readonly error?: string;
  readonly matched?: boolean;
  readonly waitedMs?: number;
  readonly filetype?: string;
  readonly diagnostics?: { code: string; line: number; column: number; source?: string; message: string }[];
  readonly serverStatus?: { parserBackend?: string; version?: string } | null;
}

describe('Neovim built-in LSP client', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'dk-e2e-nvim-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it(`shows the diagnostics EXPECTED.md lists for ${FILE}`, () => {
    assert.ok(existsSync(NVIM), `${NVIM} is missing: run \`npm run test:e2e\` (its setup installs Debian's neovim)`);
    assert.ok(existsSync(SERVER), `${SERVER} is missing: run \`npm run build\``);
    const expected = expectedFindings(FILE);
    const out = path.join(work, 'diagnostics.json');
    const run = spawnSync(NVIM, ['--headless', '--noplugin', '-i', 'NONE', '-n', '-u', INIT_LUA], {
      cwd: EXAMPLE_DIR,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        // Neovim's state, logs and caches go to the temporary folder, not the user's home.
        XDG_CONFIG_HOME: path.join(work, 'config'),
        XDG_DATA_HOME: path.join(work, 'data'),
        XDG_STATE_HOME: path.join(work, 'state'),
        XDG_CACHE_HOME: path.join(work, 'cache'),
        DK_NODE: process.execPath,
        DK_SERVER: SERVER,
        DK_ROOT: EXAMPLE_DIR,
        DK_FILE: path.join(EXAMPLE_SOURCES, FILE),
        DK_OUT: out,
        DK_EXPECT: JSON.stringify(findingKeys(expected)),
        DK_TIMEOUT_MS: '60000',
      },
    });
    assert.ok(existsSync(out), `Neovim wrote no result (exit ${run.status ?? run.signal}).\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as NeovimResult;
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'neovim-diagnostics.json'), `${JSON.stringify(result, null, 2)}\n`);
    assert.equal(result.error, undefined, result.error);
    assert.equal(run.status, 0, `nvim exited with ${run.status ?? run.signal}: ${run.stderr}`);
    assert.equal(result.filetype, 'cpp');
    const diagnostics = result.diagnostics ?? [];
    assert.deepEqual(
      diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column })),
      expected.map((f) => ({ code: f.code, line: f.line, column: f.column })).sort((a, b) => a.line - b.line || a.code.localeCompare(b.code)),
      `Neovim showed other diagnostics than EXPECTED.md lists (matched within the timeout: ${result.matched})`,
    );
    assert.ok(diagnostics.every((d) => d.source === 'driverkit' && d.message.length > 0), JSON.stringify(diagnostics));
    assert.equal(result.matched, true);
    assert.match(result.serverStatus?.parserBackend ?? '', /^(native|wasm)$/);
  });
});
