// What this machine allows, measured in the same run as the figures held against it: how much more work all its
// cores do than one (a loop that only adds integers, so neither memory nor allocation limits it), and how fast
// tree-sitter alone parses a tree of files on one thread.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { median } from './statistics';

const SPIN_STEPS = 150_000_000;
const SPIN = `let x = 0; for (let i = 0; i < ${SPIN_STEPS}; i++) x = (x + i * 7) | 0; require('node:worker_threads').parentPort.postMessage(x);`;

function spinOnThreads(threads: number): Promise<number> {
  const start = performance.now();
  const runs = Array.from({ length: threads }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(SPIN, { eval: true });
    worker.once('message', () => resolve());
    worker.once('error', reject);
  }));
  return Promise.all(runs).then(() => performance.now() - start);
}

/** How many times more integer work all cores finish per second than one core (2.0 on two independent cores). */
export async function coreScalingCeiling(): Promise<{ threads: number; ceiling: number }> {
  const threads = os.cpus().length;
  const one: number[] = [];
  const all: number[] = [];
  for (let round = 0; round < 3; round++) {
    one.push(await spinOnThreads(1));
    all.push(await spinOnThreads(threads));
  }
  return { threads, ceiling: (threads * median(one)) / median(all) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Lines per second of a raw tree-sitter parse of every file under `tree`, on this thread (no copy, no model). */
export function rawParseLinesPerSecond(tree: string, lines: number): number {
  const texts = filesUnder(tree).map((file) => readFileSync(file, 'utf8'));
  const Parser = require('tree-sitter');
  const parser = new Parser();
  parser.setLanguage(require('tree-sitter-cpp'));
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    for (const text of texts) parser.parse((i: number) => text.slice(i, i + 16384));
    times.push(performance.now() - start);
  }
  return lines / (median(times) / 1000);
}
