// The ownership walk's building blocks: the whole-word name test and the joins of worlds, checked against their
// definitions (a regular expression; keys built from every field) on random inputs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { spellsName } from '../../server/src/analysis/ownership/syntax-shapes';
import { makeWorld, union, withOutcome, type Outcome, type World } from '../../server/src/analysis/ownership/world';
import type { SyntaxNode } from '../../server/src/parser/syntax-node';

const SEED = 0x0a11;

/** Just enough of a node for helpers that read only its offsets. */
const span = (startIndex: number, endIndex: number): SyntaxNode => ({ startIndex, endIndex }) as SyntaxNode;

function spellsNameByRegExp(source: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/\$/g, '\\$')}($|[^A-Za-z0-9_$])`).test(source);
}

/** Everything a world holds, in a fixed order: two worlds with the same description are the same world. */
function describeWorld(world: World): string {
  const outcomes = [...world.outcomes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
  return `${world.own}|${world.via?.startIndex ?? -1}|${world.acquiredBy?.startIndex ?? -1}|${outcomes.join(',')}`;
}

const world = fc.record({
  own: fc.constantFrom('owned', 'null', 'released', 'handed', 'uninit'),
  via: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
  acquiredBy: fc.option(fc.nat({ max: 3 }), { nil: undefined }),
  outcomes: fc.dictionary(fc.constantFrom('ret', 'ok', '@call9'), fc.constantFrom<Outcome>('ok', 'fail')),
}).map(({ own, via, acquiredBy, outcomes }): World => ({
  own,
  via: via === undefined ? undefined : span(via, via + 1),
  acquiredBy: acquiredBy === undefined ? undefined : span(acquiredBy, acquiredBy + 1),
  outcomes: new Map(Object.entries(outcomes)),
}));

describe('ownership walk building blocks', () => {
  it('spellsName finds a name as a whole word exactly where the regular expression does', () => {
    const cases: [string, string, boolean][] = [
      ['map', 'map', true],
      ['OSSafeReleaseNULL(map);', 'map', true],
      ['mapping = 0', 'map', false],
      ['ivars->map', 'map', true],
      ['remap', 'map', false],
      ['map_2 + map', 'map', true],
      ['$map', 'map', false],
      ['', 'map', false],
      ['map', '', false],
    ];
    for (const [source, name, expected] of cases) assert.equal(spellsName(source, span(0, source.length), name), expected, `${name} in ${source}`);
    fc.assert(
      fc.property(fc.array(fc.constantFrom('map', 'ma', 'p', '_', '$', ' ', '(', '->', '1', 'x'), { maxLength: 12 }), fc.constantFrom('map', 'x', 'p'), fc.nat({ max: 3 }), (parts, name, trim) => {
        const text = `${'#'.repeat(trim)}${parts.join('')}`;
        const node = span(trim, text.length);
        assert.equal(spellsName(text, node, name), spellsNameByRegExp(text.slice(trim), name));
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('union keeps one world per distinct state, in first-seen order, and only forgets outcomes when merging', () => {
    fc.assert(
      fc.property(fc.array(fc.array(world, { maxLength: 5 }), { maxLength: 4 }), (lists) => {
        const joined = union(...lists);
        const inputs = lists.flat();
        const described = joined.map(describeWorld);
        assert.equal(new Set(described).size, described.length, 'no duplicates');
        // Every input world is covered by a joined world with the same ownership that knows no more than it does.
        for (const input of inputs) {
          const covered = joined.some((w) => w.own === input.own && w.via?.startIndex === input.via?.startIndex && w.acquiredBy?.startIndex === input.acquiredBy?.startIndex && [...w.outcomes].every(([k, v]) => input.outcomes.get(k) === v));
          assert.ok(covered, `input ${describeWorld(input)} is covered`);
        }
        if (inputs.length === 1) assert.equal(describeWorld(joined[0]), describeWorld(inputs[0]));
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('withOutcome keeps the same world when it learns nothing, and copies it when it does', () => {
    const known: World = makeWorld('owned', new Map([['ret', 'ok']]));
    assert.equal(withOutcome(known, 'ret', 'ok'), known);
    assert.equal(withOutcome(known, 'other', undefined), known);
    const changed = withOutcome(known, 'ret', 'fail');
    assert.notEqual(changed, known);
    assert.equal(changed.outcomes.get('ret'), 'fail');
    assert.equal(known.outcomes.get('ret'), 'ok', 'the original world is unchanged');
    assert.equal(withOutcome(known, 'ret', undefined).outcomes.has('ret'), false);
  });
});
