// The V8 code cache of the server bundle: where it lives, how its file is named, verified, read and written.
//
// A cache file holds bytecode that V8 runs without recompiling it, so it must come from this program only: it is kept
// in the editor's storage folder for the extension (DRIVERKIT_CODE_CACHE_DIR, set by the client) or in a private folder
// of the temporary directory, never anywhere a workspace chooses; a folder another user could write to is not used. Its
// name carries a hash of the bundle text, V8's version and the process's V8 options, and its content a digest of the
// payload, so a stale, foreign or damaged file is never handed to V8; V8's own check (cachedDataRejected) comes on top.
// The digests guard against staleness and damage, not an attacker (the private folder does that): SHA-1, which costs a
// fifth of SHA-256 on every start (0.6 ms for the bundle here).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CODE_CACHE_DIR_ENV = 'DRIVERKIT_CODE_CACHE_DIR';

const MAGIC = Buffer.from('DKV8CC1\n', 'latin1');
const DIGEST = 'sha1';
const DIGEST_BYTES = 20;
const FILE_PREFIX = 'server-';
const FILE_SUFFIX = '.v8cache';
/** Cache files of other bundles or runtimes not rewritten for this long are removed when a new one is written. */
const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

export interface CodeCacheLocation {
  readonly dir: string;
  readonly file: string;
}

/**
 * The folder and file for `bundleSource`, or undefined when no safe folder can be had (the cache is then skipped).
 * `env` and `tmpdir` are parameters so that tests can point them elsewhere.
 */
export function codeCacheLocation(bundleSource: Buffer | string, env: NodeJS.ProcessEnv = process.env, tmpdir: string = os.tmpdir()): CodeCacheLocation | undefined {
  const requested = env[CODE_CACHE_DIR_ENV];
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = requested && path.isAbsolute(requested) ? requested : path.join(tmpdir, `driverkit-code-cache-${uid ?? os.userInfo().username}`);
  if (!ensurePrivateDir(dir, uid)) return undefined;
  return { dir, file: path.join(dir, `${FILE_PREFIX}${cacheKey(bundleSource)}${FILE_SUFFIX}`) };
}

/**
 * What the cache is valid for: the exact bundle text, the V8 build and the V8 options it was compiled under (V8 rejects
 * data made under other options; a file per set of options keeps two ways of starting from rewriting each other's).
 */
export function cacheKey(bundleSource: Buffer | string): string {
  return createHash(DIGEST).update(bundleSource).update(`\0${process.versions.v8}\0${process.arch}\0${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`).digest('hex');
}

/** Creates `dir` if needed; true when it is a real folder that only this user can write to (POSIX). */
function ensurePrivateDir(dir: string, uid: number | undefined): boolean {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (!stat.isDirectory()) return false;
    // Windows has no uid; its temporary folder is per user.
    return uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0);
  } catch {
    return false;
  }
}

/** The cached data in `file` when it is intact (magic and digest match), else undefined. Never throws. */
export function readCodeCache(file: string): Buffer | undefined {
  try {
    // Only a regular file: reading a FIFO someone left there would block the start.
    if (!fs.statSync(file).isFile()) return undefined;
    const content = fs.readFileSync(file);
    if (content.length <= MAGIC.length + DIGEST_BYTES || !content.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const digest = content.subarray(MAGIC.length, MAGIC.length + DIGEST_BYTES);
    const payload = content.subarray(MAGIC.length + DIGEST_BYTES);
    return createHash(DIGEST).update(payload).digest().equals(digest) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `data` to `file` through a temporary file and a rename, so that a reader never sees half a file, and removes
 * cache files of other bundles that have not been rewritten for a week. Returns false (and leaves nothing behind)
 * when the folder cannot be written. Never throws.
 */
export function writeCodeCache(file: string, data: Buffer): boolean {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const digest = createHash(DIGEST).update(data).digest();
    fs.writeFileSync(temporary, Buffer.concat([MAGIC, digest, data]), { mode: 0o600 });
    fs.renameSync(temporary, file);
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // The folder refused the write in the first place; there is nothing more to undo.
    }
    return false;
  }
  removeStaleCaches(path.dirname(file), path.basename(file));
  return true;
}

function removeStaleCaches(dir: string, keep: string): void {
  try {
    for (const name of fs.readdirSync(dir)) {
      if (name === keep || !name.startsWith(FILE_PREFIX) || !(name.endsWith(FILE_SUFFIX) || name.endsWith('.tmp'))) continue;
      const full = path.join(dir, name);
      if (Date.now() - fs.statSync(full).mtimeMs > STALE_AFTER_MS) fs.rmSync(full, { force: true });
    }
  } catch {
    // Another server removed it first, or the folder is not listable: cleaning up is best effort.
  }
}
