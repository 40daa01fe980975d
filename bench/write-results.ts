// Writes bench/results.md: the newest run on top, earlier runs kept below it for comparison.
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Row } from './row';

const RESULTS = path.join(__dirname, 'results.md');
const KEPT_RUNS = 10;
const TITLE = '# Benchmark results\n\nWritten by `npm run bench` (bench/run.ts). Newest run first; how to read the rows is in bench/README.md.\n';

function describeMachine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  let commit = 'uncommitted';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: __dirname, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: the run is still worth keeping.
  }
  // The load average says whether other processes shared the cores: wall-clock figures are only comparable without.
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
  return `${cpu} × ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · ${os.platform()}-${os.arch()} · commit ${commit} · load average at the end ${load} (1/5/15 min)`;
}

/** The table of one run; `record` false prints it without touching results.md (a partial run with --only). */
export function writeResults(rows: readonly Row[], record = true): string {
  const table = [
    '| Measure | Value | Reference (same run) | Target | Verdict |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.measure} | ${r.value} | ${r.reference} | ${r.target} | ${r.verdict} |`),
  ].join('\n');
  const run = `## Run ${new Date().toISOString()}\n\n${describeMachine()}\n\n${table}\n`;
  if (!record) return run;
  const previous = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, 'utf8').split(/^(?=## Run )/m).filter((part) => part.startsWith('## Run ')) : [];
  fs.writeFileSync(RESULTS, [TITLE, run, ...previous.slice(0, KEPT_RUNS - 1)].join('\n'));
  return run;
}
