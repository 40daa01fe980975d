// The code cache's folder choice, file naming, integrity check and clean-up (boot/code-cache.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cacheKey, CODE_CACHE_DIR_ENV, codeCacheLocation, readCodeCache, writeCodeCache } from '../../server/src/boot/code-cache';

const POSIX = typeof process.getuid === 'function';

describe('code cache files', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-cache-unit-'));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lives in the folder the client names, under a name that changes with the bundle text', () => {
    const dir = path.join(root, 'storage', 'code-cache');
    const a = codeCacheLocation('bundle A', { [CODE_CACHE_DIR_ENV]: dir }, path.join(root, 'tmp'));
    const b = codeCacheLocation('bundle B', { [CODE_CACHE_DIR_ENV]: dir }, path.join(root, 'tmp'));
    assert.equal(a?.dir, dir);
    assert.match(path.basename(a?.file ?? ''), /^server-[0-9a-f]{40}\.v8cache$/);
    assert.equal(path.dirname(a?.file ?? ''), dir);
    assert.notEqual(a?.file, b?.file);
    assert.equal(codeCacheLocation('bundle A', { [CODE_CACHE_DIR_ENV]: dir }, root)?.file, a?.file, 'the same bundle, the same file');
    assert.ok(fs.statSync(dir).isDirectory(), 'the folder is created');
  });

  it('keys the cache by the bundle bytes and by the V8 options in NODE_OPTIONS', () => {
    assert.equal(cacheKey(Buffer.from('bundle')), cacheKey('bundle'), 'bytes and text hash alike');
    const saved = process.env.NODE_OPTIONS;
    try {
      process.env.NODE_OPTIONS = '--max-semi-space-size=32';
      const withOption = cacheKey('bundle');
      delete process.env.NODE_OPTIONS;
      assert.notEqual(cacheKey('bundle'), withOption);
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  });

  it('falls back to a private folder of the temporary directory when none or a relative one is named', () => {
    const tmp = path.join(root, 'tmp-fallback');
    fs.mkdirSync(tmp);
    for (const env of [{}, { [CODE_CACHE_DIR_ENV]: '' }, { [CODE_CACHE_DIR_ENV]: 'relative/dir' }]) {
      const location = codeCacheLocation('bundle', env, tmp);
      assert.equal(path.dirname(location?.dir ?? ''), tmp, JSON.stringify(env));
      assert.match(path.basename(location?.dir ?? ''), /^driverkit-code-cache-/);
    }
    if (POSIX) assert.equal(fs.statSync(codeCacheLocation('bundle', {}, tmp)?.dir ?? '').mode & 0o777, 0o700);
  });

  it('refuses a folder others can write to, a link, or a path that cannot be a folder', { skip: !POSIX && 'POSIX permissions' }, () => {
    const shared = path.join(root, 'shared');
    fs.mkdirSync(shared, { mode: 0o777 });
    fs.chmodSync(shared, 0o777);
    assert.equal(codeCacheLocation('bundle', { [CODE_CACHE_DIR_ENV]: shared }, root), undefined);
    const link = path.join(root, 'link');
    fs.mkdirSync(path.join(root, 'real'));
    fs.symlinkSync(path.join(root, 'real'), link);
    assert.equal(codeCacheLocation('bundle', { [CODE_CACHE_DIR_ENV]: link }, root), undefined);
    fs.writeFileSync(path.join(root, 'file'), '');
    assert.equal(codeCacheLocation('bundle', { [CODE_CACHE_DIR_ENV]: path.join(root, 'file', 'below') }, root), undefined);
  });

  it('reads back exactly what was written, and nothing from a damaged or foreign file', () => {
    const file = path.join(root, 'server-roundtrip.v8cache');
    const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff));
    assert.ok(writeCodeCache(file, data));
    assert.deepEqual(readCodeCache(file), data);
    if (POSIX) assert.equal(fs.statSync(file).mode & 0o077, 0, 'the file is private');
    const good = fs.readFileSync(file);
    const flipped = Buffer.from(good);
    flipped[good.length - 1] ^= 1;
    for (const bad of [flipped, good.subarray(0, good.length - 1), good.subarray(0, 20), Buffer.alloc(0), Buffer.from('DKV8CC1\n'), data]) {
      fs.writeFileSync(file, bad);
      assert.equal(readCodeCache(file), undefined, `rejected: ${bad.length} bytes`);
    }
    assert.equal(readCodeCache(path.join(root, 'missing.v8cache')), undefined);
    fs.mkdirSync(path.join(root, 'server-folder.v8cache'));
    assert.equal(readCodeCache(path.join(root, 'server-folder.v8cache')), undefined, 'not a regular file');
  });

  it('a write into a folder that is gone fails quietly and leaves nothing behind', () => {
    const file = path.join(root, 'gone', 'server-x.v8cache');
    assert.equal(writeCodeCache(file, Buffer.from('data')), false);
    assert.ok(!fs.existsSync(path.join(root, 'gone')));
  });

  it('a new write removes cache files not rewritten for a week, and only those', () => {
    const dir = path.join(root, 'cleanup');
    fs.mkdirSync(dir);
    const old = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    const names = { stale: 'server-old.v8cache', staleTemp: 'server-old.v8cache.123.tmp', recent: 'server-recent.v8cache', unrelated: 'notes.txt' };
    for (const name of Object.values(names)) fs.writeFileSync(path.join(dir, name), 'x');
    for (const name of [names.stale, names.staleTemp, names.unrelated]) fs.utimesSync(path.join(dir, name), old, old);
    assert.ok(writeCodeCache(path.join(dir, 'server-new.v8cache'), Buffer.from('data')));
    assert.deepEqual(fs.readdirSync(dir).sort(), ['notes.txt', 'server-new.v8cache', 'server-recent.v8cache']);
  });
});
