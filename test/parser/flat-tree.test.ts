// The flat-tree add-on: a whole-file parse through it yields the same plain tree, node for node, as the copy made
// through the binding's cursor (type, named and missing flags, offsets, field, anchors, parent and sibling links).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { treeFromFlat } from '../../server/src/parser/flat-tree';
import { loadFlatTreeAddon } from '../../server/src/parser/flat-tree-addon';
import { createNativeBackend } from '../../server/src/parser/native-backend';
import { ownsAnchor, PlainNode } from '../../server/src/parser/plain-tree';
import type { SyntaxNode } from '../../server/src/parser/syntax-node';
import { describeTree } from '../helpers/describe-tree';
import { loadSourcePairs } from '../robustness/realistic-sources';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 0xf1a7);

const addon = loadFlatTreeAddon();
const flat = createNativeBackend();
const cursor = createNativeBackend({ flatTree: false });

/** What describeTree shows, plus the plain-node facts it does not: the named flag, the field and who owns an anchor. */
function describePlain(root: SyntaxNode): string[] {
  const lines = describeTree(root);
  const visit = (node: PlainNode): void => {
    lines.push(`${node.type} ${node.startIndex} named=${node.isNamed} field=${node.fieldName ?? '-'} anchor=${ownsAnchor(node)}`);
    for (const child of node.children) visit(child);
  };
  visit(root as PlainNode);
  return lines;
}

function assertSameTree(text: string): void {
  assert.deepEqual(describePlain(flat.parse(text).rootNode), describePlain(cursor.parse(text).rootNode));
}

const FRAGMENTS = ['kern_return_t', ' ', '\n', '\r\n', '\t', 'IMPL(Foo, Start)', '{', '}', '(', ')', ';', 'ivars->', '/*', '*/', '//', '"', "'", '#if 0', '#endif', 'TYPE(', 'LOCALONLY', '::', '<', '>', '中文', '😀', '\uD800', '\0', 'goto Exit;', 'Exit:', 'return ret;', 'OSSafeReleaseNULL(x);', 'template <class T>'];

describe('flat-tree add-on', () => {
  it('is built by npm ci on this machine (npm run build:native builds it again)', () => {
    assert.ok(addon, 'native/flat-tree/build/Release/flat_tree.node is missing or does not load: run `npm run build:native` to see why');
  });

  it('parses every realistic source to the tree the cursor copy makes', () => {
    const sources = loadSourcePairs().flatMap((pair) => [...pair.files.values()]);
    assert.ok(sources.length >= 18, `only ${sources.length} realistic sources were found`);
    for (const text of sources) assertSameTree(text);
  });

  it('agrees with the cursor copy on CRLF, non-ASCII, lone surrogates, NUL and empty text', () => {
    for (const text of ['', '\n', 'int a;\r\nint b;\r\n', 'char *s = "héllo 😀";\nint 中文 = 1;', 'int x = 1; // \uD800 lone\n', 'a\0b(){', '}}}{{{', 'kern_return_t\nIMPL(Foo, Start)\n{\n  return ret\n']) {
      assertSameTree(text);
    }
  });

  it('agrees with the cursor copy on random fragments (errors, missing nodes, unbalanced braces)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 60 }), (parts) => {
        assertSameTree(parts.join(''));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('places offsets in UTF-16 code units, as LSP positions need', () => {
    const text = 'int 中😀 = 1;';
    const root = flat.parse(text).rootNode;
    const declarator = root.namedChildren[0].childForFieldName('declarator');
    assert.equal(declarator?.type, 'init_declarator');
    assert.equal(text.slice(declarator.startIndex, declarator.endIndex), '中😀 = 1');
  });

  it('rejects a malformed node array with a clear error instead of building a wrong tree', () => {
    const names = { types: ['end', 'translation_unit', 'identifier'], fields: [null, 'name'] };
    const node = (symbol: number, start: number, end: number, children: number): number[] => [symbol, start, end, children | (1 << 30)];
    assert.throws(() => treeFromFlat(new Uint32Array([1, 2, 3]), names), /positive multiple of 4/);
    assert.throws(() => treeFromFlat(new Uint32Array(node(1, 0, 3, 2)), names), /ends inside a node/);
    assert.throws(() => treeFromFlat(new Uint32Array([...node(1, 0, 3, 0), ...node(2, 0, 3, 0)]), names), /nodes after its root/);
    assert.throws(() => treeFromFlat(new Uint32Array(node(7, 0, 3, 0)), names), /unknown symbol 7/);
    const root = treeFromFlat(new Uint32Array([...node(1, 0, 3, 1), ...node(2 | (1 << 16), 0, 3, 0)]), names);
    assert.equal(root.children[0].type, 'identifier');
    assert.equal(root.childForFieldName('name'), root.children[0]);
  });
});
