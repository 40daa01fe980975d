// Questions answered from the shared node and call indexes give what a walk of the tree gives: syntax errors under a
// node, the call site of a call node, the declarations of a body outside its lambdas. Checked on every node of the
// realistic sources after random edits (which leave ERROR and MISSING nodes behind), from scratch and incrementally.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { localDeclarations } from '../../server/src/analysis/ownership/scopes';
import { buildModel } from '../../server/src/model/build-model';
import { callSiteOf, findCalls, readCall } from '../../server/src/model/calls';
import type { FileModel } from '../../server/src/model/file-model';
import { containsSyntaxError } from '../../server/src/model/node-index';
import { walk } from '../../server/src/model/syntax-helpers';
import type { SyntaxNode } from '../../server/src/parser/syntax-node';
import { replayEdits } from '../helpers/edit-replay';
import { BACKENDS, parserFor } from '../helpers/parsers';
import { loadSourcePairs } from '../robustness/realistic-sources';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 0x1d3e5);

/** Lambdas whose own declarations the ownership walk must not see, and a `static` local. */
const LAMBDAS = [
  'kern_return_t IMPL(Drv, Start)',
  '{',
  '    IOBufferMemoryDescriptor * buffer = nullptr;',
  '    auto visit = [&](int i) { OSObject * inner = nullptr; return i; };',
  '    static int calls = 0;',
  '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 64, 0, &buffer);',
  '    if (ret == kIOReturnSuccess) { int n = visit(1); OSSafeReleaseNULL(buffer); }',
  '    return ret;',
  '}',
  '',
].join('\n');
const SOURCES = [...loadSourcePairs().flatMap((pair) => [...pair.files].map(([name, text]) => ({ name, text }))), { name: 'Lambdas.cpp', text: LAMBDAS }];
const INSERTS = ['', '{', '}', '(', ')', ';', 'x', '/*', '"', 'if (', 'auto f = [&] { OSObject * o; };', 'kern_return_t r = a.b(c).d(e);', 'Foo * p = nullptr;'];

const edit = fc.record({ at: fc.nat({ max: 1_000_000 }), remove: fc.integer({ min: 0, max: 40 }), insert: fc.constantFrom(...INSERTS) });

function namedNodes(root: SyntaxNode): SyntaxNode[] {
  const nodes: SyntaxNode[] = [];
  walk(root, (n) => nodes.push(n));
  return nodes;
}

/** The reference answers: a walk of the named nodes under `node`. */
function walkedSyntaxError(node: SyntaxNode): boolean {
  return namedNodes(node).some((n) => n.type === 'ERROR' || n.isMissing);
}

function walkedDeclarations(body: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  walk(
    body,
    (n) => {
      if (n.type === 'declaration') found.push(n);
    },
    (n) => n.type === 'lambda_expression',
  );
  return found;
}

function describeCall(text: string, node: SyntaxNode): object | undefined {
  const call = readCall(text, node);
  return call && { name: call.name, qualifiedName: call.qualifiedName, receiver: call.receiver?.startIndex, args: call.args.map((a) => a.startIndex) };
}

/** Counts what the checks met, so that the test can require errors, missing nodes and lambdas among them. */
interface Seen {
  errors: number;
  calls: number;
  lambdaBodies: number;
}

function checkModel(model: FileModel, seen: Seen): void {
  const root = model.tree?.rootNode;
  if (!root) return;
  for (const node of namedNodes(root)) {
    const expected = walkedSyntaxError(node);
    assert.equal(containsSyntaxError(node), expected, `syntax error under ${node.type} ${node.startIndex}-${node.endIndex}`);
    if (expected) seen.errors++;
    if (node.type !== 'call_expression') continue;
    const site = callSiteOf(model.text, node);
    assert.deepEqual(site && describeCall(model.text, site.node), describeCall(model.text, node), `call at ${node.startIndex}`);
    if (site) {
      seen.calls++;
      assert.equal(site.node, node);
      assert.ok(findCalls(model.text, root).includes(site), 'the indexed call site itself');
    }
  }
  for (const fn of model.functions) {
    const declarations = localDeclarations(model.text, fn.body);
    assert.deepEqual(declarations.all, walkedDeclarations(fn.body));
    if (namedNodes(fn.body).some((n) => n.type === 'lambda_expression')) seen.lambdaBodies++;
    for (const [name, statements] of declarations.byName) {
      for (const statement of statements) assert.ok(declarations.all.includes(statement), `${name} is declared by a listed statement`);
    }
  }
}

describe('answers from the shared indexes', () => {
  for (const name of BACKENDS) {
    it(`match a walk of the tree on every node, after random edits, from scratch and incrementally (${name} parser)`, async () => {
      const parser = await parserFor(name);
      const seen: Seen = { errors: 0, calls: 0, lambdaBodies: 0 };
      fc.assert(
        fc.property(fc.oneof(fc.constant(SOURCES.length - 1), fc.nat({ max: SOURCES.length - 1 })), fc.array(edit, { minLength: 1, maxLength: 5 }), (source, edits) => {
          replayEdits(parser, SOURCES[source], edits, (incremental, fresh) => {
            checkModel(incremental, seen);
            checkModel(fresh, seen);
          });
        }),
        { numRuns: RUNS, seed: SEED },
      );
      assert.ok(seen.errors > 0 && seen.calls > 0 && seen.lambdaBodies > 0, `the edits met errors, calls and lambdas: ${JSON.stringify(seen)}`);
    });
  }

  it('sees a missing node that is not an ERROR', async () => {
    const parser = await parserFor('native');
    const text = 'void f() { x = a ? b : ; }\nvoid g() { g(x); }\n';
    const model = buildModel({ uri: 'file:///dext/Missing.cpp', kind: 'cpp', text, parser });
    const missing = namedNodes(model.tree!.rootNode).filter((n) => n.isMissing);
    assert.ok(missing.length > 0, 'tree-sitter inserted a named missing node');
    assert.ok(!namedNodes(model.tree!.rootNode).some((n) => n.type === 'ERROR'), 'and no ERROR node');
    for (const node of missing) assert.equal(containsSyntaxError(node), true);
    assert.deepEqual(
      model.functions.map((f) => containsSyntaxError(f.body)),
      [true, false],
    );
  });
});
