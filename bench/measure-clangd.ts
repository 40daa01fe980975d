// The peer a user already has: clangd's time to first diagnostics on the same file, when Debian's clangd is installed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateDriver } from './generate-corpus';
import { LspProcess } from './lsp-process';
import type { Row } from './row';
import { formatMs, median } from './statistics';

function findClangd(): string | undefined {
  for (const name of ['clangd', 'clangd-16', 'clangd-15', 'clangd-14']) {
    if (spawnSync('which', [name]).status === 0) return name;
  }
  return undefined;
}

export async function measureClangd(): Promise<Row> {
  const clangd = findClangd();
  const measure = 'Peer: clangd first diagnostics, same 2,000-line file';
  if (!clangd) return { measure, value: 'skipped', reference: '—', target: 'reference only', verdict: 'clangd is not installed (apt-get install clangd)' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-bench-clangd-'));
  const file = path.join(dir, 'Startup.cpp');
  const { cpp } = generateDriver(2000);
  fs.writeFileSync(file, cpp);
  const uri = pathToFileURL(file).toString();
  const samples: number[] = [];
  for (let run = 0; run < 3; run++) {
    const server = new LspProcess(clangd, ['--log=error', '--background-index=false'], dir);
    const sent = performance.now();
    await server.request('initialize', { processId: process.pid, rootUri: pathToFileURL(dir).toString(), capabilities: {} });
    server.notify('initialized', {});
    const published = server.next('textDocument/publishDiagnostics', (p) => p.uri === uri);
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text: cpp } });
    samples.push((await published).at - sent);
    await server.stop();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { measure, value: formatMs(median(samples)), reference: `${clangd} (without the DriverKit SDK headers it reports missing includes)`, target: 'reference only', verdict: 'reported' };
}
