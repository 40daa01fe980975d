// Incremental modelling: after any sequence of edits, the model an open document's parse session gives equals a
// model built from scratch (annotations, classes, declarations, function definitions with every range and parameter),
// on both backends; and the definitions of functions an edit did not touch are kept, the same objects, moved.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildModel } from '../../server/src/model/build-model';
import { findCalls } from '../../server/src/model/calls';
import type { FileModel, FunctionDef } from '../../server/src/model/file-model';
import { nodesOfType } from '../../server/src/model/node-index';
import type { SyntaxNode } from '../../server/src/parser/syntax-node';
import { replayEdits } from '../helpers/edit-replay';
import { BACKENDS, parserFor } from '../helpers/parsers';
import { loadSourcePairs } from '../robustness/realistic-sources';

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? 0x6d0de1);

const SOURCES = loadSourcePairs().flatMap((pair) => [...pair.files].map(([name, text]) => ({ name, text })));

/** Text typed or pasted: tokens that move code in and out of namespaces and conditionals, annotations, blocks. */
const INSERTS = [
  '', ' ', '\t', '\n', 'x', ';', '{', '}', '(', ')', '/*', '*/', '//', '"',
  'namespace N {', 'extern "C" {', '#if X\n', '#endif\n', 'class C : public OSObject { void f(); };\n',
  'int f(int a) { return a; }\n', 'kern_return_t IMPL(Drv, Start)\n{\n}\n', 'void Drv::Stop_Impl(IOService * p) {',
  'TYPE(', 'TYPE(IOTimerDispatchSource::TimerOccurred)', ') LOCALONLY', 'LOCALONLY', ' QUEUENAME(Aux)', '^{', '^(int a) {', '__block',
];

const edit = fc.record({
  at: fc.nat({ max: 1_000_000 }),
  remove: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 400 })),
  insert: fc.constantFrom(...INSERTS),
});

function describeNode(node: SyntaxNode): string {
  return `${node.type} ${node.startIndex}-${node.endIndex}`;
}

function describeFunction(def: FunctionDef): object {
  return { ...def, node: describeNode(def.node), body: describeNode(def.body) };
}

/** Everything a rule can read from a model, with syntax nodes written as type and range. */
function describeModel(model: FileModel): object {
  const root = model.tree?.rootNode;
  return {
    annotations: model.annotations,
    classes: model.classes,
    looseDeclarations: model.looseDeclarations,
    functions: model.functions.map(describeFunction),
    // The per-tree and per-subtree indexes rules share: calls per function body and nodes by type.
    calls: model.functions.map((f) => findCalls(model.text, f.body).map((c) => `${c.qualifiedName ?? c.name} ${c.calleeRange.start}-${c.calleeRange.end}`)),
    nodes: root ? ['call_expression', 'identifier', 'compound_statement', 'ERROR'].map((type) => nodesOfType(root, type).map(describeNode)) : [],
    root: root ? describeNode(root) : undefined,
  };
}

describe('incremental modelling', () => {
  for (const name of BACKENDS) {
    it(`equals a model built from scratch after every edit of a sequence (${name} parser)`, async () => {
      const parser = await parserFor(name);
      fc.assert(
        fc.property(fc.nat({ max: SOURCES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (source, edits) => {
          replayEdits(parser, SOURCES[source], edits, (incremental, fresh) => assert.deepEqual(describeModel(incremental), describeModel(fresh)));
        }),
        { numRuns: RUNS, seed: SEED },
      );
    });

    it(`keeps the definitions of the functions an edit did not touch, moved with their text (${name} parser)`, async () => {
      const parser = await parserFor(name);
      const session = parser.createSession();
      const uri = 'file:///dext/Drv.cpp';
      const text = 'int a(int x) { return x; }\nkern_return_t IMPL(Drv, Start) { return 0; }\nvoid Drv::c(OSAction * action, uint64_t t) { }\n';
      const first = buildModel({ uri, kind: 'cpp', text, parser, session }).functions;
      assert.deepEqual(first.map((f) => f.methodName), ['a', 'Start', 'c']);
      const edited = text.replace('return 0;', 'return kIOReturnSuccess;');
      const second = buildModel({ uri, kind: 'cpp', text: edited, parser, session }).functions;
      assert.equal(second[0], first[0], 'the definition before the edit is the same object');
      assert.notEqual(second[1], first[1], 'the edited definition is read again');
      assert.equal(second[2], first[2], 'the definition after the edit is the same object');
      const start = edited.indexOf('void Drv::c');
      assert.deepEqual(second[2].range, { start, end: edited.length - 1 });
      assert.deepEqual(second[2].nameRange, { start: edited.indexOf('c(OSAction'), end: edited.indexOf('c(OSAction') + 1 });
      assert.deepEqual(
        second[2].params.map((p) => [p.name, p.type, edited.slice(p.range.start, p.range.end)]),
        [
          ['action', 'OSAction*', 'OSAction * action'],
          ['t', 'uint64_t', 'uint64_t t'],
        ],
      );
      assert.deepEqual(second.map(describeFunction), buildModel({ uri, kind: 'cpp', text: edited, parser }).functions.map(describeFunction));
      session.dispose();
    });
  }
});
