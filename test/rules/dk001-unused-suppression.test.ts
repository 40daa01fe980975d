// Case table for DK001 unused-suppression, and the suppression directives themselves as the engine applies them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/rules';
import { unusedSuppression } from '../../server/src/rules/dk001-unused-suppression';
import { lintSources } from '../helpers/lint-sources';
import { BACKENDS } from '../helpers/parsers';
import { ruleTester } from '../helpers/rule-tester';

const fn = (body: string): string => `void MyDriver::Teardown()\n{\n${body}\n}\n`;

// The case table runs DK001 alone, so every directive that names another rule suppresses nothing here.
ruleTester(unusedSuppression, {
  valid: [
    { name: 'no directive', files: { 'MyDriver.cpp': fn('    OSSafeReleaseNULL(ivars->buffer);') } },
    { name: 'a directive quoted in a string literal is not a comment', files: { 'MyDriver.cpp': fn('    Log("// driverkit-lint-disable-next-line DK202");') } },
    { name: 'a comment that only mentions the directive', files: { 'MyDriver.cpp': fn('    // See driverkit-lint-disable-next-line in the README.\n    Stop();') } },
    { name: 'a directive naming DK001 itself is never reported', files: { 'MyDriver.cpp': `// driverkit-lint-disable DK001\n${fn('    Stop();')}` } },
    { name: 'a longer word that starts like the directive', files: { 'MyDriver.cpp': fn('    // driverkit-lint-disabled-for-now DK202\n    Stop();') } },
  ],
  invalid: [
    {
      name: 'a next-line directive on a line without the finding',
      files: { 'MyDriver.cpp': fn('    ⟦// driverkit-lint-disable-next-line DK202⟧\n    OSSafeReleaseNULL(ivars->buffer);') },
      findings: [
        {
          message: "Unused suppression directive: 'DK202' suppresses no finding here; remove the directive.",
          fixTitles: ['Remove the unused suppression directive'],
          output: { 'MyDriver.cpp': fn('    OSSafeReleaseNULL(ivars->buffer);') },
        },
      ],
    },
    {
      name: 'a trailing directive naming an unknown rule',
      files: { 'MyDriver.cpp': fn('    Stop();  ⟦// driverkit-lint-disable-line DK999⟧') },
      findings: [{ message: "'DK999' names no rule", output: { 'MyDriver.cpp': fn('    Stop();') } }],
    },
    {
      name: 'a bare file-level block comment',
      files: { 'MyDriver.cpp': `⟦/* driverkit-lint-disable */⟧ #include "MyDriver.h"\n${fn('    Stop();')}` },
      findings: [{ message: "'driverkit-lint-disable' suppresses no finding here", output: { 'MyDriver.cpp': `#include "MyDriver.h"\n${fn('    Stop();')}` } }],
    },
    {
      name: 'codes of a directive that is otherwise needed are reported one by one',
      files: { 'MyDriver.cpp': fn('    // driverkit-lint-disable-next-line DK001, ⟦leaked-retained-object⟧ ⟦nope⟧\n    Stop();') },
      findings: [
        { message: "'leaked-retained-object' suppresses no finding here; remove it from the directive.", output: { 'MyDriver.cpp': fn('    // driverkit-lint-disable-next-line DK001, nope\n    Stop();') } },
        { message: "'nope' names no rule, so it suppresses nothing; remove it from the directive.", output: { 'MyDriver.cpp': fn('    // driverkit-lint-disable-next-line DK001, leaked-retained-object\n    Stop();') } },
      ],
    },
    {
      name: 'on a CRLF file, after non-ASCII text, with a reason after --',
      files: { 'MyDriver.cpp': 'void MyDriver::Stop2()\r\n{\r\n    // 停止 😀\r\n    ⟦// driverkit-lint-disable-next-line DK202 -- freed by the provider⟧\r\n    Stop();\r\n}\r\n' },
      findings: [{ message: "'DK202' suppresses no finding here", output: { 'MyDriver.cpp': 'void MyDriver::Stop2()\r\n{\r\n    // 停止 😀\r\n    Stop();\r\n}\r\n' } }],
    },
  ],
});

const withFreeRule = ALL_RULES.filter((r) => r.meta.code === 'DK001' || r.meta.code === 'DK202');

/** DK202 findings and DK001 findings, as `CODE "text"`. */
async function findings(text: string, backend: 'native' | 'wasm'): Promise<string[]> {
  const [result] = await lintSources({ 'MyDriver.cpp': text }, { backend, rules: withFreeRule });
  return result.diagnostics.map((d) => `${d.code} "${text.slice(d.range.start, d.range.end)}"`);
}

for (const backend of BACKENDS) {
  describe(`suppression directives (${backend} parser)`, () => {
    it('next-line, line and file directives silence the findings they cover, by code or name, and are then used', async () => {
      const text = fn(
        [
          '    // driverkit-lint-disable-next-line DK202',
          '    a->free();',
          '    b->free(); // driverkit-lint-disable-line direct-free-call',
          '    /* driverkit-lint-disable-next-line */',
          '    c->free();',
          '    d->free();',
        ].join('\n'),
      );
      assert.deepEqual(await findings(text, backend), ['DK202 "d->free()"']);
    });

    it('a file-level directive anywhere silences the rule in the whole file', async () => {
      assert.deepEqual(await findings(fn('    a->free();\n    b->free();\n    // driverkit-lint-disable DK202 -- legacy code'), backend), []);
    });

    it('a directive covers only its line: the finding on the following line is still reported, and the directive is unused', async () => {
      const text = fn('    // driverkit-lint-disable-next-line DK202\n\n    a->free();');
      assert.deepEqual(await findings(text, backend), ['DK001 "// driverkit-lint-disable-next-line DK202"', 'DK202 "a->free()"']);
    });

    it('DK001 findings are suppressed only by a directive that names DK001', async () => {
      const bare = '// driverkit-lint-disable\n// driverkit-lint-disable-next-line DK202\nint x;\n';
      assert.deepEqual(await findings(bare, backend), ['DK001 "// driverkit-lint-disable"', 'DK001 "// driverkit-lint-disable-next-line DK202"']);
      assert.deepEqual(await findings(`// driverkit-lint-disable unused-suppression\n${bare}`, backend), []);
    });
  });
}
