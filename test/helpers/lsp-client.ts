// A minimal LSP client over stdio for end-to-end tests: spawns the built server and speaks JSON-RPC to it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/rules';

interface Message {
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/**
 * `driverkit.rules` turning off every registered rule but `codes`, so that end-to-end assertions stay exact about the
 * rules they exercise while other rules are added.
 */
export function onlyRules(codes: readonly string[]): Record<string, 'off'> {
  return Object.fromEntries(ALL_RULES.filter((r) => !codes.includes(r.meta.code)).map((r) => [r.meta.code, 'off' as const]));
}

export const SERVER_PATH = path.resolve(__dirname, '..', '..', 'dist', 'server.js');

export interface LspTestClientOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Node options placed before the server script (`--require hook.cjs`, `--expose-gc`). */
  readonly execArgv?: readonly string[];
  /** Keep received notifications for waitFor (default true); soak runs turn it off and count instead. */
  readonly keepNotifications?: boolean;
  /** Run the server as this user and group (POSIX, when the tests run as root). */
  readonly uid?: number;
  readonly gid?: number;
}

/** A JSON-RPC error as the server sent it. */
export class ResponseErrorFromServer extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method} failed (${code}): ${message}`);
  }
}

export class LspTestClient {
  private readonly process: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Message) => void }>();
  private readonly notifications: Message[] = [];
  private readonly waiters: { method: string; predicate: (params: any) => boolean; resolve: (params: any) => void }[] = [];
  private readonly counts = new Map<string, number>();
  private readonly listeners: ((method: string, params: any) => void)[] = [];
  private readonly keepNotifications: boolean;
  stderr = '';
  exited: number | null | undefined;

  constructor(options: LspTestClientOptions = {}) {
    this.keepNotifications = options.keepNotifications ?? true;
    this.process = spawn(process.execPath, [...(options.execArgv ?? []), SERVER_PATH, '--stdio'], {
      env: { ...process.env, ...options.env },
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
    });
    this.process.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.process.on('exit', (code) => (this.exited = code));
    // A server that exits early must not leave a test waiting on a closed pipe.
    this.process.stdin.on('error', () => undefined);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  /** How many notifications of `method` have arrived so far. */
  count(method: string): number {
    return this.counts.get(method) ?? 0;
  }

  /** Calls `listener` for every notification the server sends. */
  onNotification(listener: (method: string, params: any) => void): void {
    this.listeners.push(listener);
  }

  /** Every kept notification of `method` received so far (without consuming them). */
  received<T = any>(method: string): T[] {
    return this.notifications.filter((n) => n.method === method).map((n) => n.params as T);
  }

  /** Frames a message without sending it, so that tests can write several in one chunk. */
  static frame(message: Message): Buffer {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
  }

  /** Reserves a request id and resolves with the response to it, for requests written with writeRaw. */
  expectResponse<T = any>(method: string, timeoutMs = 20_000): { id: number; response: Promise<T> } {
    const id = this.nextId++;
    const response = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out; stderr: ${this.stderr}`)), timeoutMs);
      this.pending.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          if (m.error) reject(new ResponseErrorFromServer(method, m.error.code, m.error.message));
          else resolve(m.result as T);
        },
      });
    });
    return { id, response };
  }

  /** Sends raw bytes, for tests that feed the server malformed frames. */
  writeRaw(data: string | Buffer): void {
    this.process.stdin.write(data);
  }

  send(message: Message): void {
    this.process.stdin.write(LspTestClient.frame(message));
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 20_000): Promise<T> {
    const { id, response } = this.expectResponse<T>(method, timeoutMs);
    this.send({ id, method, params });
    return response;
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** Resolves with the first notification (already received or future) that satisfies `predicate`. */
  waitFor<T = any>(method: string, predicate: (params: T) => boolean = () => true, timeoutMs = 20_000): Promise<T> {
    const index = this.notifications.findIndex((n) => n.method === method && predicate(n.params as T));
    if (index >= 0) return Promise.resolve(this.notifications.splice(index, 1)[0].params as T);
    return new Promise<T>((resolve, reject) => {
      const waiter = { method, predicate, resolve };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no ${method} notification matched within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      waiter.resolve = (params) => {
        clearTimeout(timer);
        resolve(params);
      };
      this.waiters.push(waiter);
    });
  }

  /** Initializes the server the way an editor does. */
  async initialize(options: { rootUri?: string; initializationOptions?: unknown; configuration?: boolean; documentChanges?: boolean } = {}): Promise<any> {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      workspaceFolders: options.rootUri ? [{ uri: options.rootUri, name: 'workspace' }] : null,
      capabilities: {
        workspace: { configuration: options.configuration ?? false, workspaceEdit: { documentChanges: options.documentChanges ?? false } },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
      initializationOptions: options.initializationOptions,
    });
    this.notify('initialized', {});
    return result;
  }

  async shutdown(): Promise<void> {
    if (this.exited === undefined) {
      await this.request('shutdown', null).catch(() => undefined);
      this.notify('exit', null);
    }
    await new Promise<void>((resolve) => {
      if (this.exited !== undefined) return resolve();
      const timer = setTimeout(() => {
        this.process.kill();
        resolve();
      }, 5000);
      this.process.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(Number(message.id))?.resolve(message);
      this.pending.delete(Number(message.id));
      return;
    }
    if (message.id !== undefined && message.method !== undefined) {
      // A request from the server (configuration, registration, an edit to apply): answer like a plain editor would.
      const result =
        message.method === 'workspace/configuration' ? (message.params as { items: unknown[] }).items.map(() => ({})) : message.method === 'workspace/applyEdit' ? { applied: true } : null;
      this.send({ id: message.id, result });
      // Edits the server asks for are kept like notifications, so that tests can wait for them and read them.
      if (message.method !== 'workspace/applyEdit') return;
    }
    const method = message.method ?? '';
    this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
    for (const listener of this.listeners) listener(method, message.params);
    const waiter = this.waiters.find((w) => w.method === message.method && w.predicate(message.params));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(message.params);
    } else if (this.keepNotifications) {
      this.notifications.push(message);
    }
  }
}

/**
 * The server's count of analyses once any analysis already due has run: three `driverkit/serverStatus` round trips
 * give a scheduled analysis (two event-loop turns after the notification that asked for it) every chance to run first.
 */
export async function analysesSoFar(client: LspTestClient): Promise<number> {
  await client.request('driverkit/serverStatus', {});
  await client.request('driverkit/serverStatus', {});
  return (await client.request<{ analyses: number }>('driverkit/serverStatus', {})).analyses;
}
