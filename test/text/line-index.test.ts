// Offsets to LSP positions: UTF-16 columns, and \n, \r\n and a lone \r each ending a line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../server/src/text/line-index';

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
});
