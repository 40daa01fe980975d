// A pool of worker threads that runs batches of tasks from one queue and returns results in task order.
//
// Generic plumbing: the tasks and what a worker does with them are the caller's (cli/parallel-lint.ts for the CLI).
// Results come back in the order of the tasks whatever worker ran them, so output stays identical to one worker.
//
// A worker takes tasks only once it is ready. Starting one (a V8 isolate that loads and compiles the bundle, then the
// parser) takes a few hundred milliseconds on a 2-core machine: a batch handed to it at once waited that long, and the
// calling thread, done with everything else, waited with it (bench/README.md).
import { Worker } from 'node:worker_threads';

/** What the pool sends: a batch of tasks, or a message every worker must receive once (setup, shared state). */
type Request = { readonly id: number; readonly kind: 'batch'; readonly name: string; readonly tasks: readonly unknown[] } | { readonly id: number; readonly kind: 'broadcast'; readonly message: unknown };
/** A worker's answer to a request, or (id 0, `ready`) its word that it takes requests now. */
type Reply = { readonly id: number; readonly results?: readonly unknown[]; readonly error?: string; readonly ready?: true };

const READY_ID = 0;

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

/** One worker thread, whether it has said it is ready, and how many of the pool's broadcasts it has been sent. */
interface Member {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  sentBroadcasts: number;
}

export class WorkerPool {
  private readonly members: Member[];
  private nextId = READY_ID + 1;
  private readonly waiting = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private readonly inline: WorkerHandlers | undefined;
  /**
   * The messages broadcast that some worker has not been sent yet, in order; a worker is sent those it has not had
   * before its next batch. `broadcastsDropped` counts the earlier ones, which every worker has had.
   */
  private broadcasts: unknown[] = [];
  private broadcastsDropped = 0;
  /** The workers' answers to broadcasts sent but not yet awaited: a worker failing on one fails the next run. */
  private broadcastReplies: Promise<Reply>[] = [];

  constructor(options: WorkerPoolOptions) {
    this.inline = options.inline;
    this.members = Array.from({ length: options.size }, () => this.start(options));
  }

  /** Threads that run tasks, the calling thread included when it takes part. */
  get size(): number {
    return this.members.length + (this.inline ? 1 : 0);
  }

  /**
   * Makes `message` reach every worker before the next batch it runs, and runs the inline handler on it now. Workers
   * are sent it only when they next take a batch: one that never does (all tasks were done before it was ready) costs
   * no copy of the message.
   */
  async broadcast(message: unknown): Promise<void> {
    if (this.members.length > 0) this.broadcasts.push(message);
    await this.inline?.onBroadcast(message);
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
    // Settles when every task has been taken; a worker still starting then has nothing to wait for.
    let allTaken: () => void = () => undefined;
    const taken = new Promise<void>((resolve) => (allTaken = resolve));
    const drain = async (member: Member): Promise<void> => {
      await Promise.race([member.ready, taken]);
      while (next < tasks.length) {
        const { start, batch } = take();
        this.sendBroadcasts(member);
        const reply = await this.send(member.worker, { id: this.nextId++, kind: 'batch', name, tasks: batch });
        (reply.results ?? []).forEach((result, i) => (results[start + i] = result as R));
      }
      allTaken();
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
      allTaken();
    };
    if (tasks.length === 0) allTaken();
    // Two batches in flight per worker: a worker never waits while this thread is busy with its own batch.
    await Promise.all([...this.members.flatMap((member) => [drain(member), drain(member)]), ...(this.inline ? [drainInline(this.inline)] : [])]);
    const replies = this.broadcastReplies;
    this.broadcastReplies = [];
    await Promise.all(replies);
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.members.map((member) => member.worker.terminate()));
  }

  private start(options: WorkerPoolOptions): Member {
    const worker = new Worker(options.script, { workerData: options.workerData, stdout: options.stdoutToStderr === true });
    if (options.stdoutToStderr) worker.stdout.pipe(process.stderr);
    let markReady: () => void = () => undefined;
    let failReady: (error: Error) => void = () => undefined;
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    // A worker that fails before it is ready fails the run that waits for it (not the process, if nothing does).
    ready.catch(() => undefined);
    const fail = (error: Error): void => {
      failReady(error);
      this.failAll(error);
    };
    worker.on('message', (reply: Reply) => (reply.ready ? markReady() : this.settle(reply)));
    worker.on('error', fail);
    // Whatever the code, a worker that exits answers nothing more (close() terminates them: nothing then waits).
    worker.on('exit', (code) => fail(new Error(`a worker exited with code ${code}`)));
    return { worker, ready, sentBroadcasts: 0 };
  }

  /** Sends `member` the broadcasts it has not had; it handles them, in order, before anything sent after them. */
  private sendBroadcasts(member: Member): void {
    const total = this.broadcastsDropped + this.broadcasts.length;
    if (member.sentBroadcasts === total) return;
    for (; member.sentBroadcasts < total; member.sentBroadcasts++) {
      const message = this.broadcasts[member.sentBroadcasts - this.broadcastsDropped];
      const reply = this.send(member.worker, { id: this.nextId++, kind: 'broadcast', message });
      // Handled here so that a failure before the run awaits it is not an unhandled rejection; the run still sees it.
      reply.catch(() => undefined);
      this.broadcastReplies.push(reply);
    }
    // A long-lived pool (the background scan's) broadcasts every change of the index: keep only what someone lacks.
    const sentToAll = Math.min(...this.members.map((m) => m.sentBroadcasts));
    this.broadcasts = this.broadcasts.slice(sentToAll - this.broadcastsDropped);
    this.broadcastsDropped = sentToAll;
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
  /** Settles when the handlers can work without waiting (the parser is loaded); the pool hands out no task before. */
  readonly ready?: Promise<unknown>;
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
  // A handler that failed to get ready is still ready to answer: each request then reports the failure.
  void Promise.resolve(handlers.ready)
    .catch(() => undefined)
    .then(() => port.postMessage({ id: READY_ID, ready: true }));
}
