// Offsets to LSP positions: UTF-16 columns, and \n, \r\n and a lone \r each ending a line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/text/line-index';

/** The reference: every offset's line and column, counted one character at a time. */
function positionsByHand(text: string): { line: number; character: number }[] {
  const positions = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i <= text.length; i++) {
    positions.push({ line, character });
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      character = 0;
    } else {
      character++;
    }
  }
  return positions;
}

describe('LineIndex', () => {
  it('counts columns in UTF-16 code units after CJK, emoji, combining marks and tabs', () => {
    const text = '\t中文😀e\u0301X';
    const index = new LineIndex(text);
    assert.deepEqual(index.positionAt(text.indexOf('X')), { line: 0, character: 7 });
    assert.equal(index.offsetAt({ line: 0, character: 7 }), text.indexOf('X'));
  });

  it('treats \\n, \\r\\n and \\r as line ends', () => {
    const text = 'a\nb\r\nc\rd';
    const index = new LineIndex(text);
    assert.equal(index.lineCount, 4);
    assert.deepEqual(['a', 'b', 'c', 'd'].map((ch) => index.positionAt(text.indexOf(ch))), [
      { line: 0, character: 0 },
      { line: 1, character: 0 },
      { line: 2, character: 0 },
      { line: 3, character: 0 },
    ]);
  });

  it('clamps positions past the end of a line or the document', () => {
    const text = 'ab\r\ncd';
    const index = new LineIndex(text);
    assert.equal(index.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(index.offsetAt({ line: 7, character: 0 }), text.length);
    assert.deepEqual(index.positionAt(999), { line: 1, character: 2 });
    assert.deepEqual(index.positionAt(-3), { line: 0, character: 0 });
  });

  it('gives every offset the line and column counted by hand, with or without \\r in the text', () => {
    const piece = fc.constantFrom('a', ' ', '中', '😀', '\n', '\n', '\r\n', '\r', '\t');
    fc.assert(
      // Half the texts have no \r at all: LineIndex finds their line ends another way.
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (pieces, withCarriageReturns) => {
        const text = withCarriageReturns ? pieces.join('') : pieces.join('').replace(/\r/g, '');
        const index = new LineIndex(text);
        const expected = positionsByHand(text);
        assert.deepEqual(Array.from({ length: text.length + 1 }, (_, offset) => index.positionAt(offset)), expected);
        assert.equal(index.lineCount, expected[text.length].line + 1);
      }),
      { numRuns: 300, seed: 0x11e },
    );
  });
});
