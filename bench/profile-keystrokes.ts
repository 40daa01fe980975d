// In-process keystroke profile: the server's re-analysis path (incremental parse, model, every rule) after one-character
// edits in the middle of the 10,000-line file, with per-phase medians. Run under the profiler to see where time goes:
//   node --cpu-prof --cpu-prof-dir=/tmp/dk-prof --import tsx bench/profile-keystrokes.ts [native|wasm] [edits]
import { FunctionFindingsCache } from '../server/src/engine/function-findings-cache';
import { Linter } from '../server/src/engine/linter';
import { loadParser } from '../server/src/parser/load-parser';
import { generateDriver } from './generate-corpus';
import { formatMs, median } from './statistics';

async function main(): Promise<void> {
  const backend = process.argv[2] === 'wasm' ? 'wasm' : 'native';
  const edits = Number(process.argv[3] ?? 100);
  const linter = new Linter({ parser: (await loadParser(backend)).backend });
  const { iig, cpp } = generateDriver(10000);
  linter.model('file:///bench/BenchDriver.iig', iig);
  const uri = 'file:///bench/BenchDriver.cpp';
  const session = linter.createParseSession();
  const middle = cpp.split('\n').slice(0, 5000).join('\n').length + 1;
  let text = cpp;
  const functionFindings = new FunctionFindingsCache();
  const first = linter.model(uri, text, session);
  if (first) linter.analyze(first, undefined, functionFindings);
  const model: number[] = [];
  const rules: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < edits; i++) {
    text = `${text.slice(0, middle)}${i % 2 === 0 ? ' ' : '\t'}${text.slice(middle)}`;
    const usage = process.cpuUsage();
    let started = performance.now();
    const edited = linter.model(uri, text, session);
    model.push(performance.now() - started);
    started = performance.now();
    if (edited) linter.analyze(edited, undefined, functionFindings);
    rules.push(performance.now() - started);
    const spent = process.cpuUsage(usage);
    cpu.push((spent.user + spent.system) / 1000);
  }
  process.stdout.write(`${backend}, ${edits} edits: model (mask + incremental parse + copy + extract) ${formatMs(median(model))}, rules ${formatMs(median(rules))}, CPU ${formatMs(median(cpu))} per keystroke\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
