// driverkit-lint's thread count: --jobs as asked (within one thread per 8 files), else one thread per core and per
// MiB of targets, so that a small project never waits for a worker to start.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LintTarget } from '../../server/src/cli/collect-files';
import { DEFAULT_BYTES_PER_THREAD, threadsFor } from '../../server/src/cli/thread-count';

const KB = 1024;

/** `count` targets; the test gives their sizes. */
function targets(count: number): LintTarget[] {
  return Array.from({ length: count }, (_, i) => ({ absolute: `/tree/File${i}.cpp`, display: `File${i}.cpp` }));
}

const cases: readonly { name: string; files: number; bytesEach: number; requested?: number; cores: number; threads: number }[] = [
  { name: 'the example dexts (23 files, 75 KB) on 2 cores', files: 23, bytesEach: 3.3 * KB, cores: 2, threads: 1 },
  { name: '320 files of the bench tree (0.97 MB) on 2 cores', files: 320, bytesEach: 3 * KB, cores: 2, threads: 1 },
  { name: 'the 1,000-file bench tree (3 MB) on 2 cores', files: 1000, bytesEach: 3 * KB, cores: 2, threads: 2 },
  { name: 'the 1,000-file bench tree (3 MB) on 8 cores', files: 1000, bytesEach: 3 * KB, cores: 8, threads: 2 },
  { name: '4,000 files (12 MB) on 8 cores', files: 4000, bytesEach: 3 * KB, cores: 8, threads: 8 },
  { name: 'two files of 5 MB each on 8 cores (one thread per 8 files at most)', files: 2, bytesEach: 5 * 1024 * KB, cores: 8, threads: 1 },
  { name: 'no files', files: 0, bytesEach: 0, cores: 2, threads: 1 },
  { name: '--jobs 2 on 20 small files', files: 20, bytesEach: 3 * KB, requested: 2, cores: 2, threads: 2 },
  { name: '--jobs 4 on 10 files (one thread per 8 files at most)', files: 10, bytesEach: 3 * KB, requested: 4, cores: 2, threads: 2 },
  { name: '--jobs 1 on the bench tree', files: 1000, bytesEach: 3 * KB, requested: 1, cores: 8, threads: 1 },
  { name: '--jobs 16 on 8 cores (as asked)', files: 1000, bytesEach: 3 * KB, requested: 16, cores: 8, threads: 16 },
];

describe('threadsFor', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.threads} thread(s)`, () => {
      assert.equal(
        threadsFor(targets(c.files), c.requested, c.cores, () => c.bytesEach),
        c.threads,
      );
    });
  }

  it('counts the size of each target once, from disk by default (a missing file counts 0)', () => {
    const asked: string[] = [];
    const list = targets(16);
    assert.equal(
      threadsFor(list, undefined, 4, (file) => (asked.push(file), DEFAULT_BYTES_PER_THREAD)),
      2,
    );
    assert.deepEqual(asked, list.map((t) => t.absolute));
    assert.equal(threadsFor(targets(64), undefined, 4), 1);
  });
});
