// A language server child process for the benchmark: framed JSON-RPC over stdio, with timestamps on notifications.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

interface Incoming {
  id?: number;
  method?: string;
  params?: any;
  result?: unknown;
}

export class LspProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly replies = new Map<number, (result: unknown) => void>();
  private readonly listeners: ((message: Incoming, at: number) => void)[] = [];

  constructor(command: string, args: readonly string[], cwd?: string, env?: NodeJS.ProcessEnv) {
    this.child = spawn(command, args, { cwd, stdio: 'pipe', env: env ? { ...process.env, ...env } : undefined });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.resume();
  }

  request(method: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.replies.set(id, resolve);
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** Resolves with the arrival time (performance.now) of the first notification matching `predicate`. */
  next(method: string, predicate: (params: any) => boolean, timeoutMs = 120_000): Promise<{ params: any; at: number }> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms`)), timeoutMs);
      const listener = (message: Incoming, at: number): void => {
        if (message.method !== method || !predicate(message.params)) return;
        clearTimeout(timer);
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        resolve({ params: message.params, at });
      };
      this.listeners.push(listener);
    });
  }

  async stop(): Promise<void> {
    await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 3000))]);
    this.notify('exit', null);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve();
      }, 3000);
      this.child.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    const at = performance.now();
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Incoming;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && message.method === undefined) {
        this.replies.get(message.id)?.(message.result);
        this.replies.delete(message.id);
      } else if (message.id !== undefined && message.method !== undefined) {
        // Server-to-client requests (configuration, registration, progress): answer as a plain editor would.
        const result = message.method === 'workspace/configuration' ? (message.params?.items ?? []).map(() => null) : null;
        this.send({ id: message.id, result });
      } else {
        for (const listener of [...this.listeners]) listener(message, at);
      }
    }
  }
}
