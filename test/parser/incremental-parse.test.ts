// Incremental parsing: after any sequence of edits, a session's tree equals a fresh parse of the final text, node for
// node (type, offsets, field, missing flag, parent links), on both backends; and untouched subtrees are reused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { diffEdit, IncrementalParseSession } from '../../server/src/parser/incremental-parse';
import { describeTree } from '../helpers/describe-tree';
import { BACKENDS, parserFor } from '../helpers/parsers';
import { loadSourcePairs } from '../robustness/realistic-sources';
import { applyEdit } from '../helpers/edit-replay';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 0x1ec7);

const SOURCES = loadSourcePairs().flatMap((pair) => [...pair.files.values()]);

const edit = fc.record({
  at: fc.nat({ max: 1_000_000 }),
  remove: fc.integer({ min: 0, max: 12 }),
  insert: fc.constantFrom('', ' ', '\t', '\n', '\r\n', 'x', '{', '}', '(', ')', ';', '/*', '*/', '"', 'if (a) {', 'return;', '中文', '😀', '\uD800', 'ivars->', 'TYPE(', 'LOCALONLY'),
});

describe('incremental parsing', () => {
  for (const name of BACKENDS) {
    it(`equals a fresh parse after every edit of a sequence (${name} parser)`, async () => {
      const backend = await parserFor(name);
      fc.assert(
        fc.property(fc.nat({ max: SOURCES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (source, edits) => {
          const session = backend.createSession();
          try {
            let text = SOURCES[source];
            session.parse(text);
            for (const e of edits) {
              text = applyEdit(text, e);
              const incremental = describeTree(session.parse(text).rootNode);
              assert.deepEqual(incremental, describeTree(backend.parse(text).rootNode));
            }
          } finally {
            session.dispose();
          }
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });

    it(`reuses the subtrees an edit did not touch (${name} parser)`, async () => {
      const backend = await parserFor(name);
      const session = backend.createSession() as IncrementalParseSession;
      const text = 'int a() { return 1; }\nint b() { return 2; }\nint c() { return 3; }\n';
      const first = session.parse(text).rootNode;
      const [a, , c] = first.namedChildren;
      const edited = text.replace('return 2;', 'return 22;');
      const second = session.parse(edited).rootNode;
      assert.equal(session.reuse.incremental, true);
      assert.equal(second.namedChildren[0], a, 'the function before the edit is the same node');
      assert.equal(second.namedChildren[2], c, 'the function after the edit is the same node, shifted');
      assert.deepEqual([c.startIndex, c.endIndex], [edited.indexOf('int c'), edited.indexOf('int c') + 'int c() { return 3; }'.length]);
      assert.deepEqual(describeTree(second), describeTree(backend.parse(edited).rootNode));
      session.dispose();
    });
  }

  it('describes a change as one edit between the common prefix and suffix, rows counted by \\n', () => {
    assert.deepEqual(diffEdit('ab\r\ncd', 'ab\r\nXcd'), {
      startIndex: 4,
      oldEndIndex: 4,
      newEndIndex: 5,
      startPosition: { row: 1, column: 0 },
      oldEndPosition: { row: 1, column: 0 },
      newEndPosition: { row: 1, column: 1 },
    });
    assert.deepEqual(diffEdit('a\nbbb\nc', 'a\nc'), {
      startIndex: 2,
      oldEndIndex: 6,
      newEndIndex: 2,
      startPosition: { row: 1, column: 0 },
      oldEndPosition: { row: 2, column: 0 },
      newEndPosition: { row: 1, column: 0 },
    });
    assert.deepEqual(diffEdit('😀x', '😀yx').startPosition, { row: 0, column: 2 });
  });
});
