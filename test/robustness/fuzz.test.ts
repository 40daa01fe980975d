// Property-based fuzzing of the engine on both parser backends: realistic DriverKit sources, mutated every way a
// half-typed, mis-encoded or generated file can be, never make the engine throw, report outside the document, or
// offer an edit an editor would reject.
//
// CI runs a bounded number of cases with a fixed seed. `npm run fuzz` runs long with a random seed:
//   FUZZ_RUNS   cases per backend (default 40 here; scripts/fuzz.mjs passes 2000)
//   FUZZ_SEED   the seed (default fixed); a failure prints the seed and the fast-check path that reproduce it
//   FUZZ_STRICT 1 makes a rule that throws fail the run (by default it is logged: the engine isolates it by design)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ParserBackend } from '../../server/src/parser/syntax-node';
import { BACKENDS, parserFor } from '../helpers/parsers';
import { applyEdits, invariantViolations, lintDocuments, type LintRun } from './engine-invariants';
import { loadSourcePairs, tokenBoundaries } from './realistic-sources';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 0x0d1c7);
const STRICT = process.env.FUZZ_STRICT === '1';
/** Truncation points per backend: sampled evenly over every token boundary of every source. */
const TRUNCATIONS = Math.max(60, RUNS * 3);

const PAIRS = loadSourcePairs();
const uriOf = (pair: string, file: string): string => `file:///fuzz/${pair}/${file}`;

/** Tokens a user types mid-edit, weighted toward what DriverKit rules and the iig masker look at. */
const VOCABULARY = [
  '{', '}', '(', ')', '[', ']', ';', ',', '<', '>', '::', '->', '.', '*', '&', '^', '^{', '#', '"', "'", '/*', '*/', '//', '\\\n',
  'TYPE(', 'TYPE(IOTimerDispatchSource::TimerOccurred)', 'LOCALONLY', 'QUEUENAME(', 'QUEUENAME(Default)', 'LOCAL', 'KERNEL',
  'IMPL(', 'IMPL(X, Start)', 'SUPERDISPATCH', 'OSAction::Create(', 'CreateActionTimerOccurred(', '->free()', 'free()', 'super::free();',
  'OSSafeReleaseNULL(', '->release()', '->retain()', 'return', 'return kIOReturnSuccess;', 'goto fail;', 'fail:', 'if (', 'else', 'while (1)',
  'class X : public IOService', 'virtual', 'kern_return_t', 'void', 'override', 'ivars', 'ivars->', 'IONew(', 'IOSafeDeleteNULL(',
  'template <typename T>', 'namespace', 'struct', 'enum', 'switch (x) { case 1:', '#if 0', '#endif', '#define X(', '__Require(', '__block',
] as const;

type Mutation =
  | { readonly kind: 'delete'; readonly at: number; readonly count: number }
  | { readonly kind: 'insert'; readonly at: number; readonly token: string }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'bytes'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'unicode'; readonly at: number; readonly text: string }
  | { readonly kind: 'line-ends'; readonly pattern: readonly string[] }
  | { readonly kind: 'tabs'; readonly width: number };

const position = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, token: fc.constantFrom(...VOCABULARY) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bytes' as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('unicode' as const),
      at: position,
      // Lone surrogates, NUL, BOMs, combining marks, CJK, emoji (surrogate pairs), tabs and the odd line breaks.
      text: fc.oneof(
        fc.string({ unit: 'binary', maxLength: 12 }),
        fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uDBFF\uD800', '\uFEFF', 'e\u0301', '中文', '😀', '\t', '\r', '\u2028', '\u0085', '\r\n\r'),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('line-ends' as const), pattern: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 1, maxLength: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tabs' as const), width: fc.integer({ min: 1, max: 8 }) }) },
);

function applyMutation(text: string, m: Mutation): string {
  const at = (n: number): number => n % (text.length + 1);
  switch (m.kind) {
    case 'delete': {
      const boundaries = tokenBoundaries(text);
      const first = m.at % boundaries.length;
      return text.slice(0, boundaries[first]) + text.slice(boundaries[Math.min(boundaries.length - 1, first + m.count)]);
    }
    case 'insert': {
      const boundaries = tokenBoundaries(text);
      const where = boundaries[m.at % boundaries.length];
      return `${text.slice(0, where)}${m.token}${text.slice(where)}`;
    }
    case 'truncate':
      return text.slice(0, at(m.at));
    case 'bytes':
      return text.slice(0, at(m.at)) + Buffer.from(m.bytes).toString('latin1') + text.slice(at(m.at));
    case 'unicode':
      return text.slice(0, at(m.at)) + m.text + text.slice(at(m.at));
    case 'line-ends': {
      let i = 0;
      return text.replace(/\r\n|\r|\n/g, () => m.pattern[i++ % m.pattern.length]);
    }
    case 'tabs':
      return text.replace(/^ +/gm, (spaces) => '\t'.repeat(Math.floor(spaces.length / m.width)) + ' '.repeat(spaces.length % m.width));
  }
}

interface Case {
  readonly pair: number;
  /** Which files of the pair are mutated: bit per file, at least one. */
  readonly targets: number;
  readonly mutations: readonly Mutation[];
}

const cases: fc.Arbitrary<Case> = fc.record({
  pair: fc.nat({ max: PAIRS.length - 1 }),
  targets: fc.integer({ min: 1, max: 7 }),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 5 }),
});

function mutatedFiles(c: Case): Map<string, string> {
  const pair = PAIRS[c.pair];
  const files = new Map<string, string>();
  [...pair.files].forEach(([name, text], i) => {
    const mutated = (c.targets >> i) & 1 || pair.files.size === 1 ? c.mutations.reduce(applyMutation, text) : text;
    files.set(uriOf(pair.name, name), mutated);
  });
  return files;
}

/** Fails with every violated promise; collects rule failures for the caller (fatal only under FUZZ_STRICT). */
function check(run: LintRun, ruleFailures: Set<string>): void {
  const violations = invariantViolations(run);
  assert.deepEqual(violations, [], 'engine invariants');
  for (const problem of run.ruleProblems) ruleFailures.add(problem.split('\n')[0]);
  if (STRICT) assert.deepEqual(run.ruleProblems, [], 'a rule threw');
  // Every fix applies cleanly (the invariants already proved its edits valid).
  for (const document of run.documents) {
    for (const fix of document.diagnostics.flatMap((d) => d.fixes)) applyEdits(document.text, fix.edits.filter((e) => e.uri === document.uri));
  }
}

function reproduce(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  throw new Error(`${message}\n\nReproduce with: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} node scripts/run-tests.mjs test/robustness/fuzz.test.ts`);
}

for (const backend of BACKENDS) {
  describe(`engine fuzzing (${backend} parser, seed ${SEED})`, () => {
    let parser: ParserBackend;
    const ruleFailures = new Set<string>();

    it('loads the sources and the parser', async () => {
      parser = await parserFor(backend);
      assert.ok(PAIRS.length >= 5, 'realistic sources found');
    });

    it(`mutated sources (${RUNS} cases): no exception, ranges inside, valid non-overlapping fixes`, () => {
      try {
        fc.assert(
          fc.property(cases, (c) => check(lintDocuments(parser, mutatedFiles(c)), ruleFailures)),
          { seed: SEED, numRuns: RUNS, endOnFailure: false },
        );
      } catch (error) {
        reproduce(error);
      }
    });

    it(`truncation at token boundaries (${TRUNCATIONS} sampled)`, () => {
      const points = PAIRS.flatMap((pair, p) => [...pair.files].flatMap(([name, text]) => tokenBoundaries(text).map((at) => ({ p, name, at }))));
      const stride = Math.max(1, Math.floor(points.length / TRUNCATIONS));
      for (let i = SEED % stride; i < points.length; i += stride) {
        const { p, name, at } = points[i];
        const pair = PAIRS[p];
        const files = new Map([...pair.files].map(([n, text]) => [uriOf(pair.name, n), n === name ? text.slice(0, at) : text]));
        try {
          check(lintDocuments(parser, files), ruleFailures);
        } catch (error) {
          throw new Error(`truncating ${pair.name}/${name} at ${at}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });

    it('10,000-deep nesting of every kind', () => {
      const n = 10_000;
      const shapes: [string, 'cpp' | 'iig', string][] = [
        ['braces', 'cpp', `void f() {${'{'.repeat(n)}${'}'.repeat(n)}}`],
        ['unclosed', 'cpp', `void Demo::Stop() {${'{'.repeat(n)} ivars->queue->free();`],
        ['parentheses', 'cpp', `void f() { x = ${'('.repeat(n)}1${')'.repeat(n)}; }`],
        ['calls', 'cpp', `void f() { OSSafeReleaseNULL(${'g('.repeat(n)}1${')'.repeat(n)}); }`],
        ['ifs', 'cpp', `kern_return_t IMPL(X, Start) { OSObject *o; OSObject::Create(&o); ${'if (a) { '.repeat(n)}return 1;${' }'.repeat(n)} return 0; }`],
        ['blocks', 'cpp', `void f() { x = ${'^{ '.repeat(n)}${' }'.repeat(n)}; }`],
        ['templates', 'cpp', `A${'<A'.repeat(n)}${'>'.repeat(n)} x;`],
        ['namespaces', 'cpp', `${'namespace a { '.repeat(n)}${'}'.repeat(n)}`],
        ['conditionals', 'cpp', `${'#if A\n'.repeat(n)}${'#endif\n'.repeat(n)}`],
        ['classes', 'iig', `${'class A { '.repeat(n)}${'};'.repeat(n)}`],
        ['braces', 'iig', `class X : public IOService {${'{'.repeat(n)}${'}'.repeat(n)}};`],
        ['annotations', 'iig', `class X : public IOService { ${'TYPE('.repeat(n)}${')'.repeat(n)} };`],
      ];
      for (const [name, extension, text] of shapes) check(lintDocuments(parser, new Map([[`file:///fuzz/deep/${name}.${extension}`, text]])), ruleFailures);
    });

    it('a single 5 MB line still reports at the exact UTF-16 column after it', () => {
      const prefix = `void Demo::Teardown() { const char *blob = "${'\u00e9中😀a'.repeat(1_000_000)}"; `;
      const text = `${prefix}ivars->queue->free(); }`;
      assert.ok(text.length > 5_000_000);
      const run = lintDocuments(parser, new Map([['file:///fuzz/huge/Line.cpp', text]]));
      check(run, ruleFailures);
      const free = run.documents[0].diagnostics.find((d) => d.range.start === prefix.length);
      assert.ok(free, `a finding at the call after the 5 MB literal (got ${run.documents[0].diagnostics.map((d) => `${d.code}@${d.range.start}`).join(', ')})`);
    });

    it('lists the rules that threw (isolated by the engine; fatal with FUZZ_STRICT=1)', (t) => {
      for (const failure of ruleFailures) t.diagnostic(failure);
    });
  });
}
