// A rule that runs past the per-file time budget is logged once and skipped for that file; the others still report.
// Rules are synchronous, so the slow run itself cannot be interrupted: the budget bounds every later analysis.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from '../../server/src/engine/linter';
import { ALL_RULES } from '../../server/src/rules';
import { defineRule } from '../../server/src/rules/rule';
import { BACKENDS, parserFor } from '../helpers/parsers';

const SOURCE = 'void Demo::Stop2()\n{\n    ivars->queue->free();\n}\n';
const BUDGET_MS = 25;

/**
 * A rule that is slow and reports one finding, counting its calls. With `clock`, it advances that fake clock (so the
 * test does not depend on how fast the machine runs the real rules); without, it busy-waits for real.
 */
function slowRule(delayMs: number, clock?: { now: number }): { rule: ReturnType<typeof defineRule>; calls: () => number } {
  let calls = 0;
  const rule = defineRule(
    { code: 'DK998', name: 'deliberately-slow', summary: 'Test rule that is slow.', category: 'lifetime', defaultSeverity: 'error', fixable: 'none', appliesTo: ['cpp'] },
    () => {
      calls++;
      if (clock) clock.now += delayMs;
      else {
        const until = performance.now() + delayMs;
        while (performance.now() < until) {
          // Busy-wait: a rule cannot yield.
        }
      }
      return [{ range: { start: 0, end: 4 }, message: 'slow finding' }];
    },
  );
  return { rule, calls: () => calls };
}

for (const backend of BACKENDS) {
  describe(`per-file rule time budget (${backend} parser)`, () => {
    it('skips a rule over the budget on that file from then on, logs it once, and keeps the other rules', async () => {
      const logged: string[] = [];
      const clock = { now: 0 };
      const slow = slowRule(BUDGET_MS * 3, clock);
      const linter = new Linter({ parser: await parserFor(backend), rules: [slow.rule, ...ALL_RULES], ruleTimeBudgetMs: BUDGET_MS, now: () => clock.now, onRuleError: (m) => logged.push(m) });
      for (let i = 0; i < 3; i++) {
        const model = linter.model('file:///Demo.cpp', SOURCE);
        assert.ok(model);
        const codes = linter.analyze(model).map((d) => d.code);
        assert.ok(codes.includes('DK202'), `the other rules still report (run ${i + 1}: ${codes.join(', ')})`);
        assert.ok(!codes.includes('DK998'), 'the slow rule reports nothing, not even from the run that was slow');
      }
      assert.equal(slow.calls(), 1, 'the slow rule ran once on this file');
      assert.equal(logged.length, 1);
      assert.match(logged[0], new RegExp(`^Rule DK998 \\(deliberately-slow\\) took \\d+ ms on file:///Demo\\.cpp, over the ${BUDGET_MS} ms per-file budget; it is skipped for this file from now on\\.$`));

      // The budget is per file: on another file the rule gets its own chance (and its own single log line).
      const other = linter.model('file:///Other.cpp', SOURCE);
      assert.ok(other);
      linter.analyze(other);
      linter.analyze(other);
      assert.equal(slow.calls(), 2);
      assert.equal(logged.length, 2);
      assert.match(logged[1], /on file:\/\/\/Other\.cpp/);
    });

    it('measures real time: a busy-waiting rule is skipped after its slow run, a quick one is kept', async () => {
      const logged: string[] = [];
      const slow = slowRule(BUDGET_MS * 3);
      const quick = defineRule({ ...slow.rule.meta, code: 'DK996', name: 'quick' }, () => [{ range: { start: 0, end: 1 }, message: 'quick finding' }]);
      const linter = new Linter({ parser: await parserFor(backend), rules: [slow.rule, quick], ruleTimeBudgetMs: BUDGET_MS, onRuleError: (m) => logged.push(m) });
      const model = linter.model('file:///Demo.cpp', SOURCE);
      assert.ok(model);
      for (let i = 0; i < 3; i++) assert.deepEqual(linter.analyze(model).map((d) => d.code), ['DK996']);
      assert.equal(slow.calls(), 1);
      assert.equal(logged.length, 1);
      assert.match(logged[0], /^Rule DK998 \(deliberately-slow\) took \d+ ms/);
    });

    it('keeps a rule that stays within the budget, and applies no budget when none is set (the CLI)', async () => {
      const quick = slowRule(0);
      const budgeted = new Linter({ parser: await parserFor(backend), rules: [quick.rule], ruleTimeBudgetMs: 1000 });
      const model = budgeted.model('file:///Demo.cpp', SOURCE);
      assert.ok(model);
      assert.deepEqual(budgeted.analyze(model).map((d) => d.code), ['DK998']);

      const slow = slowRule(BUDGET_MS * 2);
      const unbudgeted = new Linter({ parser: await parserFor(backend), rules: [slow.rule] });
      for (let i = 0; i < 2; i++) assert.deepEqual(unbudgeted.analyze(model).map((d) => d.code), ['DK998']);
      assert.equal(slow.calls(), 2);
    });

    it('drops a finding or fix a buggy rule places outside the document, keeping the rest', async () => {
      const sloppy = defineRule(
        { code: 'DK997', name: 'sloppy-ranges', summary: 'Test rule with bad ranges.', category: 'lifetime', defaultSeverity: 'error', fixable: 'safe', appliesTo: ['cpp'] },
        (file) => [
          { range: { start: 0, end: file.text.length + 5 }, message: 'past the end' },
          { range: { start: 3, end: 1 }, message: 'reversed' },
          {
            range: { start: 0, end: 4 },
            message: 'kept, with only its valid fix',
            fixes: [
              { title: 'overlapping', edits: [{ uri: file.uri, range: { start: 0, end: 3 }, newText: 'a' }, { uri: file.uri, range: { start: 2, end: 4 }, newText: 'b' }] },
              { title: 'outside', edits: [{ uri: file.uri, range: { start: 0, end: file.text.length + 1 }, newText: '' }] },
              { title: 'valid', edits: [{ uri: file.uri, range: { start: 0, end: 0 }, newText: 'x' }, { uri: file.uri, range: { start: 0, end: 0 }, newText: 'y' }] },
            ],
          },
        ],
      );
      const linter = new Linter({ parser: await parserFor(backend), rules: [sloppy] });
      const model = linter.model('file:///Demo.cpp', SOURCE);
      assert.ok(model);
      const diagnostics = linter.analyze(model);
      assert.deepEqual(diagnostics.map((d) => [d.message, d.fixes.map((f) => f.title)]), [['kept, with only its valid fix', ['valid']]]);
    });
  });
}
