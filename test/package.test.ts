// The universal .vsix: built by scripts/package-vsix.mjs, it must hold exactly the runtime files (bundles, wasm and the
// native parser for four platforms, rule pages, snippets, grammars, icon, documents) and nothing else, and its
// extracted copy alone must run the CLI and the language server with both parsers.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..');
const PACKAGE_SCRIPT = path.join(ROOT, 'scripts', 'package-vsix.mjs');
const CHECK_SCRIPT = path.join(ROOT, 'scripts', 'check-vsix.mjs');
const TARGETS = ['darwin-arm64', 'darwin-x64', 'linux-x64', 'win32-x64'];

/** The spec of the package, written out here on purpose rather than taken from check-vsix.mjs. */
const REQUIRED = [
  'extension/package.json',
  'extension/README.md',
  'extension/CHANGELOG.md',
  'extension/LICENSE',
  'extension/images/icon.png',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/server-main.js',
  'extension/dist/cli.js',
  'extension/dist/tree-sitter.wasm',
  'extension/dist/tree-sitter-cpp.wasm',
  'extension/node_modules/tree-sitter/package.json',
  'extension/node_modules/tree-sitter/index.js',
  ...TARGETS.map((t) => `extension/node_modules/tree-sitter/prebuilds/${t}/tree-sitter.node`),
  'extension/node_modules/tree-sitter-cpp/package.json',
  'extension/node_modules/tree-sitter-cpp/bindings/node/index.js',
  'extension/node_modules/tree-sitter-cpp/src/node-types.json',
  ...TARGETS.map((t) => `extension/node_modules/tree-sitter-cpp/prebuilds/${t}/tree-sitter-cpp.node`),
  'extension/node_modules/node-gyp-build/package.json',
  'extension/node_modules/node-gyp-build/index.js',
  'extension/node_modules/node-gyp-build/node-gyp-build.js',
];
/** Besides REQUIRED, node_modules may only hold the licence notices of the three runtime packages. */
const NODE_MODULES_EXTRAS = ['tree-sitter', 'tree-sitter-cpp', 'node-gyp-build'].map((p) => `extension/node_modules/${p}/LICENSE`);

const FORBIDDEN: [RegExp, string][] = [
  [/\.map$/i, 'source map'],
  [/\.(ts|tsx|mts|cts)$/i, 'TypeScript source'],
  [/^extension\/(client|server|test|bench|examples|scripts|\.ci|\.git)\//, 'sources, tests, examples or tooling'],
  [/(^|\/)(tsconfig\.json|esbuild\.mjs|package-lock\.json|\.vscodeignore|\.gitignore)$/, 'build configuration'],
  [/\.vsix$/i, 'nested package'],
  [/^extension\/node_modules\/(?!(tree-sitter|tree-sitter-cpp|node-gyp-build)\/)/, 'package other than the native runtime'],
  [/^extension\/node_modules\/[^/]+\/node_modules\//, 'nested node_modules'],
  [/^extension\/node_modules\/.*\.(c|cc|cpp|h|hpp|gyp)$/i, 'grammar or binding C sources'],
  [/\/prebuilds\/(?!(darwin-arm64|darwin-x64|linux-x64|win32-x64)\/)/, "another platform's prebuild"],
  [/^extension\/node_modules\/(tree-sitter|tree-sitter-cpp)\/(vendor|build|queries)\//, 'build-time files of the bindings'],
];

const SAMPLE = 'void Release(OSObject * ptr)\n{\n    ptr->free();\n}\n';

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}
interface Checker {
  readZipEntries(buffer: Buffer): ZipEntry[];
  readZipEntry(buffer: Buffer, entry: ZipEntry): Buffer;
  extractZip(zipPath: string, destination: string): void;
  crc32(buffer: Buffer): number;
}

/** Top-level documents are matched ignoring case (vsce stores readme.md, changelog.md) and LICENSE as LICENSE.txt. */
function findEntry(names: readonly string[], wanted: string): string | undefined {
  if (wanted.split('/').length > 2) return names.find((n) => n === wanted);
  const lower = wanted.toLowerCase();
  return names.find((n) => n.toLowerCase() === lower || (lower === 'extension/license' && /^extension\/licen[cs]e\.(txt|md)$/i.test(n)));
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

/** Writes a zip with stored entries, to feed the checker a doctored package. */
function writeStoredZip(file: string, entries: { name: string; data: Buffer }[], crc32: (b: Buffer) => number): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(file, Buffer.concat([...locals, directory, end]));
}

/** Environment for the extracted copy: nothing that could resolve modules from the repository. */
function isolatedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  delete env.DRIVERKIT_PARSER;
  return env;
}

function runCli(extensionDir: string, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [path.join(extensionDir, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8', env: isolatedEnv(), timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the packaged language server over stdio and returns its initialize result. */
function initializeServer(serverPath: string, rootUri: string): Promise<{ serverInfo?: { version?: string } }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { env: isolatedEnv() });
    let buffer = Buffer.alloc(0);
    let stderr = '';
    const timer = setTimeout(() => finish(new Error(`no initialize response within 30 s; stderr: ${stderr}`)), 30_000);
    function finish(error: Error | undefined, result?: unknown) {
      clearTimeout(timer);
      child.kill();
      if (error) reject(error);
      else resolve(result as { serverInfo?: { version?: string } });
    }
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => finish(error));
    child.on('exit', (code) => finish(new Error(`server exited with ${code} before answering; stderr: ${stderr}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
        if (buffer.length < headerEnd + 4 + length) return;
        const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
        buffer = buffer.subarray(headerEnd + 4 + length);
        if (message.id === 1) {
          child.removeAllListeners('exit');
          finish(message.error ? new Error(message.error.message) : undefined, message.result);
          return;
        }
      }
    });
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: process.pid, rootUri, capabilities: {} } }));
    child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  });
}

describe('packaged .vsix', () => {
  let work: string;
  let vsix: string;
  let extensionDir: string;
  let sampleDir: string;
  let names: string[];
  let checker: Checker;

  before(
    async () => {
      checker = (await import(pathToFileURL(CHECK_SCRIPT).href)) as Checker;
      work = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-package-'));
      vsix = path.join(work, 'driverkit-vscode.vsix');
      const built = spawnSync(process.execPath, [PACKAGE_SCRIPT, '--out', vsix], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 280_000,
      });
      assert.equal(built.status, 0, `package-vsix failed (${built.status ?? built.signal}):\n${built.stdout}\n${built.stderr}`);
      names = checker.readZipEntries(fs.readFileSync(vsix)).map((e) => e.name).filter((n) => !n.endsWith('/'));
      checker.extractZip(vsix, path.join(work, 'unpacked'));
      extensionDir = path.join(work, 'unpacked', 'extension');
      sampleDir = path.join(work, 'sample');
      fs.mkdirSync(sampleDir);
      fs.writeFileSync(path.join(sampleDir, 'sample.cpp'), SAMPLE);
    },
    { timeout: 300_000 },
  );
  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('holds every required runtime file and document', () => {
    const missing = REQUIRED.filter((wanted) => !findEntry(names, wanted));
    assert.deepEqual(missing, []);
  });

  it('holds every rule page, snippet, grammar and image of the repository', () => {
    const missing = ['docs', 'snippets', 'syntaxes', 'images']
      .flatMap((folder) => filesUnder(path.join(ROOT, folder)))
      .map((file) => `extension/${path.relative(ROOT, file).split(path.sep).join('/')}`)
      .filter((entry) => !names.includes(entry));
    assert.deepEqual(missing, []);
    assert.ok(names.some((n) => n.startsWith('extension/docs/rules/')), 'no rule pages under extension/docs/rules/');
  });

  it('holds nothing forbidden: no sources, maps, dev or bundled packages, C sources or other platforms', () => {
    const offending = names.flatMap((name) => FORBIDDEN.filter(([pattern]) => pattern.test(name)).map(([, why]) => `${name} (${why})`));
    assert.deepEqual(offending, []);
    const modules = names.filter((n) => n.startsWith('extension/node_modules/'));
    assert.deepEqual(
      modules.filter((n) => !REQUIRED.includes(n) && !NODE_MODULES_EXTRAS.includes(n)),
      [],
      'node_modules holds only the native runtime files',
    );
    const stray = names.filter(
      (n) =>
        !['extension.vsixmanifest', '[Content_Types].xml'].includes(n) &&
        !REQUIRED.some((r) => findEntry([n], r)) &&
        !NODE_MODULES_EXTRAS.includes(n) &&
        !/^extension\/(docs|snippets|syntaxes|images)\//.test(n),
    );
    assert.deepEqual(stray, []);
    const devDependencies = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies ?? {});
    assert.deepEqual(devDependencies.filter((dep) => names.some((n) => n.startsWith(`extension/node_modules/${dep}/`))), []);
  });

  it('has a manifest VS Code can activate, trusted in untrusted workspaces, without build-time fields', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
    assert.ok(manifest.engines?.vscode, 'engines.vscode');
    assert.equal(manifest.main, './dist/client.js');
    assert.ok(Array.isArray(manifest.activationEvents) && manifest.activationEvents.length > 0, 'activationEvents');
    assert.ok(manifest.capabilities?.untrustedWorkspaces, 'capabilities.untrustedWorkspaces');
    assert.equal(manifest.devDependencies, undefined);
    assert.equal(manifest.scripts, undefined);
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), ['node-gyp-build', 'tree-sitter', 'tree-sitter-cpp']);
    const repoManifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    for (const field of ['name', 'publisher', 'version', 'contributes', 'activationEvents', 'capabilities', 'engines']) {
      assert.deepEqual(manifest[field], repoManifest[field], `${field} as in the repository's package.json`);
    }
  });

  it('passes scripts/check-vsix.mjs, which prints the size', () => {
    const result = spawnSync(process.execPath, [CHECK_SCRIPT, vsix], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /\d+\.\d\d MiB \([\d,]+ bytes\)/);
    assert.match(result.stdout, /check-vsix: OK/);
  });

  it('makes scripts/check-vsix.mjs fail on a missing runtime file and on forbidden entries', () => {
    const buffer = fs.readFileSync(vsix);
    const entries = checker
      .readZipEntries(buffer)
      .filter((e) => e.name !== 'extension/dist/cli.js' && e.name !== 'extension/node_modules/tree-sitter/prebuilds/win32-x64/tree-sitter.node')
      .map((e) => ({ name: e.name, data: checker.readZipEntry(buffer, e) }));
    entries.push(
      { name: 'extension/dist/server.js.map', data: Buffer.from('{}') },
      { name: 'extension/node_modules/tree-sitter-cpp/src/parser.c', data: Buffer.from('int x;') },
      { name: 'extension/node_modules/tree-sitter-cpp/prebuilds/linux-arm64/tree-sitter-cpp.node', data: Buffer.from('elf') },
      { name: 'extension/node_modules/esbuild/package.json', data: Buffer.from('{}') },
      { name: 'extension/server/src/server.ts', data: Buffer.from('') },
    );
    const doctored = path.join(work, 'doctored.vsix');
    writeStoredZip(doctored, entries, checker.crc32);
    const result = spawnSync(process.execPath, [CHECK_SCRIPT, doctored], { encoding: 'utf8' });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    for (const expected of [
      'missing required entry: extension/dist/cli.js',
      'missing required entry: extension/node_modules/tree-sitter/prebuilds/win32-x64/tree-sitter.node',
      'forbidden entry (source map): extension/dist/server.js.map',
      'extension/node_modules/tree-sitter-cpp/src/parser.c',
      'extension/node_modules/tree-sitter-cpp/prebuilds/linux-arm64/tree-sitter-cpp.node',
      'extension/node_modules/esbuild/package.json',
      'extension/server/src/server.ts',
    ]) {
      assert.ok(result.stderr.includes(expected), `expected '${expected}' in:\n${result.stderr}`);
    }
    const notZip = path.join(work, 'not-a.vsix');
    fs.writeFileSync(notZip, 'hello');
    assert.equal(spawnSync(process.execPath, [CHECK_SCRIPT, notZip], { encoding: 'utf8' }).status, 2);
  });

  it('keeps the root .vscodeignore allow-list (for a direct vsce run) in step with the package', () => {
    const lines = fs
      .readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    assert.ok(lines.includes('**'), '.vscodeignore starts from excluding everything');
    const letIn = lines.filter((l) => l.startsWith('!')).map((l) => `extension/${l.slice(1)}`);
    const shipped = [...REQUIRED, ...NODE_MODULES_EXTRAS].filter((n) => /^extension\/(dist|node_modules)\//.test(n));
    assert.deepEqual(letIn.filter((l) => /^extension\/(dist|node_modules)\//.test(l)).sort(), shipped.sort());
  });

  it('resolves the native parser to the packaged copy, not the repository', () => {
    for (const pkg of ['tree-sitter', 'tree-sitter-cpp']) {
      const resolved = require.resolve(pkg, { paths: [path.join(extensionDir, 'dist')] });
      assert.ok(resolved.startsWith(extensionDir + path.sep), `${pkg} resolved to ${resolved}`);
    }
  });

  const expectFreeCallFinding = (stdout: string) => {
    const findings = JSON.parse(stdout) as { file: string; code: string; range: { start: { line: number } } }[];
    assert.deepEqual(
      findings.map((f) => [f.file, f.code, f.range.start.line]),
      [['sample.cpp', 'DK202', 2]],
    );
    return findings;
  };

  it('runs the packaged CLI with the native parser', () => {
    const result = runCli(extensionDir, ['--format', 'json', '--parser', 'native', 'sample.cpp'], sampleDir);
    assert.equal(result.status, 1, `exit ${result.status}; stderr: ${result.stderr}`);
    expectFreeCallFinding(result.stdout);
  });

  it('runs the packaged CLI with the wasm parser, from dist/ alone, with the same findings', () => {
    const distOnly = path.join(work, 'dist-only');
    fs.cpSync(extensionDir, distOnly, { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) });
    const wasm = runCli(distOnly, ['--format', 'json', '--parser', 'wasm', 'sample.cpp'], sampleDir);
    assert.equal(wasm.status, 1, `exit ${wasm.status}; stderr: ${wasm.stderr}`);
    const native = runCli(extensionDir, ['--format', 'json', '--parser', 'native', 'sample.cpp'], sampleDir);
    assert.deepEqual(expectFreeCallFinding(wasm.stdout), JSON.parse(native.stdout));
    // Without the packaged node_modules the native parser really is unavailable: the run above used the package's.
    const noNative = runCli(distOnly, ['--format', 'json', '--parser', 'native', 'sample.cpp'], sampleDir);
    assert.equal(noNative.status, 2, `native parser loaded without node_modules: ${noNative.stdout}`);
    const fallback = runCli(distOnly, ['--format', 'json', 'sample.cpp'], sampleDir);
    assert.equal(fallback.status, 1, fallback.stderr);
    expectFreeCallFinding(fallback.stdout);
  });

  it('starts the packaged language server on the native parser', async () => {
    const result = await initializeServer(path.join(extensionDir, 'dist', 'server.js'), pathToFileURL(sampleDir).href);
    assert.match(result.serverInfo?.version ?? '', /native parser/);
  });
});
