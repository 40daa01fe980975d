import { Linter } from '../server/src/engine/linter';
import { loadParser } from '../server/src/parser/load-parser';
import { generateDriver } from './generate-corpus';
async function main() {
  const linter = new Linter({ parser: (await loadParser('native')).backend });
  const { iig, cpp } = generateDriver(10000);
  linter.model('file:///bench/BenchDriver.iig', iig);
  const session = linter.createParseSession();
  let text = cpp;
  const mid = text.split('\n').slice(0, 5000).join('\n').length + 1;
  const uri = 'file:///bench/BenchDriver.cpp';
  linter.analyze(linter.model(uri, text, session)!);
  const times: string[] = [];
  for (let i = 0; i < 60; i++) {
    text = text.slice(0, mid) + (i % 2 ? '\t' : ' ') + text.slice(mid);
    const c0 = process.cpuUsage(); let t = performance.now();
    const m = linter.model(uri, text, session)!; const tm = performance.now() - t; t = performance.now();
    linter.analyze(m); const ta = performance.now() - t; const cpu = process.cpuUsage(c0);
    times.push(`model ${tm.toFixed(1)} analyze ${ta.toFixed(1)} cpu ${((cpu.user + cpu.system) / 1000).toFixed(1)}`);
  }
  console.log(times.slice(-5).join('\n'));
}
main();
