#!/usr/bin/env node
// Checks a packaged .vsix: every runtime file is there, nothing else is (no sources, maps, dev packages, grammar C
// sources or unsupported platforms' prebuilds), and prints the listing summary and the size.
//   node scripts/check-vsix.mjs driverkit-vscode.vsix [--list]
// Pure Node: a .vsix is a zip, read here through its central directory (no unzip needed).
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

/** Platforms whose native parser ships in the universal package (others fall back to the wasm parser). */
export const NATIVE_TARGETS = ['darwin-arm64', 'darwin-x64', 'linux-x64', 'win32-x64'];

/** The runtime files of the native parser, per package: what `require('tree-sitter')` and `require('tree-sitter-cpp')` load. */
export const RUNTIME_MODULES = {
  'tree-sitter': ['package.json', 'index.js', ...NATIVE_TARGETS.map((t) => `prebuilds/${t}/tree-sitter.node`)],
  'tree-sitter-cpp': [
    'package.json',
    'bindings/node/index.js',
    'src/node-types.json',
    ...NATIVE_TARGETS.map((t) => `prebuilds/${t}/tree-sitter-cpp.node`),
  ],
  // Both bindings call require('node-gyp-build')(dir) to pick the prebuild for the running platform.
  'node-gyp-build': ['package.json', 'index.js', 'node-gyp-build.js'],
};
/** Optional files copied when the package has them (licence notices of the redistributed code). */
export const RUNTIME_MODULE_EXTRAS = ['LICENSE'];

/** Bundles and parser files in dist/ (everything else is bundled by esbuild). */
export const DIST_FILES = ['client.js', 'server.js', 'server-main.js', 'cli.js', 'tree-sitter.wasm', 'tree-sitter-cpp.wasm'];
/** Folders shipped whole (rule pages, snippets, grammars, images). */
export const ASSET_FOLDERS = ['docs', 'snippets', 'syntaxes', 'images'];
const PREFIX = 'extension/';

/** Top-level entries are compared ignoring case: vsce stores README.md as readme.md and LICENSE as LICENSE.txt. */
const samePath = (a, b) => (a.includes('/') || b.includes('/') ? a === b : a.toLowerCase() === b.toLowerCase());
const LICENSE_FILE = /^LICEN[CS]E(\.txt|\.md)?$/i;

/** Paths (inside `extension/`) that must be in the package. */
export function requiredEntries() {
  return [
    'package.json',
    'README.md',
    'CHANGELOG.md',
    'images/icon.png',
    ...DIST_FILES.map((f) => `dist/${f}`),
    ...Object.entries(RUNTIME_MODULES).flatMap(([pkg, files]) => files.map((f) => `node_modules/${pkg}/${f}`)),
  ];
}

/** Forbidden patterns, each with the reason printed when an entry matches (tested before the allow-list). */
export const FORBIDDEN = [
  [/\.map$/i, 'source map'],
  [/\.(ts|tsx|mts|cts)$/i, 'TypeScript source'],
  [/^(client|server|test|bench|examples|scripts|\.ci|\.git|\.vscode)\//, 'source, test or tooling folder'],
  [/(^|\/)(tsconfig\.json|esbuild\.mjs|package-lock\.json|\.vscodeignore|\.gitignore)$/, 'build configuration'],
  [/\.vsix$/i, 'nested package'],
  [/^node_modules\/.*\.(c|cc|cpp|h|hpp|gyp|gypi)$/i, 'C/C++ sources or build files of a native package'],
  [/^node_modules\/[^/]+\/prebuilds\/([^/]+)\//, 'prebuild for a platform that is not shipped', (m) => !NATIVE_TARGETS.includes(m[1])],
  [/^node_modules\/[^/]+\/node_modules\//, 'nested node_modules'],
  [/^node_modules\/(?!(tree-sitter|tree-sitter-cpp|node-gyp-build)\/)/, 'package that is bundled or a dev dependency'],
];

function isAllowed(path) {
  if (requiredEntries().some((required) => samePath(required, path))) return true;
  if (LICENSE_FILE.test(path)) return true;
  if (ASSET_FOLDERS.some((folder) => path.startsWith(`${folder}/`))) return true;
  return Object.keys(RUNTIME_MODULES).some((pkg) => RUNTIME_MODULE_EXTRAS.some((f) => path === `node_modules/${pkg}/${f}`));
}

/**
 * Checks entry names of a .vsix against the layout. `manifest` is the packaged package.json (its `main`, `icon` and
 * contributed files must be in the package). Returns human-readable problems; empty when the package is good.
 */
export function checkEntries(names, manifest) {
  const problems = [];
  const inside = new Set();
  for (const name of names) {
    if (name === 'extension.vsixmanifest' || name === '[Content_Types].xml') continue;
    if (!name.startsWith(PREFIX)) {
      problems.push(`unexpected entry outside extension/: ${name}`);
      continue;
    }
    const path = name.slice(PREFIX.length);
    inside.add(path);
    const forbidden = FORBIDDEN.find(([pattern, , when]) => {
      const match = pattern.exec(path);
      return match && (!when || when(match));
    });
    if (forbidden) problems.push(`forbidden entry (${forbidden[1]}): ${name}`);
    else if (!isAllowed(path)) problems.push(`unexpected entry (not part of the package layout): ${name}`);
  }
  for (const path of requiredEntries()) {
    if (![...inside].some((p) => samePath(p, path))) problems.push(`missing required entry: ${PREFIX}${path}`);
  }
  if (![...inside].some((p) => LICENSE_FILE.test(p))) problems.push(`missing required entry: ${PREFIX}LICENSE(.txt)`);
  for (const folder of ['docs/rules', 'snippets', 'syntaxes']) {
    if (![...inside].some((p) => p.startsWith(`${folder}/`))) problems.push(`missing required folder: ${PREFIX}${folder}/ is empty or absent`);
  }
  for (const path of manifestFiles(manifest)) {
    if (!inside.has(path)) problems.push(`missing file referenced by package.json: ${PREFIX}${path}`);
  }
  return problems;
}

/** Files the manifest points at: main, icon, grammars, snippets, language configurations. */
export function manifestFiles(manifest) {
  if (!manifest) return [];
  const clean = (p) => normalize(p).split(sep).join('/').replace(/^\.\//, '');
  const contributes = manifest.contributes ?? {};
  const paths = [
    manifest.main,
    manifest.icon,
    ...(contributes.grammars ?? []).map((g) => g.path),
    ...(contributes.snippets ?? []).map((s) => s.path),
    ...(contributes.languages ?? []).map((l) => l.configuration),
  ];
  return paths.filter((p) => typeof p === 'string').map(clean);
}

// ---------------------------------------------------------------------------------------------------------------
// Zip reading (central directory) and extraction.

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(buffer) {
  let c = 0xffffffff;
  for (let i = 0; i < buffer.length; i++) c = CRC_TABLE[(c ^ buffer[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Lists a zip's entries from its central directory: { name, method, crc, compressedSize, size, localOffset }. */
export function readZipEntries(buffer) {
  const minEocd = 22;
  let eocd = -1;
  for (let i = buffer.length - minEocd; i >= Math.max(0, buffer.length - minEocd - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end-of-central-directory record)');
  const count = buffer.readUInt16LE(eocd + 10);
  const cdOffset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new Error('zip64 archives are not supported');
  const entries = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(p) !== 0x02014b50) throw new Error(`corrupt central directory at entry ${i}`);
    const nameLength = buffer.readUInt16LE(p + 28);
    const extraLength = buffer.readUInt16LE(p + 30);
    const commentLength = buffer.readUInt16LE(p + 32);
    entries.push({
      name: buffer.toString('utf8', p + 46, p + 46 + nameLength),
      method: buffer.readUInt16LE(p + 10),
      crc: buffer.readUInt32LE(p + 16),
      compressedSize: buffer.readUInt32LE(p + 20),
      size: buffer.readUInt32LE(p + 24),
      localOffset: buffer.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one entry, CRC-checked. */
export function readZipEntry(buffer, entry) {
  const p = entry.localOffset;
  if (buffer.readUInt32LE(p) !== 0x04034b50) throw new Error(`corrupt local header for ${entry.name}`);
  const start = p + 30 + buffer.readUInt16LE(p + 26) + buffer.readUInt16LE(p + 28);
  const raw = buffer.subarray(start, start + entry.compressedSize);
  let data;
  if (entry.method === 0) data = Buffer.from(raw);
  else if (entry.method === 8) data = inflateRawSync(raw);
  else throw new Error(`unsupported compression method ${entry.method} for ${entry.name}`);
  if (data.length !== entry.size || crc32(data) !== entry.crc) throw new Error(`corrupt data for ${entry.name}`);
  return data;
}

/** Extracts every file of the zip under `destination` (which must exist or be creatable). */
export function extractZip(zipPath, destination) {
  const buffer = readFileSync(zipPath);
  const root = resolve(destination);
  for (const entry of readZipEntries(buffer)) {
    if (entry.name.endsWith('/')) continue;
    const target = resolve(root, entry.name);
    if (isAbsolute(entry.name) || !target.startsWith(root + sep)) throw new Error(`unsafe path in archive: ${entry.name}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, readZipEntry(buffer, entry));
  }
}

/** Reads a .vsix and checks it. Returns { entries, manifest, problems, size }. */
export function checkVsix(vsixPath) {
  const buffer = readFileSync(vsixPath);
  const entries = readZipEntries(buffer);
  const manifestEntry = entries.find((e) => e.name === `${PREFIX}package.json`);
  let manifest;
  const problems = [];
  if (manifestEntry) {
    try {
      manifest = JSON.parse(readZipEntry(buffer, manifestEntry).toString('utf8'));
    } catch (error) {
      problems.push(`extension/package.json is unreadable: ${error.message}`);
    }
  }
  problems.push(...checkEntries(entries.filter((e) => !e.name.endsWith('/')).map((e) => e.name), manifest));
  if (manifest) {
    if (!manifest.engines?.vscode) problems.push('extension/package.json has no engines.vscode');
    if (manifest.main !== './dist/client.js') problems.push(`extension/package.json main is '${manifest.main}', expected './dist/client.js'`);
    for (const field of ['devDependencies', 'scripts']) {
      if (manifest[field]) problems.push(`extension/package.json still has '${field}'`);
    }
  }
  return { entries, manifest, problems, size: statSync(vsixPath).size };
}

export function formatSize(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes.toLocaleString('en-US')} bytes)`;
}

function main(argv) {
  const list = argv.includes('--list');
  const files = argv.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) {
    process.stderr.write('Usage: node scripts/check-vsix.mjs <file.vsix> [--list]\n');
    return 2;
  }
  let result;
  try {
    result = checkVsix(files[0]);
  } catch (error) {
    process.stderr.write(`check-vsix: cannot read ${files[0]}: ${error.message}\n`);
    return 2;
  }
  const { entries, problems, size } = result;
  if (list) {
    for (const e of entries) process.stdout.write(`${String(e.size).padStart(10)}  ${e.name}\n`);
  }
  const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
  process.stdout.write(`${files[0]}: ${entries.length} entries, ${formatSize(size)}, ${formatSize(unpacked)} unpacked\n`);
  if (problems.length > 0) {
    process.stderr.write(`check-vsix: ${problems.length} problem(s) in ${files[0]}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write('check-vsix: OK (all runtime files present, nothing forbidden)\n');
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
