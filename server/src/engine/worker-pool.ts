// A pool of worker threads that runs batches of tasks from one queue and returns results in task order.
//
// Generic plumbing: the tasks and what a worker does with them are the caller's (cli/parallel-lint.ts for the CLI).
// Results come back in the order of the tasks whatever worker ran them, so output stays identical to one worker.
import { Worker } from 'node:worker_threads';

/** What the pool sends: a batch of tasks, or a message every worker must receive once (setup, shared state). */
type Request = { readonly id: number; readonly kind: 'batch'; readonly name: string; readonly tasks: readonly unknown[] } | { readonly id: number; readonly kind: 'broadcast'; readonly message: unknown };
type Reply = { readonly id: number; readonly results?: readonly unknown[]; readonly error?: string };

export interface WorkerPoolOptions {
  /** The script each worker runs; it must call `serveWorkerRequests` when started as a worker. */
  readonly script: string;
  /** Worker threads to start. */
  readonly size: number;
  readonly workerData: unknown;
  /**
   * Handlers run on the calling thread as one more participant. The calling thread would otherwise only wait, and a
   * worker costs a V8 isolate that compiles and optimises the code again, so N cores are best used as N - 1
   * workers plus this thread.
   */
  readonly inline?: WorkerHandlers;
  /** Send what workers print on stdout to stderr (for a process whose stdout carries a protocol). */
  readonly stdoutToStderr?: boolean;
}

export class WorkerPool {
  private readonly workers: Worker[];
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private readonly inline: WorkerHandlers | undefined;

  constructor(options: WorkerPoolOptions) {
    this.inline = options.inline;
    this.workers = Array.from({ length: options.size }, () => {
      const worker = new Worker(options.script, { workerData: options.workerData, stdout: options.stdoutToStderr === true });
      if (options.stdoutToStderr) worker.stdout.pipe(process.stderr);
      worker.on('message', (reply: Reply) => this.settle(reply));
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => {
        if (code !== 0) this.failAll(new Error(`a worker exited with code ${code}`));
      });
      return worker;
    });
  }

  /** Threads that run tasks, the calling thread included when it takes part. */
  get size(): number {
    return this.workers.length + (this.inline ? 1 : 0);
  }

  /** Sends `message` to every worker (and the inline handlers) and waits until each has handled it. */
  async broadcast(message: unknown): Promise<void> {
    await Promise.all([
      ...this.workers.map((worker) => this.send(worker, { id: this.nextId++, kind: 'broadcast', message })),
      this.inline?.onBroadcast(message),
    ]);
  }

  /**
   * Runs `tasks` under the handler `name` in batches of `batchSize`; an idle worker takes the next batch, so a slow
   * file does not hold up the others. Resolves with one result per task, in the order of `tasks`.
   */
  async run<T, R>(name: string, tasks: readonly T[], batchSize: number): Promise<R[]> {
    const results = new Array<R>(tasks.length);
    let next = 0;
    const take = (): { start: number; batch: readonly T[] } => {
      const start = next;
      next = Math.min(tasks.length, next + batchSize);
      return { start, batch: tasks.slice(start, next) };
    };
    const drain = async (worker: Worker): Promise<void> => {
      while (next < tasks.length) {
        const { start, batch } = take();
        const reply = await this.send(worker, { id: this.nextId++, kind: 'batch', name, tasks: batch });
        (reply.results ?? []).forEach((result, i) => (results[start + i] = result as R));
      }
    };
    const drainInline = async (handlers: WorkerHandlers): Promise<void> => {
      const handle = handlers.batches[name];
      if (!handle) throw new Error(`no handler for '${name}'`);
      while (next < tasks.length) {
        const { start, batch } = take();
        for (let i = 0; i < batch.length; i++) results[start + i] = (await handle(batch[i])) as R;
        // Let the workers' replies in, so that they get their next batch before this thread takes another.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    // Two batches in flight per worker: a worker never waits while this thread is busy with its own batch.
    await Promise.all([...this.workers.flatMap((worker) => [drain(worker), drain(worker)]), ...(this.inline ? [drainInline(this.inline)] : [])]);
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private send(worker: Worker, request: Request): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  private settle(reply: Reply): void {
    const waiter = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    if (reply.error !== undefined) waiter?.reject(new Error(reply.error));
    else waiter?.resolve(reply);
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/** The worker side: answers the pool's requests with `handlers` (one per batch name) and `onBroadcast`. */
export interface WorkerHandlers {
  readonly onBroadcast: (message: unknown) => void | Promise<void>;
  readonly batches: Readonly<Record<string, (task: unknown) => unknown | Promise<unknown>>>;
}

export function serveWorkerRequests(port: { on(event: 'message', listener: (request: Request) => void): void; postMessage(reply: Reply): void }, handlers: WorkerHandlers): void {
  // Requests are handled one at a time, in arrival order, so a broadcast is complete before the next batch runs.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (request) => {
    queue = queue.then(async () => {
      try {
        if (request.kind === 'broadcast') {
          await handlers.onBroadcast(request.message);
          port.postMessage({ id: request.id });
        } else {
          const handle = handlers.batches[request.name];
          if (!handle) throw new Error(`no handler for '${request.name}'`);
          const results: unknown[] = [];
          for (const task of request.tasks) results.push(await handle(task));
          port.postMessage({ id: request.id, results });
        }
      } catch (error) {
        port.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
    });
  });
}
