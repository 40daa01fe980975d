// How many threads `driverkit-lint` lints on: what `--jobs` asks, or by default what the size of the work repays.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { LintTarget } from './collect-files';

/** Below this many files per thread, another thread costs more to start than it saves, whatever was asked. */
const MIN_FILES_PER_THREAD = 8;

/**
 * Source text per thread by default. A worker takes a few hundred milliseconds to start on a 2-core machine, during
 * which it slows the main thread down, so it pays off only on a large tree: the bundled example dexts (23 files,
 * 75 KB) took 0.44-0.54 s with a worker against 0.29-0.35 s without, and 320 files of the bench tree (0.97 MB) as long
 * either way (bench/README.md).
 */
export const DEFAULT_BYTES_PER_THREAD = 1024 * 1024;

/**
 * `requested` threads (`--jobs`), or by default one per core and per DEFAULT_BYTES_PER_THREAD of targets; never more
 * than one per MIN_FILES_PER_THREAD files, and at least one.
 */
export function threadsFor(targets: readonly LintTarget[], requested: number | undefined, cores: number, sizeOf: (file: string) => number = sizeOnDisk): number {
  const byFiles = Math.ceil(targets.length / MIN_FILES_PER_THREAD);
  if (requested !== undefined) return Math.max(1, Math.min(requested, byFiles));
  const bytes = targets.reduce((sum, target) => sum + sizeOf(target.absolute), 0);
  return Math.max(1, Math.min(cores, byFiles, Math.floor(bytes / DEFAULT_BYTES_PER_THREAD)));
}

export function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** A file that cannot be read counts 0: it is reported when it is read, not linted. */
function sizeOnDisk(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}
