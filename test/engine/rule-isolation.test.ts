// A rule that throws is logged once and skipped; every other rule still reports.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Linter } from '../../server/src/engine/linter';
import { ALL_RULES } from '../../server/src/rules';
import { defineRule } from '../../server/src/rules/rule';
import { BACKENDS, parserFor } from '../helpers/parsers';

const broken = defineRule(
  { code: 'DK999', name: 'always-throws', summary: 'Test rule that fails.', category: 'lifetime', defaultSeverity: 'error', fixable: 'none', appliesTo: ['cpp'] },
  () => {
    throw new Error('deliberate failure');
  },
);

const SOURCE = 'void Demo::Stop2()\n{\n    ivars->queue->free();\n}\n';

for (const backend of BACKENDS) {
  describe(`rule isolation (${backend} parser)`, () => {
    it('skips the failing rule, logs it once, and keeps the others', async () => {
      const logged: string[] = [];
      const linter = new Linter({ parser: await parserFor(backend), rules: [broken, ...ALL_RULES], onRuleError: (m) => logged.push(m) });
      for (let i = 0; i < 3; i++) {
        const model = linter.model('file:///Demo.cpp', SOURCE);
        assert.ok(model);
        assert.deepEqual(linter.analyze(model).map((d) => d.code), ['DK202']);
      }
      assert.equal(logged.length, 1);
      assert.match(logged[0], /DK999 \(always-throws\) failed and was skipped: Error: deliberate failure/);
    });

    it('honours severity overrides by code and by name, including off', async () => {
      const linter = new Linter({ parser: await parserFor(backend) });
      const model = linter.model('file:///Demo.cpp', SOURCE);
      assert.ok(model);
      assert.deepEqual(linter.analyze(model, { 'direct-free-call': 'hint' }).map((d) => [d.code, d.severity]), [['DK202', 'hint']]);
      assert.deepEqual(linter.analyze(model, { DK202: 'off' }), []);
    });

    it('never throws on junk, and every range lies inside the document', async () => {
      const linter = new Linter({ parser: await parserFor(backend) });
      const seeds = ['\u0000\uD800\uDFFF', '{'.repeat(5000), 'IMPL(,)', 'class X { virtual void F() TYPE(', '^{^(^', 'OSAction::Create(this,0,0,0,&a', '\r\r\n\n'];
      for (const text of seeds) {
        for (const uri of ['file:///a.iig', 'file:///a.cpp']) {
          const model = linter.model(uri, text);
          assert.ok(model);
          for (const d of linter.analyze(model)) assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length);
        }
      }
    });
  });
}
