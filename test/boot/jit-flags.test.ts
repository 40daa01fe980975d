// The V8 options of the language server and the CLI (boot/jit-flags.ts) take effect when set at run time:
// a hot call is inlined by TurboFan in a plain process and not after setJitFlags().
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const JIT_FLAGS_MODULE = path.join(__dirname, '..', '..', 'server', 'src', 'boot', 'jit-flags.ts');

/** Whether TurboFan inlined a small function into the hot loop that calls it, in a child process. */
function inlinesProbe(setFlags: boolean): boolean {
  const program = [
    setFlags ? `require(${JSON.stringify(JIT_FLAGS_MODULE)}).setJitFlags();` : '',
    'function probeCallee(a, b) { return a + b; }',
    'function probeLoop() { let s = 0; for (let i = 0; i < 1e7; i++) s = probeCallee(s, i); return s; }',
    'for (let k = 0; k < 5; k++) probeLoop();',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--trace-turbo-inlining', '-e', program], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  // tsx's own code is optimised before the flags are set, so only the probe's lines count.
  return /^Inlining .*<SharedFunctionInfo probeCallee>/m.test(result.stdout);
}

describe('V8 flags of the server and the CLI', () => {
  it('turn off TurboFan inlining at run time', () => {
    assert.equal(inlinesProbe(false), true, 'a plain process inlines the hot call (the probe works)');
    assert.equal(inlinesProbe(true), false);
  });
});
