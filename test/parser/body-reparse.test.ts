// The one-body fast path of incremental parsing: an edit inside a function body of an error-free file reparses that
// function alone, and the tree still equals a fresh parse of the whole text, node for node, on both backends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskAnnotations } from '../../server/src/iig/mask-annotations';
import { IncrementalParseSession } from '../../server/src/parser/incremental-parse';
import type { SyntaxNode } from '../../server/src/parser/syntax-node';
import { describeTree } from '../helpers/describe-tree';
import { BACKENDS, parserFor } from '../helpers/parsers';
import { seededRandom } from '../helpers/seeded-random';
import { loadSourcePairs } from '../robustness/realistic-sources';

/** The realistic .cpp sources as the model hands them to the parser (iig annotations masked); several hold errors. */
const SOURCES = loadSourcePairs().flatMap((pair) => [...pair.files].filter(([name]) => name.endsWith('.cpp')).map(([, text]) => maskAnnotations(text, 'c++').text));

/** What an edit inside a body may type: harmless text, and text that unbalances braces or opens a comment or string. */
const INSERTS = [' ', 'x', ';', 'return;', 'if (a) { b(); }', '\n', '\r\n', '中文', '😀', '{', '}', '(', '/*', '"', '#if 0\n'];

function errorCount(root: SyntaxNode): number {
  return (root.type === 'ERROR' || root.isMissing ? 1 : 0) + root.children.reduce((sum, child) => sum + errorCount(child), 0);
}

/** An offset strictly inside the braces of a random top-level function body, or anywhere when the text has none. */
function offsetInBody(root: SyntaxNode, text: string, next: () => number): number {
  const bodies = root.namedChildren.flatMap((n) => {
    const body = n.type === 'function_definition' ? n.childForFieldName('body') : null;
    return body && body.endIndex - body.startIndex > 2 ? [body] : [];
  });
  if (bodies.length === 0 || next() < 0.15) return Math.floor(next() * (text.length + 1));
  const body = bodies[Math.floor(next() * bodies.length)];
  return body.startIndex + 1 + Math.floor(next() * (body.endIndex - body.startIndex - 1));
}

for (const name of BACKENDS) {
  describe(`one-body reparse (${name} parser)`, () => {
    it('equals a fresh parse after every one of 450 edits, most of them inside function bodies', async () => {
      const backend = await parserFor(name);
      const next = seededRandom(name === 'native' ? 3 : 5);
      const paths = { oneBody: 0, full: 0 };
      for (let run = 0; run < 30; run++) {
        const session = backend.createSession() as IncrementalParseSession;
        let text = SOURCES[run % SOURCES.length];
        let root = session.parse(text).rootNode;
        let lastGood = text;
        for (let step = 0; step < 15; step++) {
          if (next() < 0.5 && lastGood !== text) {
            // Undo back to the last text whose edit left no new error, as a user fixing a typo would.
            text = lastGood;
          } else {
            const at = offsetInBody(root, text, next);
            const removed = next() < 0.3 ? 1 + Math.floor(next() * 3) : 0;
            text = text.slice(0, at) + (removed > 0 && next() < 0.5 ? '' : INSERTS[Math.floor(next() * INSERTS.length)]) + text.slice(Math.min(text.length, at + removed));
          }
          root = session.parse(text).rootNode;
          paths[session.reuse.oneBody ? 'oneBody' : 'full']++;
          const fresh = backend.parse(text).rootNode;
          assert.deepEqual(describeTree(root), describeTree(fresh), `run ${run}, step ${step}`);
          if (errorCount(fresh) <= errorCount(backend.parse(lastGood).rootNode)) lastGood = text;
        }
        session.dispose();
      }
      // Both paths must have been exercised for the comparison to mean anything.
      assert.ok(paths.oneBody >= 50, `one-body reparses: ${paths.oneBody}`);
      assert.ok(paths.full >= 30, `full reparses: ${paths.full}`);
    });

    it('reparses one body only while the file is error-free and the edit stays inside the braces', async () => {
      const backend = await parserFor(name);
      const session = backend.createSession() as IncrementalParseSession;
      const text = 'int a() { return 1; }\nint b() { return 2; }\nint c() { return 3; }\n';
      const [a, b, c] = session.parse(text).rootNode.namedChildren;
      const edited = text.replace('return 2;', 'return 22;');
      const second = session.parse(edited).rootNode;
      assert.deepEqual(session.reuse, { incremental: true, reusedSubtrees: 2, oneBody: true });
      assert.equal(second.namedChildren[0], a, 'the function before the edit is the same node');
      assert.notEqual(second.namedChildren[1], b, 'the edited function is a new node');
      assert.equal(second.namedChildren[2], c, 'the function after the edit is the same node, shifted');
      assert.equal(c.startIndex, edited.indexOf('int c'));
      // An unbalanced brace inside the body cannot be reparsed alone.
      const unbalanced = edited.replace('return 22;', 'return 22; {');
      assert.deepEqual(describeTree(session.parse(unbalanced).rootNode), describeTree(backend.parse(unbalanced).rootNode));
      assert.equal(session.reuse.oneBody, false);
      // The file now has an error before 'c', so even a harmless edit inside 'c' takes the full reparse.
      const harmless = unbalanced.replace('return 3;', 'return 33;');
      assert.deepEqual(describeTree(session.parse(harmless).rootNode), describeTree(backend.parse(harmless).rootNode));
      assert.equal(session.reuse.oneBody, false);
      // An edit of a signature is outside the body.
      const fixed = harmless.replace('return 22; {', 'return 22;');
      session.parse(fixed);
      const renamed = fixed.replace('int b()', 'int bb()');
      assert.deepEqual(describeTree(session.parse(renamed).rootNode), describeTree(backend.parse(renamed).rootNode));
      assert.equal(session.reuse.oneBody, false);
      session.dispose();
    });
  });
}
