// V8 options of the language server and the CLI, set when their process starts, before their code is optimised.
import * as v8 from 'node:v8';

/**
 * No inlining in V8's optimising compiler (TurboFan). Each compilation then covers one function instead of pulling in
 * its callees, and this code base optimises many functions late: a rule's file-wide loop runs once per analysis, so it
 * is optimised only after some edits, or some files. Those compilations run beside the main thread, on a two-vCPU
 * machine on the same core. Measured here (bench/README.md): over the first thirty edits of the 10,000-line file,
 * compiling cost ≈ 700 ms of CPU; without inlining those edits took 400–425 ms in all instead of 557–765 ms, and a
 * keystroke's p99 over stdio fell from 46–53 to 24–30 ms. `driverkit-lint` on the 1,000-file bench tree took a median
 * of 3.64 instead of 4.04 s with one job and 3.68 instead of 4.11 s with two. Steady keystrokes and a full analysis did
 * not change beyond the machine's noise.
 */
export const JIT_FLAGS = ['--no-turbo-inlining'];

export function setJitFlags(): void {
  for (const flag of JIT_FLAGS) v8.setFlagsFromString(flag);
}
