// Server start to first diagnostics (native and wasm), and peak memory with a 1,000-file workspace indexed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDriver } from './generate-corpus';
import { serverEnvironment } from '../client/src/server-environment';
import { LspProcess } from './lsp-process';
import { type Row, verdict } from './row';
import { formatMs, median } from './statistics';

const SERVER = path.resolve(__dirname, '..', 'dist', 'server.js');
const RUNS = 5;

async function firstDiagnostics(backend: 'native' | 'wasm', rootUri: string | null, uri: string, text: string, cacheDir?: string): Promise<{ sinceInitialize: number; sinceSpawn: number; server: LspProcess }> {
  const spawned = performance.now();
  const server = new LspProcess(process.execPath, [SERVER, '--stdio'], undefined, serverEnvironment(cacheDir));
  const initializeSent = performance.now();
  await server.request('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
    capabilities: {},
    // The editor's default settings (a 150 ms typing debounce, which an opened document does not wait for).
    initializationOptions: { parserBackend: backend },
  });
  server.notify('initialized', {});
  const published = server.next('textDocument/publishDiagnostics', (p) => p.uri === uri);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text } });
  const { at } = await published;
  return { sinceInitialize: at - initializeSent, sinceSpawn: at - spawned, server };
}

/** Waits until the server wrote its code cache (just after its first publish) into `dir`. */
async function cacheWritten(dir: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 10))) {
    if (fs.readdirSync(dir).some((name) => name.endsWith('.v8cache'))) return;
  }
  throw new Error(`the server wrote no code cache into ${dir}`);
}

/**
 * CPU time of the server's main thread so far (Linux: /proc; clock ticks of 10 ms), a figure that a busy machine skews
 * far less than wall-clock time; undefined elsewhere.
 */
function mainThreadCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Cold: every run gets an empty cache folder, as on the first start after installing or updating the extension (the
 * cache is then written after the first publish, outside the measured time). Warm: the folder holds the cache an
 * earlier start wrote, as on every later start with the same extension and editor version. Cold and warm runs
 * alternate, so that a change in the machine's load affects both alike.
 */
export async function measureStartup(): Promise<Row[]> {
  const rows: Row[] = [];
  const { cpp } = generateDriver(2000);
  const uri = pathToFileURL('/bench/Startup.cpp').toString();
  const folders = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-bench-code-cache-'));
  try {
    for (const backend of ['native', 'wasm'] as const) {
      const warmDir = fs.mkdtempSync(path.join(folders, 'warm-'));
      const primed = await firstDiagnostics(backend, null, uri, cpp, warmDir);
      await cacheWritten(warmDir);
      await primed.server.stop();
      const runs = { cold: { afterInitialize: [] as number[], afterSpawn: [] as number[], cpu: [] as number[] }, warm: { afterInitialize: [] as number[], afterSpawn: [] as number[], cpu: [] as number[] } };
      for (let run = 0; run < RUNS; run++) {
        for (const cache of ['cold', 'warm'] as const) {
          const result = await firstDiagnostics(backend, null, uri, cpp, cache === 'warm' ? warmDir : fs.mkdtempSync(path.join(folders, 'cold-')));
          const cpu = mainThreadCpuMs(result.server.child.pid);
          runs[cache].afterInitialize.push(result.sinceInitialize);
          runs[cache].afterSpawn.push(result.sinceSpawn);
          if (cpu !== undefined) runs[cache].cpu.push(cpu);
          await result.server.stop();
        }
      }
      for (const cache of ['cold', 'warm'] as const) {
        const { afterInitialize, afterSpawn, cpu } = runs[cache];
        rows.push({
          measure: `First diagnostics after initialize, 2,000-line file (${backend}, ${cache === 'cold' ? 'no code cache yet' : 'code cache present'})`,
          value: formatMs(median(afterInitialize)),
          reference: `${formatMs(median(afterSpawn))} from process spawn${cpu.length > 0 ? `; main thread CPU ${formatMs(median(cpu))}` : ''}`,
          target: backend === 'native' ? '≤ 300 ms' : 'reported',
          verdict: backend === 'native' ? verdict(median(afterInitialize) <= 300) : 'reported',
        });
      }
    }
  } finally {
    fs.rmSync(folders, { recursive: true, force: true });
  }
  return rows;
}

/** Peak RSS (VmHWM) of the server after it indexed a workspace of `tree` and analysed one open file. */
export async function measureWorkspaceMemory(tree: string, files: number): Promise<Row> {
  const sample = path.join(tree, 'dext0', 'BenchDriver0.cpp');
  const uri = pathToFileURL(sample).toString();
  const { server } = await firstDiagnostics('native', pathToFileURL(tree).toString(), uri, fs.readFileSync(sample, 'utf8'));
  const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  await server.stop();
  const peakMb = peakKb / 1024;
  return { measure: `Peak server RSS, ${files.toLocaleString('en')}-file workspace indexed`, value: `${peakMb.toFixed(0)} MB`, reference: '—', target: '≤ 150 MB', verdict: verdict(peakMb <= 150) };
}
