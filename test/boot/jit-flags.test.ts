// The language server's V8 options (boot/jit-flags.ts) take effect when set at run time, before code is optimised:
// a hot call is inlined by TurboFan in a plain process and not after setLanguageServerV8Flags().
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const JIT_FLAGS = path.join(__dirname, '..', '..', 'server', 'src', 'boot', 'jit-flags.ts');

/** Whether TurboFan inlined a small function into the hot loop that calls it, in a child process. */
function inlinesProbe(setFlags: boolean): boolean {
  const program = [
    setFlags ? `require(${JSON.stringify(JIT_FLAGS)}).setLanguageServerV8Flags();` : '',
    'function probeCallee(a, b) { return a + b; }',
    'function probeLoop() { let s = 0; for (let i = 0; i < 1e7; i++) s = probeCallee(s, i); return s; }',
    'for (let k = 0; k < 5; k++) probeLoop();',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--trace-turbo-inlining', '-e', program], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  // tsx's own code is optimised before the flags are set, so only the probe's lines count.
  return /^Inlining .*<SharedFunctionInfo probeCallee>/m.test(result.stdout);
}

describe('language server V8 flags', () => {
  it('turn off TurboFan inlining at run time', () => {
    assert.equal(inlinesProbe(false), true, 'a plain process inlines the hot call (the probe works)');
    assert.equal(inlinesProbe(true), false);
  });
});
