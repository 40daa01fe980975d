// normalizeTypeText: the spellings declarations are compared by, including the one-token fast path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { normalizeTypeText } from '../../server/src/model/type-text';

describe('normalizeTypeText', () => {
  it('normalises spacing and comments', () => {
    const cases: [string, string][] = [
      ['OSAction  *', 'OSAction*'],
      ['const  uint16_t x [ 32 ]', 'const uint16_t x[32]'],
      ['uint32_t', 'uint32_t'],
      ['IOService*', 'IOService*'],
      ['OSSharedPtr< IOBufferMemoryDescriptor >', 'OSSharedPtr<IOBufferMemoryDescriptor>'],
      ['uint64_t /* bytes */', 'uint64_t'],
      ['\u00a0uint8_t', 'uint8_t'],
    ];
    for (const [text, expected] of cases) assert.equal(normalizeTypeText(text), expected, text);
  });

  // A leading space sends any text down the full path, which drops it again: both paths must agree.
  it('takes the one-token fast path only where the full normalisation would change nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('uint32_t', 'const', ' ', '\t', '\n', '*', '&', '<', '>', '::', '/', '/*', '*/', '//', 'x', '[', ']', '\u00a0'), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        assert.equal(normalizeTypeText(text), normalizeTypeText(` ${text}`));
      }),
      { numRuns: 500, seed: 0x7e47 },
    );
  });
});
