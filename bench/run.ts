// `npm run bench`: builds the corpora, runs every measurement, prints the table and records it in bench/results.md.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeTree } from './generate-corpus';
import { measureAnalysis } from './measure-analysis';
import { measureCli } from './measure-cli';
import { measureClangd } from './measure-clangd';
import { measureKeystrokes } from './measure-keystrokes';
import { measureStartup, measureWorkspaceMemory } from './measure-startup';
import type { Row } from './row';
import { writeResults } from './write-results';

const TREE_FILES = 1000;

/** `npm run bench -- --only keystrokes,analysis`: a partial run while working, printed but not recorded. */
function selectedSteps(argv: readonly string[]): ReadonlySet<string> | undefined {
  const index = argv.indexOf('--only');
  return index >= 0 ? new Set((argv[index + 1] ?? '').split(',')) : undefined;
}

async function main(): Promise<void> {
  // Measure the code as it is now, not a stale bundle.
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: path.resolve(__dirname, '..'), stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-bench-tree-'));
  try {
    // 1,000 driver pairs of ~150 lines each: a large dext tree's worth of sources.
    const lines = writeTree(tree, TREE_FILES / 2, 150);
    const rows: Row[] = [];
    const only = selectedSteps(process.argv.slice(2));
    const step = async (key: string, name: string, run: () => Promise<Row[]> | Row[]): Promise<void> => {
      if (only && !only.has(key)) return;
      process.stderr.write(`bench: ${name}…\n`);
      rows.push(...(await run()));
    };
    await step('keystrokes', 'keystroke latency', measureKeystrokes);
    await step('analysis', 'full analysis vs raw parse', measureAnalysis);
    await step('cli', 'CLI throughput', () => measureCli(tree, lines));
    await step('startup', 'start-up', measureStartup);
    await step('memory', 'workspace memory', async () => [await measureWorkspaceMemory(tree, TREE_FILES)]);
    await step('clangd', 'clangd', async () => [await measureClangd()]);
    process.stdout.write(writeResults(rows, only === undefined));
  } finally {
    fs.rmSync(tree, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
