#!/usr/bin/env node
// `npm run test:e2e`: installs the e2e toolchain (scripts/e2e/setup.mjs), builds, packages the .vsix, then runs
// test/e2e/*.e2e.ts with Node's test runner (VS Code through code-server + Chromium, and headless Neovim), timed.
//   node scripts/e2e/run.mjs [--skip-package] [test/e2e/one.e2e.ts ...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function run(label, command, args, env = process.env) {
  const began = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  console.log(`[e2e] ${label}: ${result.status === 0 ? 'ok' : `exit ${result.status ?? result.signal}`} in ${seconds(began)}`);
  return result.status ?? 1;
}

const argv = process.argv.slice(2);
const skipPackage = argv.includes('--skip-package');
const only = argv.filter((a) => !a.startsWith('--'));

const setupStarted = Date.now();
const paths = setup();
console.log(`[e2e] setup: ok in ${seconds(setupStarted)}`);

if (run('build', process.execPath, ['esbuild.mjs']) !== 0) process.exit(1);
const outDir = join(root, 'test-results', 'e2e');
const vsix = join(outDir, 'driverkit-vscode.vsix');
// Screenshots and logs of an earlier run go; the package stays only for --skip-package.
mkdirSync(outDir, { recursive: true });
for (const name of readdirSync(outDir)) if (!(skipPackage && join(outDir, name) === vsix)) rmSync(join(outDir, name), { recursive: true, force: true });
if (!skipPackage || !existsSync(vsix)) {
  if (run('package', process.execPath, ['scripts/package-vsix.mjs', '--out', vsix]) !== 0) process.exit(1);
}

const files = only.length > 0 ? only : readdirSync(join(root, 'test', 'e2e')).filter((f) => f.endsWith('.e2e.ts')).sort().map((f) => join('test', 'e2e', f));
const status = run('tests', process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  ...process.env,
  DRIVERKIT_E2E_VSIX: vsix,
  DRIVERKIT_E2E_NODE24: paths.node24Exe,
  DRIVERKIT_E2E_CODE_SERVER: paths.codeServerEntry,
  DRIVERKIT_E2E_CHROMIUM: paths.chromium,
  DRIVERKIT_E2E_NVIM: paths.nvim,
});
console.log(`[e2e] total ${seconds(started)}; screenshots and logs in ${outDir}`);
process.exit(status);
