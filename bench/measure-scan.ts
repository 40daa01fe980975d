// One-off: time from `initialized` until every file of the 1,000-file tree has diagnostics, with the background
// scan's analysis on 0 and 2 worker threads, and the worst serverStatus round trip meanwhile (request latency).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeTree } from './generate-corpus';
import { serverEnvironment } from '../client/src/server-environment';
import { LspProcess } from './lsp-process';

const SERVER = path.resolve(__dirname, '..', 'dist', 'server.js');
const FILES = 1000;

async function measure(dir: string, workers: number): Promise<{ ms: number; worstStatusMs: number }> {
  const server = new LspProcess(process.execPath, [SERVER, '--stdio'], dir, serverEnvironment());
  const published = new Set<string>();
  let resolveAll: (at: number) => void = () => undefined;
  const all = new Promise<number>((resolve) => (resolveAll = resolve));
  server.next('textDocument/publishDiagnostics', (p) => {
    published.add(p.uri);
    if (published.size === FILES) resolveAll(performance.now());
    return false;
  }, 600_000).catch(() => undefined);
  await server.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: {}, initializationOptions: { workspaceWorkers: workers, settings: { debounceMs: 0, maxWorkspaceFiles: 5000 } } });
  const started = performance.now();
  server.notify('initialized', {});
  let done = false;
  let worstStatusMs = 0;
  const probe = (async () => {
    while (!done) {
      const sent = performance.now();
      await server.request('driverkit/serverStatus', {});
      worstStatusMs = Math.max(worstStatusMs, performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const finished = await all;
  done = true;
  await probe;
  await server.stop();
  return { ms: finished - started, worstStatusMs };
}

async function main(): Promise<void> {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-scan-bench-')));
  try {
    const lines = writeTree(dir, FILES / 2, 150);
    console.log(`${FILES} files, ${lines} lines, ${os.availableParallelism()} cores`);
    for (let round = 0; round < 2; round++) {
      for (const workers of [0, 2]) {
        const { ms, worstStatusMs } = await measure(dir, workers);
        console.log(`workers=${workers}: all diagnostics published after ${Math.round(ms)} ms; worst serverStatus round trip ${Math.round(worstStatusMs)} ms`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(() => process.exit(0));
