#!/usr/bin/env node
// Builds the universal driverkit-vscode.vsix from a clean staging folder, then checks it.
//   node scripts/package-vsix.mjs [--out <file.vsix>] [--keep-stage]
//
// Why a staging folder: vsce either skips node_modules entirely (--no-dependencies) or takes every production
// dependency that `npm list` reports (and fails when that tree has peer-dependency warnings). The extension needs only
// the native parser's runtime files from node_modules (everything else is bundled by esbuild), so this script copies
// exactly those, the bundles and the assets into a temporary folder with a pruned package.json and runs vsce there.
// The production bundles are built in a temporary copy of the sources too, so packaging never rewrites the
// development build in dist/ that tests and the debugger use.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSET_FOLDERS, DIST_FILES, RUNTIME_MODULE_EXTRAS, RUNTIME_MODULES, checkVsix, formatSize } from './check-vsix.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** Top-level entries never copied into the build copy of the sources. */
const BUILD_COPY_SKIP = new Set(['node_modules', '.git', 'dist', '.cache', 'test-artifacts']);
/** Fields of the runtime packages' package.json that describe how they were installed, not how they load. */
const INSTALL_FIELDS = ['dependencies', 'peerDependencies', 'peerDependenciesMeta', 'optionalDependencies', 'devDependencies', 'bundleDependencies', 'bundledDependencies'];

function parseOptions(argv) {
  const options = { out: join(root, 'driverkit-vscode.vsix'), keepStage: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') options.out = resolve(argv[++i] ?? '');
    else if (argv[i].startsWith('--out=')) options.out = resolve(argv[i].slice('--out='.length));
    else if (argv[i] === '--keep-stage') options.keepStage = true;
    else fail(`unknown option '${argv[i]}'. Usage: node scripts/package-vsix.mjs [--out <file.vsix>] [--keep-stage]`);
  }
  return options;
}

class PackagingError extends Error {}

function fail(message) {
  throw new PackagingError(message);
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CI: 'true' },
    shell: false,
  });
  if (result.error) fail(`${command} ${args.join(' ')} could not start: ${result.error.message}`);
  if (result.status !== 0) fail(`${[command, ...args].join(' ')} exited with ${result.status ?? result.signal} (in ${cwd})`);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** Production bundles built in a temporary copy of the sources (node_modules linked, not copied). */
function buildProduction(work) {
  const build = join(work, 'build');
  mkdirSync(build);
  for (const name of readdirSync(root)) {
    if (BUILD_COPY_SKIP.has(name) || name.endsWith('.vsix')) continue;
    cpSync(join(root, name), join(build, name), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(build, 'node_modules'), process.platform === 'win32' ? 'junction' : 'dir');
  run(process.execPath, ['esbuild.mjs', '--production'], build);
  return join(build, 'dist');
}

function copyFile(from, to) {
  if (!existsSync(from)) fail(`missing ${from}`);
  mkdirSync(dirname(to), { recursive: true });
  cpSync(from, to);
}

/** The packaged manifest: the repository's, without scripts and dev dependencies, depending only on what ships. */
function stagedManifest(manifest, runtimeVersions) {
  const { scripts: _scripts, devDependencies: _dev, dependencies = {}, ...rest } = manifest;
  const runtimeDependencies = {};
  for (const pkg of Object.keys(RUNTIME_MODULES)) runtimeDependencies[pkg] = dependencies[pkg] ?? runtimeVersions[pkg];
  return { ...rest, dependencies: runtimeDependencies };
}

/** Copies the native parser's runtime files; returns the installed versions. */
function stageRuntimeModules(stage) {
  const versions = {};
  const locations = {
    'tree-sitter': dirname(require.resolve('tree-sitter/package.json')),
    'tree-sitter-cpp': dirname(require.resolve('tree-sitter-cpp/package.json')),
  };
  // node-gyp-build as the bindings themselves resolve it.
  locations['node-gyp-build'] = dirname(createRequire(join(locations['tree-sitter'], 'index.js')).resolve('node-gyp-build/package.json'));
  const cppGypBuild = dirname(createRequire(join(locations['tree-sitter-cpp'], 'package.json')).resolve('node-gyp-build/package.json'));
  if (readJson(join(cppGypBuild, 'package.json')).version !== readJson(join(locations['node-gyp-build'], 'package.json')).version) {
    process.stderr.write('package-vsix: warning: tree-sitter and tree-sitter-cpp resolve different node-gyp-build versions; shipping the one of tree-sitter\n');
  }
  for (const [pkg, files] of Object.entries(RUNTIME_MODULES)) {
    const from = locations[pkg];
    const to = join(stage, 'node_modules', pkg);
    for (const file of files) {
      if (!existsSync(join(from, file))) fail(`${pkg} has no ${file} (is it installed, with its prebuilds? run npm ci)`);
      copyFile(join(from, file), join(to, file));
    }
    for (const file of RUNTIME_MODULE_EXTRAS) if (existsSync(join(from, file))) copyFile(join(from, file), join(to, file));
    // Only the loader fields matter at run time; dependency fields would make vsce's `npm list` look for packages
    // that are build-time only (node-addon-api, tree-sitter-c) and therefore not shipped.
    const manifest = readJson(join(to, 'package.json'));
    for (const field of INSTALL_FIELDS) delete manifest[field];
    writeJson(join(to, 'package.json'), manifest);
    versions[pkg] = `^${manifest.version}`;
  }
  return versions;
}

function stageAssets(stage, dist) {
  for (const file of DIST_FILES) copyFile(join(dist, file), join(stage, 'dist', file));
  for (const folder of ASSET_FOLDERS) {
    if (existsSync(join(root, folder))) cpSync(join(root, folder), join(stage, folder), { recursive: true });
  }
  for (const file of ['CHANGELOG.md', 'LICENSE', 'images/icon.png']) copyFile(join(root, file), join(stage, file));
  if (existsSync(join(root, 'README.md'))) {
    copyFile(join(root, 'README.md'), join(stage, 'README.md'));
  } else {
    process.stderr.write('package-vsix: warning: README.md is missing at the repository root; packaging a placeholder\n');
    const { displayName, description } = readJson(join(root, 'package.json'));
    writeFileSync(join(stage, 'README.md'), `# ${displayName}\n\n${description}\n`);
  }
}

function vsceArguments(manifest, out) {
  const args = ['package', '--no-yarn', '--out', out];
  // Without a repository URL vsce would prompt, and would fail on README links it cannot make absolute.
  if (!manifest.repository) args.push('--allow-missing-repository', '--no-rewrite-relative-links');
  return args;
}

function main() {
  const options = parseOptions(process.argv.slice(2));
  const manifest = readJson(join(root, 'package.json'));
  const work = mkdtempSync(join(tmpdir(), 'driverkit-vsix-'));
  const stage = join(work, 'extension');
  try {
    const dist = buildProduction(work);
    mkdirSync(stage);
    stageAssets(stage, dist);
    const runtimeVersions = stageRuntimeModules(stage);
    writeJson(join(stage, 'package.json'), stagedManifest(manifest, runtimeVersions));

    mkdirSync(dirname(options.out), { recursive: true });
    rmSync(options.out, { force: true });
    const vsce = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
    run(process.execPath, [vsce, ...vsceArguments(manifest, options.out)], stage);

    const { entries, problems, size } = checkVsix(options.out);
    if (problems.length > 0) fail(`${options.out} failed the layout check:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.stdout.write(`package-vsix: ${options.out}: ${entries.length} entries, ${formatSize(size)}; layout check OK\n`);
  } finally {
    if (options.keepStage) process.stdout.write(`package-vsix: staging folder kept at ${work}\n`);
    else rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  process.stderr.write(`package-vsix: ${error instanceof PackagingError ? error.message : error?.stack ?? error}\n`);
  process.exitCode = 1;
}
