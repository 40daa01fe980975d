import { Linter } from '/work/wt-perf/server/src/engine/linter';
import { loadParser } from '/work/wt-perf/server/src/parser/load-parser';
import { generateDriver } from '/work/wt-perf/bench/generate-corpus';
import { maskAnnotations } from '/work/wt-perf/server/src/iig/mask-annotations';
async function main() {
  const backend = (process.argv[2] ?? 'native') as 'native'|'wasm';
  const linter = new Linter({ parser: (await loadParser(backend)).backend });
  const { iig, cpp } = generateDriver(10000);
  linter.model('file:///bench/BenchDriver.iig', iig);
  const Parser = require('tree-sitter'); const p = new Parser(); p.setLanguage(require('tree-sitter-cpp'));
  for (let r = 0; r < 12; r++) {
    let t = performance.now(); p.parse((i: number) => cpp.slice(i, i + 16384)); const raw = performance.now() - t;
    t = performance.now(); maskAnnotations(cpp, 'c++'); const mask = performance.now() - t;
    t = performance.now(); const m = linter.model('file:///bench/BenchDriver.cpp', cpp)!; const model = performance.now() - t;
    t = performance.now(); const d = linter.analyze(m); const an = performance.now() - t;
    console.log(`raw ${raw.toFixed(1)} mask ${mask.toFixed(1)} model ${model.toFixed(1)} analyze ${an.toFixed(1)} findings ${d.length}`);
  }
}
main();
