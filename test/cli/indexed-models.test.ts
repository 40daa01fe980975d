// The CLI parses each file once: a target that was indexed (.iig) is linted from the model its indexing made, which
// gives the same findings as modelling it again.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { collectFiles } from '../../server/src/cli/collect-files';
import { IndexedModels } from '../../server/src/cli/indexed-models';
import { lintFiles } from '../../server/src/cli/lint-files';
import { Linter } from '../../server/src/engine/linter';
import type { FileModel } from '../../server/src/model/file-model';
import { createNativeBackend } from '../../server/src/parser/native-backend';
import type { ParserBackend } from '../../server/src/parser/syntax-node';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');

function model(uri: string, text: string): FileModel {
  return { uri, kind: 'iig', text, tree: undefined, annotations: [], classes: [], looseDeclarations: [], functions: [] };
}

/** The native backend, counting the whole-file parses of each text. */
function countingBackend(): { backend: ParserBackend; parses: Map<string, number> } {
  const inner = createNativeBackend();
  const parses = new Map<string, number>();
  const backend: ParserBackend = {
    name: inner.name,
    parse(text) {
      parses.set(text, (parses.get(text) ?? 0) + 1);
      return inner.parse(text);
    },
    createSession: () => inner.createSession(),
  };
  return { backend, parses };
}

describe('IndexedModels', () => {
  it('gives a kept model back once, and only for the text it was made from', () => {
    const kept = new IndexedModels();
    const a = model('file:///a.iig', 'class A {};');
    kept.keep(a);
    assert.equal(kept.take('file:///a.iig', 'class A { int x; };'), undefined, 'another text');
    kept.keep(a);
    assert.equal(kept.take('file:///a.iig', 'class A {};'), a);
    assert.equal(kept.take('file:///a.iig', 'class A {};'), undefined, 'taken once');
    assert.equal(kept.take('file:///b.iig', 'class A {};'), undefined, 'another file');
  });

  it('keeps models only while their texts fit the budget, and frees the budget of a model taken', () => {
    const kept = new IndexedModels(10);
    const six = model('file:///six.iig', '123456');
    const five = model('file:///five.iig', '12345');
    kept.keep(six);
    kept.keep(five);
    assert.equal(kept.take(five.uri, five.text), undefined, 'over the budget: not kept');
    assert.equal(kept.take(six.uri, six.text), six);
    kept.keep(five);
    assert.equal(kept.take(five.uri, five.text), five, 'room again once the first was taken');
    // A later model of the same file replaces the earlier one and its share of the budget.
    kept.keep(model(six.uri, '1234567890'));
    kept.keep(model(six.uri, '12'));
    kept.keep(five);
    assert.equal(kept.take(five.uri, five.text), five);
  });
});

describe('lintFiles', () => {
  it('parses every file of the example dexts once, and lints the .iig files from their indexed models', () => {
    const collected = collectFiles([EXAMPLES], EXAMPLES);
    const { backend, parses } = countingBackend();
    const linter = new Linter({ parser: backend });
    const linted = lintFiles(collected, { linter, maxFileSizeBytes: 1 << 20, cwd: EXAMPLES });
    const iigResults = linted.results.filter((r) => r.target.absolute.endsWith('.iig'));
    assert.ok(iigResults.length >= 3, 'the examples have .iig targets');
    assert.deepEqual([...parses.values()].filter((n) => n !== 1), [], 'no text is parsed twice');
    // The same findings as a linter that models each .iig again for linting it.
    const fresh = new Linter({ parser: createNativeBackend() });
    for (const r of linted.results) fresh.model(pathToFileURL(r.target.absolute).toString(), r.text);
    for (const r of iigResults) {
      const again = fresh.model(pathToFileURL(r.target.absolute).toString(), r.text);
      assert.ok(again);
      assert.deepEqual(r.diagnostics, fresh.analyze(again), r.target.display);
    }
    assert.ok(iigResults.some((r) => r.diagnostics.length > 0), 'not vacuous: an example .iig has findings');
  });
});
