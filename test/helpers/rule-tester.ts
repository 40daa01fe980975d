// ESLint-style case tables for rules: valid sources must yield nothing; invalid ones yield exactly the marked
// ranges and messages, and applying each listed fix yields exactly the expected text, which then lints clean.
//
// Mark expected ranges in the source with ⟦ and ⟧ (they are removed before linting): `⟦OSAction::Create⟧(this, ...)`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from '../../server/src/engine/analyze-file';
import type { Rule, TextEdit } from '../../server/src/rules/rule';
import { lintSources, uriOf, type SourceSet } from './lint-sources';
import { BACKENDS } from './parsers';

const OPEN = '⟦';
const CLOSE = '⟧';

export interface ValidCase {
  readonly name: string;
  /** The file under test and any companions (its class's .iig); the first path is the file under test. */
  readonly files: SourceSet;
}

export interface ExpectedFinding {
  /** A substring (or pattern) the message must contain. */
  readonly message: string | RegExp;
  /** Expected text after applying this finding's fix number `fix` (default 0), by path; omitted paths are unchanged. */
  readonly output?: Readonly<Record<string, string>>;
  readonly fix?: number;
  /** Titles of all offered fixes, in order, when the case wants to pin them. */
  readonly fixTitles?: readonly string[];
  /** True when the finding must offer no fix. */
  readonly noFix?: boolean;
}

export interface InvalidCase extends ValidCase {
  /** One entry per ⟦…⟧ marker in the file under test, in source order. */
  readonly findings: readonly ExpectedFinding[];
}

export function ruleTester(rule: Rule, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  assert.ok(cases.valid.length >= 3 && cases.invalid.length >= 3, `${rule.meta.code} needs at least three valid and three invalid cases`);
  for (const backend of BACKENDS) {
    describe(`${rule.meta.code} ${rule.meta.name} (${backend} parser)`, () => {
      for (const valid of cases.valid) {
        it(`valid: ${valid.name}`, async () => {
          const target = Object.keys(valid.files)[0];
          const results = await lintSources(valid.files, { backend, rules: [rule] });
          const found = results.find((r) => r.path === target)?.diagnostics ?? [];
          assert.deepEqual(found.map(describeFinding(valid.files[target])), []);
        });
      }
      for (const invalid of cases.invalid) {
        it(`invalid: ${invalid.name}`, async () => checkInvalid(rule, invalid, backend));
      }
    });
  }
}

async function checkInvalid(rule: Rule, invalid: InvalidCase, backend: 'native' | 'wasm'): Promise<void> {
  const target = Object.keys(invalid.files)[0];
  const { text, ranges } = stripMarkers(invalid.files[target]);
  const files = { ...invalid.files, [target]: text };
  const results = await lintSources(files, { backend, rules: [rule] });
  const found = results.find((r) => r.path === target)?.diagnostics ?? [];
  assert.deepEqual(
    found.map((d) => text.slice(d.range.start, d.range.end)),
    ranges.map((r) => text.slice(r.start, r.end)),
    'reported ranges differ from the ⟦marked⟧ ones',
  );
  assert.deepEqual(found.map((d) => d.range), ranges, 'reported offsets differ from the marked ones');
  for (const [i, expected] of invalid.findings.entries()) {
    const diagnostic = found[i];
    if (typeof expected.message === 'string') assert.ok(diagnostic.message.includes(expected.message), `message "${diagnostic.message}" lacks "${expected.message}"`);
    else assert.match(diagnostic.message, expected.message);
    if (expected.fixTitles) assert.deepEqual(diagnostic.fixes.map((f) => f.title), expected.fixTitles);
    if (expected.noFix) assert.equal(diagnostic.fixes.length, 0, 'expected no fix');
    if (expected.output) await checkFix(rule, files, diagnostic, expected, backend);
  }
}

async function checkFix(rule: Rule, files: SourceSet, diagnostic: Diagnostic, expected: ExpectedFinding, backend: 'native' | 'wasm'): Promise<void> {
  const fix = diagnostic.fixes[expected.fix ?? 0];
  assert.ok(fix, 'expected a fix');
  const fixed = applyEdits(files, fix.edits);
  for (const [path, output] of Object.entries(expected.output ?? {})) assert.equal(fixed[path], output, `fixed text of ${path}`);
  for (const path of Object.keys(files)) if (!(path in (expected.output ?? {}))) assert.equal(fixed[path], files[path], `${path} must be unchanged`);
  // A fix that leaves the same finding behind (or creates a new one of this rule) is not a fix.
  const relinted = await lintSources(fixed, { backend, rules: [rule] });
  const remaining = relinted.flatMap((r) => r.diagnostics.map(describeFinding(r.text)));
  const before = (await lintSources(files, { backend, rules: [rule] })).flatMap((r) => r.diagnostics.map(describeFinding(r.text)));
  assert.ok(remaining.length < before.length, `the fix did not remove the finding: ${JSON.stringify(remaining)}`);
}

export function applyEdits(files: SourceSet, edits: readonly TextEdit[]): Record<string, string> {
  const result: Record<string, string> = { ...files };
  for (const path of Object.keys(files)) {
    const mine = edits.filter((e) => e.uri === uriOf(path)).sort((a, b) => b.range.start - a.range.start);
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i].range.end <= mine[i - 1].range.start, 'fix edits overlap');
    let text = files[path];
    for (const edit of mine) text = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
    result[path] = text;
  }
  const unknown = edits.filter((e) => !Object.keys(files).some((p) => uriOf(p) === e.uri));
  assert.deepEqual(unknown, [], 'fix edits a file outside the case');
  return result;
}

export function stripMarkers(marked: string): { text: string; ranges: { start: number; end: number }[] } {
  const ranges: { start: number; end: number }[] = [];
  const open: number[] = [];
  let text = '';
  for (const char of marked) {
    if (char === OPEN) open.push(text.length);
    else if (char === CLOSE) ranges.push({ start: open.pop() as number, end: text.length });
    else text += char;
  }
  assert.equal(open.length, 0, 'unbalanced ⟦ ⟧ markers');
  return { text, ranges: ranges.sort((a, b) => a.start - b.start) };
}

function describeFinding(text: string): (d: Diagnostic) => string {
  return (d) => `${d.code} "${text.slice(d.range.start, d.range.end)}": ${d.message}`;
}
