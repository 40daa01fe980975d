// What this machine allows, measured in the same run as the figures held against it: how much more work all its
// cores do than one (for a loop that only adds integers, one that allocates like an analysis, and tree-sitter's parse
// of a tree of files), and how fast tree-sitter alone parses that tree on one thread.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { rawNativeParser } from './raw-native-parser';
import { median } from './statistics';

const SPIN_STEPS = 150_000_000;
const ALLOCATIONS = 4_000_000;

/** Worker code: `prepare` runs before the clock starts, `work` (a function body) once the main thread says go. */
function job(prepare: string, work: string): string {
  return `const { parentPort, workerData } = require('node:worker_threads'); ${prepare}
parentPort.postMessage('ready');
parentPort.once('message', () => parentPort.postMessage((() => { ${work} })()));`;
}

// The sum is sent back, so the loop cannot be optimised away.
const SPIN = job('', `let x = 0; for (let i = 0; i < ${SPIN_STEPS}; i++) x = (x + i * 7) | 0; return x;`);
// Objects made and dropped as an analysis makes them (small nodes kept alive for a while, then dropped in bulk).
const ALLOCATE = job(
  '',
  `let kept = []; let total = 0;
   for (let i = 0; i < ${ALLOCATIONS}; i++) {
     kept.push({ start: i, end: i + 1, children: [i], type: 'node' });
     if (kept.length === 100000) { total += kept.length; kept = []; }
   }
   return total + kept.length;`,
);
// Worker code is a string evaluated on its own thread, so it sets up the parser itself (as rawNativeParser does).
const PARSE = job(
  `const Parser = require('tree-sitter'); const parser = new Parser(); parser.setLanguage(require('tree-sitter-cpp'));
   const texts = workerData.map((file) => require('node:fs').readFileSync(file, 'utf8'));`,
  'for (const text of texts) parser.parse((i) => text.slice(i, i + 16384));',
);

/** Milliseconds for `threads` workers to each finish the whole job at the same time, from go to the last done. */
async function runOnThreads(code: string, data: unknown, threads: number): Promise<number> {
  const workers = Array.from({ length: threads }, () => new Worker(code, { eval: true, workerData: data }));
  const next = (worker: Worker): Promise<void> => new Promise((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  try {
    await Promise.all(workers.map(next));
    const start = performance.now();
    const done = workers.map(next);
    for (const worker of workers) worker.postMessage('go');
    await Promise.all(done);
    return performance.now() - start;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** How many times more of a job all cores finish per second than one core does (2.0 on two independent cores). */
async function scalingOf(code: string, data: unknown): Promise<number> {
  const threads = os.cpus().length;
  const one: number[] = [];
  const all: number[] = [];
  for (let round = 0; round < 3; round++) {
    one.push(await runOnThreads(code, data, 1));
    all.push(await runOnThreads(code, data, threads));
  }
  return (threads * median(one)) / median(all);
}

export interface CoreScaling {
  readonly threads: number;
  /** A loop that only adds integers: neither memory nor allocation limits it. */
  readonly integerLoop: number;
  /** A loop that makes small objects and drops them in bulk, as an analysis does. */
  readonly allocatingLoop: number;
  /** tree-sitter parsing every file of a tree, outside JavaScript but for its input callback. */
  readonly rawParse: number;
}

/** What all cores give over one on this machine: for loops that share nothing, and for the parse alone. */
export async function coreScaling(tree: string): Promise<CoreScaling> {
  return {
    threads: os.cpus().length,
    integerLoop: await scalingOf(SPIN, null),
    allocatingLoop: await scalingOf(ALLOCATE, null),
    rawParse: await scalingOf(PARSE, filesUnder(tree)),
  };
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
  const parse = rawNativeParser();
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const start = performance.now();
    for (const text of texts) parse(text);
    times.push(performance.now() - start);
  }
  return lines / (median(times) / 1000);
}
