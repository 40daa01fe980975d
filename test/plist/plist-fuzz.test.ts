// Property-based fuzzing of the plist reader and the configuration rules: mutated Info.plist and entitlements files
// (half-typed tags, stray entities, odd line ends, bytes) never throw, and every range lies inside its document.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ALL_RULES } from '../../server/src/rules';
import { readPlist } from '../../server/src/plist/read-plist';
import type { PlistRange, PlistValue } from '../../server/src/plist/plist-value';
import { lintSources } from '../helpers/lint-sources';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 0x91157);
const ROOT = path.resolve(__dirname, '..', '..');
const SOURCES = [
  'test/fixtures/valid/scsi/Info.plist',
  'test/fixtures/valid/scsi/QuadPortHba.entitlements',
  'test/fixtures/valid/pci/Info.plist',
  'test/fixtures/valid/userclient/Info.plist',
  'examples/ScsiRaidDext/ScsiRaidDext/Info.plist',
].map((p) => fs.readFileSync(path.join(ROOT, p), 'utf8'));
const IIG = fs.readFileSync(path.join(ROOT, 'test/fixtures/valid/scsi/QuadPortHba.iig'), 'utf8');

const TOKENS = ['<', '>', '</', '/>', '<key>', '</key>', '<dict>', '</dict>', '<array/>', '<string>', '</string>', '<true/>', '&amp;', '&bogus;', '&#x1F600;', '<![CDATA[', ']]>', '<!--', '-->', '$(', '"', '\r\n', '\r', '😀', '\uD800', '\u0000', 'IOClass', 'IOUserServerName'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 8 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  if (m.kind === 'insert') return text.slice(0, at) + m.token + text.slice(at);
  if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + m.count);
  if (m.kind === 'truncate') return text.slice(0, at);
  return text.slice(0, at) + m.text + text.slice(at);
}

function rangesOf(value: PlistValue | undefined): PlistRange[] {
  if (!value) return [];
  const own = [value.range, value.contentRange];
  if (value.kind === 'dict') return [...own, ...value.entries.flatMap((e) => [e.keyRange, e.keyElementRange, ...rangesOf(e.value)])];
  if (value.kind === 'array') return [...own, ...value.items.flatMap(rangesOf)];
  return own;
}

const inside = (r: PlistRange, length: number): boolean => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= length;

describe('plist fuzzing', () => {
  it(`readPlist on ${RUNS} mutated property lists: no exception, every range inside`, () => {
    fc.assert(
      fc.property(fc.nat({ max: SOURCES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (source, mutations) => {
        const text = mutations.reduce(mutate, SOURCES[source]);
        const doc = readPlist(text);
        for (const range of rangesOf(doc.root)) assert.ok(inside(range, text.length), `range ${JSON.stringify(range)} outside ${text.length}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`every rule on ${Math.round(RUNS / 3)} mutated dext folders: no exception, findings inside the document`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.array(mutation, { minLength: 0, maxLength: 3 }), async (infoMutations, entitlementMutations) => {
        const info = infoMutations.reduce(mutate, SOURCES[0]);
        const entitlements = entitlementMutations.reduce(mutate, SOURCES[1]);
        const results = await lintSources({ 'Dext/Info.plist': info, 'Dext/Dext.entitlements': entitlements, 'Dext/QuadPortHba.iig': IIG }, { backend: 'wasm', rules: ALL_RULES });
        for (const result of results) for (const d of result.diagnostics) assert.ok(inside(d.range, result.text.length), `${d.code} range outside ${result.path}`);
      }),
      { numRuns: Math.round(RUNS / 3), seed: SEED },
    );
  });
});
