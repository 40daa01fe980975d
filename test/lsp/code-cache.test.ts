// The server's bootstrap over stdio: with no code cache, a valid one, a damaged, a rejected or an unusable cache folder,
// the built server starts and publishes the same diagnostics, and the cache file is (re)written only when it must be.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';
import { CODE_CACHE_DIR_ENV, readCodeCache, writeCodeCache } from '../../server/src/boot/code-cache';
import { LspTestClient } from '../helpers/lsp-client';

const CPP = `#include "SampleDriver.h"

kern_return_t IMPL(SampleDriver, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) return ret;
    ret = OSAction::Create(this, 0, 0, 0, &ivars->timerAction);
    ivars->old->free();
    return ret;
}
`;

interface Published {
  uri: string;
  diagnostics: { code: string; message: string; range: unknown }[];
}

/** Starts the built server with `cacheDir` as its cache folder and returns the diagnostics of CPP. */
async function firstDiagnostics(cacheDir: string, uri: string): Promise<Published['diagnostics']> {
  const client = new LspTestClient({ env: { [CODE_CACHE_DIR_ENV]: cacheDir } });
  try {
    await client.initialize({ initializationOptions: { parserBackend: 'native', settings: { debounceMs: 0 } } });
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text: CPP } });
    const published = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri);
    return published.diagnostics;
  } finally {
    await client.shutdown();
    assert.equal(client.exited, 0, `clean exit; stderr: ${client.stderr}`);
    assert.equal(client.stderr, '', 'nothing on stderr');
  }
}

const cacheFiles = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => name.endsWith('.v8cache')) : []);

/** Polls until `dir` holds exactly one cache file (the server writes it just after its first publish). */
async function theCacheFile(dir: string): Promise<string> {
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const files = cacheFiles(dir);
    if (files.length === 1 && readCodeCache(path.join(dir, files[0])) !== undefined) return path.join(dir, files[0]);
  }
  throw new Error(`no valid cache file appeared in ${dir}: ${cacheFiles(dir).join(', ')}`);
}

describe('code cache bootstrap (built server over stdio)', () => {
  let root: string;
  let uri: string;
  let reference: Published['diagnostics'];

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-code-cache-'));
    uri = pathToFileURL(path.join(root, 'SampleDriver.cpp')).toString();
    // The reference: a folder the cache cannot be created in (a file stands in the way), so the bundle compiles plainly.
    fs.writeFileSync(path.join(root, 'not-a-folder'), '');
    reference = await firstDiagnostics(path.join(root, 'not-a-folder', 'cache'), uri);
    assert.ok(reference.some((d) => d.code === 'DK202'), `the fixture produces findings: ${JSON.stringify(reference.map((d) => d.code))}`);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a cold start writes the cache after its first publish; a warm start uses it as is', async () => {
    const dir = path.join(root, 'cold-then-warm');
    assert.deepEqual(await firstDiagnostics(dir, uri), reference);
    const file = await theCacheFile(dir);
    const written = fs.readFileSync(file);
    assert.equal((fs.statSync(dir).mode & 0o777).toString(8), '700', 'the folder it created is private');
    assert.deepEqual(await firstDiagnostics(dir, uri), reference);
    assert.deepEqual(cacheFiles(dir), [path.basename(file)]);
    assert.ok(fs.readFileSync(file).equals(written), 'an accepted cache is not rewritten');
  });

  it('a damaged cache file (flipped byte, truncation, garbage) is ignored and rebuilt', async () => {
    const dir = path.join(root, 'damaged');
    await firstDiagnostics(dir, uri);
    const file = await theCacheFile(dir);
    const good = fs.readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[flipped.length >> 1] ^= 0xff;
    for (const damaged of [flipped, good.subarray(0, good.length >> 1), Buffer.from('not a cache at all')]) {
      fs.writeFileSync(file, damaged);
      assert.deepEqual(await firstDiagnostics(dir, uri), reference);
      await theCacheFile(dir);
      assert.ok(readCodeCache(file) !== undefined, 'rewritten whole');
    }
  });

  it('an intact file whose data V8 rejects (made for other code) is rebuilt', async () => {
    const dir = path.join(root, 'rejected');
    await firstDiagnostics(dir, uri);
    const file = await theCacheFile(dir);
    const foreign = new vm.Script('(function () { return 42; })').createCachedData();
    assert.ok(writeCodeCache(file, foreign));
    assert.deepEqual(await firstDiagnostics(dir, uri), reference);
    for (const deadline = Date.now() + 20_000; readCodeCache(file)?.equals(foreign) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(!readCodeCache(file)?.equals(foreign), 'replaced by data for the bundle');
    assert.ok(readCodeCache(file) !== undefined);
  });

  it('a folder other users can write to is not used, and the server starts all the same', async () => {
    const dir = path.join(root, 'shared');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o777);
    assert.deepEqual(await firstDiagnostics(dir, uri), reference);
    assert.deepEqual(cacheFiles(dir), [], 'nothing written to a folder others could plant a cache in');
  });

  it('an unwritable or impossible cache folder costs nothing but the cache', async () => {
    // The reference run above had a file in the way of its folder; a relative path is not taken either (it would
    // depend on the working folder, which may be the workspace): the private temporary folder is used instead.
    assert.equal(fs.readFileSync(path.join(root, 'not-a-folder'), 'utf8'), '', 'the file in the way is left alone');
    assert.deepEqual(await firstDiagnostics('relative/cache', uri), reference);
    assert.ok(!fs.existsSync(path.resolve('relative')), 'no folder created relative to the working folder');
  });
});
