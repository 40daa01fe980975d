// The C++-mode masking pre-check: searching only around the change from a version that needed no masking finds
// every text that needs it, whatever the edit (words joined or split by it, carets whose whitespace reaches it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mayNeedCppMasking } from '../../server/src/iig/mask-annotations';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30) * 100;
const SEED = Number(process.env.FUZZ_SEED ?? 0x3a5c);

/** Pieces that spell annotation words and block carets only in some orders, amid whitespace and word characters. */
const PIECES = ['T', 'YPE', 'TYPE', 'LOCAL', 'ONLY', '_', 'IIG_SERIALIZABLE', '__', 'block', 'x', '1', '^', '(', '{', '/', ' ', '\t', '\n', '\u00a0', '\u2028', ';', ')'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((pieces) => pieces.join(''));
const filler = fc.constantFrom('', ' '.repeat(30), `^${' '.repeat(30)}`, `${' '.repeat(30)}(`, `{${' '.repeat(30)}`, 'x'.repeat(30), `int f();${' '.repeat(40)}`);

describe('mayNeedCppMasking', () => {
  it('never misses a text that needs masking when told a clean earlier version', () => {
    fc.assert(
      fc.property(filler, text, text, text, filler, (head, before, middle, inserted, tail) => {
        const clean = head + before + middle + tail;
        fc.pre(!mayNeedCppMasking(clean));
        const at = head.length + before.length;
        for (const remove of [0, 1, 3, middle.length]) {
          const after = clean.slice(0, at) + inserted + clean.slice(at + remove);
          if (mayNeedCppMasking(after)) assert.equal(mayNeedCppMasking(after, clean), true, JSON.stringify({ clean, after }));
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('finds a word the edit joins, a caret whose whitespace the edit ends, and nothing in a clean edit', () => {
    const clean = `int x = 0; TY${' '.repeat(50)}PE(Aux) ^${' '.repeat(60)}x;`;
    assert.equal(mayNeedCppMasking(clean), false);
    assert.equal(mayNeedCppMasking(clean.replace(/TY +PE/, 'TYPE'), clean), true);
    assert.equal(mayNeedCppMasking(clean.replace(/ +x;$/, '                    (x;'), clean), true);
    assert.equal(mayNeedCppMasking(clean.replace('int x = 0;', 'int y = 10;'), clean), false);
    const spaced = `int x = y${' '.repeat(40)}{ };`;
    assert.equal(mayNeedCppMasking(spaced.replace('y', '^'), spaced), true);
  });
});
