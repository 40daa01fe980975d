// CLI throughput on a generated tree, with one worker and with every core when the CLI supports --jobs.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { coreScaling, rawParseLinesPerSecond } from './measure-machine';
import { type Row, verdict } from './row';
import { median } from './statistics';

const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');

const CLI_FLAGS = ['--format', 'json', '--exit-zero'];
const ROUNDS = 3;

function linesPerSecond(tree: string, lines: number, extra: readonly string[]): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...CLI_FLAGS, ...extra, tree], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`driverkit-lint failed: ${result.stderr}`);
  return lines / ((performance.now() - start) / 1000);
}

/**
 * Lines per second of two `--jobs 1` processes started together, each on half of the tree's folders: what this
 * machine gives the CLI's own work on two cores with no pool, no shared index and nothing else shared.
 */
async function halvesAtOnce(tree: string, lines: number): Promise<number> {
  const folders = readdirSync(tree).sort().map((name) => path.join(tree, name));
  const middle = Math.ceil(folders.length / 2);
  const run = (paths: readonly string[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...CLI_FLAGS, '--jobs', '1', ...paths], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (status) => (status === 0 ? resolve() : reject(new Error(`driverkit-lint failed: ${stderr}`))));
    });
  const start = performance.now();
  await Promise.all([run(folders.slice(0, middle)), run(folders.slice(middle))]);
  return lines / ((performance.now() - start) / 1000);
}

export async function measureCli(tree: string, lines: number): Promise<Row[]> {
  const help = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout;
  const format = (n: number): string => `${Math.round(n).toLocaleString('en')} lines/s`;
  if (!help.includes('--jobs')) {
    const single = linesPerSecond(tree, lines, []);
    return [
      { measure: `CLI throughput, 1,000-file tree (${lines.toLocaleString('en')} lines), one process`, value: format(single), reference: '—', target: '≥ 100,000 lines/s', verdict: verdict(single >= 100_000) },
      { measure: 'CLI scaling, --jobs 1 → all cores', value: 'not measured', reference: '—', target: '≥ 1.6×', verdict: 'the CLI has no worker pool yet (--jobs)' },
    ];
  }
  // Interleaved rounds, so that a change in the machine's speed reaches the three alike; each figure is a median.
  const rounds: { one: number; all: number; halves: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const one = linesPerSecond(tree, lines, ['--jobs', '1']);
    const all = linesPerSecond(tree, lines, ['--jobs', String(os.cpus().length)]);
    rounds.push({ one, all, halves: await halvesAtOnce(tree, lines) });
  }
  const [one, all, halves] = (['one', 'all', 'halves'] as const).map((key) => median(rounds.map((r) => r[key])));
  const rawParse = rawParseLinesPerSecond(tree, lines);
  const scaling = await coreScaling(tree);
  return [
    {
      measure: `CLI throughput, 1,000-file tree (${lines.toLocaleString('en')} lines), --jobs ${os.cpus().length}`,
      value: format(all),
      reference: `--jobs 1 ${format(one)}; raw tree-sitter parse of the same files on one thread ${format(rawParse)}`,
      target: '≥ 100,000 lines/s',
      verdict: verdict(all >= 100_000),
    },
    {
      measure: 'CLI scaling, --jobs 1 → all cores',
      value: `×${(all / one).toFixed(2)}`,
      reference: `this machine on ${scaling.threads} threads vs 1: ×${scaling.integerLoop.toFixed(2)} for an integer loop, ×${scaling.allocatingLoop.toFixed(2)} for a loop that allocates like an analysis, ×${scaling.rawParse.toFixed(2)} for the raw tree-sitter parse of the same files; two --jobs 1 processes at once, each on half of the tree: ×${(halves / one).toFixed(2)}`,
      target: '≥ 1.6×',
      verdict: verdict(all / one >= 1.6),
    },
  ];
}
