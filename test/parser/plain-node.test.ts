// A plain node keeps its type, named flag and field in one interned NodeKind, and its sibling index and missing flag
// in one number: each reads and changes independently of the others.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Anchor, NodeKind, PlainNode } from '../../server/src/parser/plain-tree';

describe('PlainNode', () => {
  it('interns node kinds: one object per type, named flag and field', () => {
    assert.equal(NodeKind.of('identifier', true, 'name'), NodeKind.of('identifier', true, 'name'));
    assert.notEqual(NodeKind.of('identifier', true, 'name'), NodeKind.of('identifier', true, undefined));
    assert.notEqual(NodeKind.of('(', false, undefined), NodeKind.of('(', true, undefined));
    // A field name that could run into the type in a joined key stays apart.
    assert.notEqual(NodeKind.of('b', true, 'a'), NodeKind.of('', true, 'a\0b'));
  });

  it('changes its field alone, as an incremental parse does for a node reused under another field', () => {
    const node = new PlainNode(NodeKind.of('call_expression', true, 'value'), 4, 9, false, new Anchor());
    node.fieldName = 'argument';
    assert.deepEqual([node.type, node.isNamed, node.fieldName], ['call_expression', true, 'argument']);
    node.fieldName = undefined;
    assert.deepEqual([node.type, node.isNamed, node.fieldName], ['call_expression', true, undefined]);
  });

  it('keeps the missing flag and its place among its siblings apart', () => {
    const parent = new PlainNode(NodeKind.of('argument_list', true, undefined), 0, 10, false, new Anchor());
    const children = [0, 1, 2].map((i) => new PlainNode(NodeKind.of(i === 1 ? ')' : 'identifier', i !== 1, undefined), i, i + 1, i === 1, parent.anchor));
    parent.adoptAll(children);
    assert.deepEqual(children.map((c) => c.isMissing), [false, true, false]);
    assert.equal(children[1].nextSibling, children[2]);
    assert.equal(children[1].previousSibling, children[0]);
    children[1].isMissing = false;
    children[0].isMissing = true;
    assert.deepEqual(children.map((c) => c.isMissing), [true, false, false]);
    assert.equal(children[0].nextNamedSibling, children[2], 'the index survives a change of the missing flag');
    assert.equal(children[2].previousNamedSibling, children[0]);
    assert.equal(children[2].previousSibling, children[1]);
  });
});
