// V8 options of the language server process, set before the server bundle is compiled.
import * as v8 from 'node:v8';

/**
 * No inlining in V8's optimising compiler (TurboFan). An editing session runs a few milliseconds of JavaScript per
 * keystroke across hundreds of functions, and a function called once per analysis (a rule's file-wide loop) is
 * optimised only after some edits. With inlining each of those compilations pulls in its callees: over the first
 * thirty edits of the 10,000-line file, compiling cost ≈ 700 ms of CPU, on the second core or, on a two-vCPU machine
 * whose threads share a core, beside the main thread. Without it the first thirty edits took 400–425 ms in all instead
 * of 557–765 ms, a keystroke's p99 over stdio fell from 46–53 to 24–30 ms, and p50 and a full analysis of the file did
 * not change beyond this machine's noise (bench/README.md).
 */
export const LANGUAGE_SERVER_V8_FLAGS = ['--no-turbo-inlining'];

export function setLanguageServerV8Flags(): void {
  for (const flag of LANGUAGE_SERVER_V8_FLAGS) v8.setFlagsFromString(flag);
}
