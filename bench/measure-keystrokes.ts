// Keystroke latency over stdio: didChange of one character → publishDiagnostics for that version, debounce 0.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffEdit } from '../server/src/parser/incremental-parse';
import { generateDriver } from './generate-corpus';
import { rawNativeParser } from './raw-native-parser';
import { serverEnvironment } from '../client/src/server-environment';
import { LspProcess } from './lsp-process';
import { type Row, verdict } from './row';
import { formatMs, median, percentile } from './statistics';

const EDITS = 200;
const SERVER = path.resolve(__dirname, '..', 'dist', 'server.js');

/** The character typed by edit `i`, at the start of `line`. */
const typed = (i: number): string => (i % 2 === 0 ? ' ' : '\t');

/**
 * The floor of a keystroke: tree-sitter's own incremental reparse (`tree.edit`, then a parse that reuses the old
 * tree) of the same edits, in this process, without any copy, model or rule. Milliseconds per edit.
 */
function rawIncrementalReparses(cpp: string, line: number): number[] {
  const parse = rawNativeParser();
  const at = cpp.split('\n').slice(0, line).join('\n').length + 1;
  let text = cpp;
  let tree = parse(text);
  const times: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const next = `${text.slice(0, at)}${typed(i)}${text.slice(at)}`;
    const edit = diffEdit(text, next);
    const start = performance.now();
    tree.edit(edit);
    tree = parse(next, tree);
    times.push(performance.now() - start);
    text = next;
  }
  return times;
}

export async function measureKeystrokes(): Promise<Row[]> {
  const { cpp } = generateDriver(10000);
  const uri = pathToFileURL('/bench/BenchDriver.cpp').toString();
  const server = new LspProcess(process.execPath, [...(process.env.BENCH_SERVER_FLAGS ?? "").split(" ").filter(Boolean), SERVER, "--stdio"], undefined, serverEnvironment());
  await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { settings: { debounceMs: 0 } } });
  server.notify('initialized', {});
  const opened = server.next('textDocument/publishDiagnostics', (p) => p.uri === uri);
  server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text: cpp } });
  await opened;
  const latencies: number[] = [];
  // Type into a comment line in the middle of the file, as a user editing a function body would.
  const line = Math.floor(cpp.split('\n').length / 2);
  for (let i = 0; i < EDITS; i++) {
    const version = i + 2;
    const published = server.next('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
    const sent = performance.now();
    server.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: typed(i) }],
    });
    latencies.push((await published).at - sent);
  }
  await server.stop();
  const raw = rawIncrementalReparses(cpp, line);
  const p50 = median(latencies);
  const p99 = percentile(latencies, 99);
  const floor = 'raw tree-sitter incremental reparse of the same edits';
  return [
    { measure: `Keystroke → diagnostics, 10,000-line file (${EDITS} edits, debounce 0)`, value: `p50 ${formatMs(p50)}`, reference: `${floor}: p50 ${formatMs(median(raw))}`, target: 'p50 ≤ 10 ms', verdict: verdict(p50 <= 10) },
    { measure: 'Keystroke → diagnostics, p99', value: `p99 ${formatMs(p99)}`, reference: `${floor}: p99 ${formatMs(percentile(raw, 99))}`, target: 'p99 ≤ 30 ms', verdict: verdict(p99 <= 30) },
  ];
}
