// The worker pool: results in task order whoever ran them, broadcasts that reach a worker before its next batch
// however late it starts, no task for a worker that is not ready, and a failed worker failing the run.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { WorkerPool, type WorkerHandlers } from '../../server/src/engine/worker-pool';

const SCRIPT = path.join(__dirname, '..', 'fixtures', 'workers', 'pool-worker.js');

interface Echo {
  readonly thread: string;
  readonly task: unknown;
  readonly seen: readonly unknown[];
}

/** The calling thread's handlers, echoing like the fixture worker. */
function inlineEcho(): WorkerHandlers {
  const seen: unknown[] = [];
  return { onBroadcast: (message) => void seen.push(message), batches: { echo: (task) => ({ thread: 'main', task, seen: [...seen] }) } };
}

const tasks = Array.from({ length: 40 }, (_, i) => i);

describe('WorkerPool', () => {
  it('runs every task on a ready worker, in task order, after the broadcasts sent before the run', async () => {
    const pool = new WorkerPool({ script: SCRIPT, size: 1, workerData: { readiness: 'now' } });
    try {
      await pool.broadcast('first');
      await pool.broadcast('second');
      const results = await pool.run<number, Echo>('echo', tasks, 3);
      assert.deepEqual(
        results,
        tasks.map((task) => ({ thread: 'worker', task, seen: ['first', 'second'] })),
      );
      await pool.broadcast('third');
      const later = await pool.run<number, Echo>('echo', [100], 3);
      assert.deepEqual(later, [{ thread: 'worker', task: 100, seen: ['first', 'second', 'third'] }]);
    } finally {
      await pool.close();
    }
  });

  it('gives each of two workers every broadcast, in order, whichever batches each takes in runs after them', async () => {
    const pool = new WorkerPool({ script: SCRIPT, size: 2, workerData: { readiness: 'now' } });
    try {
      const expected: string[] = [];
      for (const message of ['a', 'b', 'c']) {
        await pool.broadcast(message);
        expected.push(message);
        const results = await pool.run<number, Echo>('echo', tasks, 2);
        assert.deepEqual(
          results.map((r) => ({ task: r.task, seen: r.seen })),
          tasks.map((task) => ({ task, seen: expected })),
        );
        assert.ok(results.every((r) => r.thread === 'worker'));
      }
    } finally {
      await pool.close();
    }
  });

  it('hands a worker that never gets ready no task: the calling thread runs them all', async () => {
    const pool = new WorkerPool({ script: SCRIPT, size: 1, workerData: { readiness: 'never' }, inline: inlineEcho() });
    try {
      await pool.broadcast('index');
      const results = await pool.run<number, Echo>('echo', tasks, 4);
      assert.deepEqual(
        results,
        tasks.map((task) => ({ thread: 'main', task, seen: ['index'] })),
      );
      assert.equal(pool.size, 2);
    } finally {
      await pool.close();
    }
  });

  it('rejects a run that waits for a worker which exited before it was ready', async () => {
    const pool = new WorkerPool({ script: SCRIPT, size: 1, workerData: { readiness: 'exit' } });
    try {
      await assert.rejects(pool.run<number, Echo>('echo', tasks, 4), /a worker exited with code 3/);
    } finally {
      await pool.close();
    }
  });

  it('resolves a run of no tasks at once', async () => {
    const pool = new WorkerPool({ script: SCRIPT, size: 1, workerData: { readiness: 'never' } });
    try {
      assert.deepEqual(await pool.run('echo', [], 4), []);
    } finally {
      await pool.close();
    }
  });
});
