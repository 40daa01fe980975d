// Full analysis (mask, parse, model, every rule) of each generated file against a raw tree-sitter parse (the floor).
import { Linter } from '../server/src/engine/linter';
import { loadFlatTreeAddon } from '../server/src/parser/flat-tree-addon';
import { loadParser } from '../server/src/parser/load-parser';
import { createNativeBackend } from '../server/src/parser/native-backend';
import type { ParserBackend, ParserBackendName } from '../server/src/parser/syntax-node';
import { generateDriver } from './generate-corpus';
import { rawNativeParser } from './raw-native-parser';
import { type Row, verdict } from './row';
import { formatMs, median } from './statistics';

// Captured at load: web-tree-sitter replaces its module exports once its runtime is initialised.
const WebParser = require('web-tree-sitter');

const SIZES = [300, 2000, 10000];
const RUNS = 9;

/** The floor: the parse alone, straight through the tree-sitter API, with no copy and no model. */
async function rawParser(backend: ParserBackendName): Promise<(text: string) => void> {
  if (backend === 'native') return rawNativeParser();
  await WebParser.init();
  const parser = new WebParser();
  parser.setLanguage(await WebParser.Language.load(require.resolve('tree-sitter-cpp/tree-sitter-cpp.wasm')));
  return (text) => parser.parse(text).delete();
}

interface Variant {
  readonly label: string;
  readonly backend: ParserBackendName;
  readonly parser: ParserBackend;
}

/** The native backend with the flat-tree add-on (when built) and without it, then the wasm fallback. */
async function variants(): Promise<Variant[]> {
  const native: Variant[] = loadFlatTreeAddon()
    ? [
        { label: 'native, flat-tree add-on', backend: 'native', parser: createNativeBackend() },
        { label: 'native, cursor copy', backend: 'native', parser: createNativeBackend({ flatTree: false }) },
      ]
    : [{ label: 'native, cursor copy: the flat-tree add-on is not built', backend: 'native', parser: createNativeBackend({ flatTree: false }) }];
  return [...native, { label: 'wasm', backend: 'wasm', parser: (await loadParser('wasm')).backend }];
}

/** Models and analyses `cpp`, whose `.iig` the linter has already indexed. */
function analyse(linter: Linter, cpp: string): void {
  const model = linter.model('file:///bench/BenchDriver.cpp', cpp);
  if (model) linter.analyze(model);
}

/**
 * Each variant's ratio interleaves its analyses with raw parses, so that a change in the machine's speed reaches
 * both alike. Every variant first analyses each file once untimed: the variant measured first would otherwise also
 * pay for compiling the rules.
 */
export async function measureAnalysis(): Promise<Row[]> {
  const rows: Row[] = [];
  const measured = await Promise.all((await variants()).map(async (variant) => ({ ...variant, linter: new Linter({ parser: variant.parser }) })));
  for (const lines of SIZES) {
    const { iig, cpp } = generateDriver(lines);
    for (const { linter } of measured) {
      linter.model('file:///bench/BenchDriver.iig', iig);
      analyse(linter, cpp);
    }
  }
  for (const { label, backend, linter } of measured) {
    const parse = await rawParser(backend);
    for (const lines of SIZES) {
      const { iig, cpp } = generateDriver(lines);
      linter.model('file:///bench/BenchDriver.iig', iig);
      const raw: number[] = [];
      const full: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        let start = performance.now();
        parse(cpp);
        raw.push(performance.now() - start);
        start = performance.now();
        analyse(linter, cpp);
        full.push(performance.now() - start);
      }
      const ratio = median(full) / median(raw);
      rows.push({
        measure: `Full analysis, ${lines.toLocaleString('en')}-line file (${label})`,
        value: formatMs(median(full)),
        reference: `raw parse ${formatMs(median(raw))} (×${ratio.toFixed(1)})`,
        target: '≤ 2× raw parse',
        verdict: verdict(ratio <= 2),
      });
    }
  }
  return rows;
}
