// The abstract state of one tracked variable along one execution path, and sets of such states.
import type { SyntaxNode } from '../../parser/syntax-node';

/**
 * What the variable holds: `owned` is a +1 reference the function must release or hand off; `null` is nothing to
 * release; `released` was released but not cleared; `handed` went somewhere that now owns it (or somewhere this
 * analysis cannot follow, which it treats the same way so that it stays silent); `uninit` was never assigned (or has
 * gone out of scope).
 */
export type Ownership = 'owned' | 'null' | 'released' | 'handed' | 'uninit';

/**
 * What a status variable, flag or status-returning call is known to hold on this path: `ok` is zero
 * (`kIOReturnSuccess`, `false`, `nullptr`), `fail` is non-zero (an error code, `true`). Zero-ness is all that the
 * tests drivers write (`if (ret)`, `ret != kIOReturnSuccess`, `!done`) can tell apart.
 */
export type Outcome = 'ok' | 'fail';

export interface World {
  readonly own: Ownership;
  /** Status keys whose outcome this path has committed to, and what acquiring did on each outcome. */
  readonly outcomes: ReadonlyMap<string, Outcome>;
  /** The acquisition that made the variable owned on this path. */
  readonly acquiredBy: SyntaxNode | undefined;
  /** The last goto or `__Require` jump taken on this path, where a leak is reported and fixed. */
  readonly via: SyntaxNode | undefined;
}

/**
 * A world. Every world is made here, with its four fields in one order, so that V8 gives them all one shape: worlds
 * made by spreading had several (optional fields present or not), and the walk's hottest functions read them all.
 */
export function makeWorld(own: Ownership, outcomes: ReadonlyMap<string, Outcome>, acquiredBy?: SyntaxNode, via?: SyntaxNode): World {
  return { own, outcomes, acquiredBy, via };
}

/** True when the two worlds agree on everything except their outcomes. */
function sameOwnership(a: World, b: World): boolean {
  return a.own === b.own && (a.via?.startIndex ?? -1) === (b.via?.startIndex ?? -1) && (a.acquiredBy?.startIndex ?? -1) === (b.acquiredBy?.startIndex ?? -1);
}

function sameOutcomes(a: World, b: World): boolean {
  return a.outcomes.size === b.outcomes.size && knowsNoMoreThan(a, b);
}

/**
 * Union of world lists at a join point. Duplicates go, and worlds with the same ownership are merged when one knows
 * less than the other or they differ in a single outcome, so that tests of unrelated flags do not multiply worlds.
 * Merging only forgets outcomes, which keeps every path the unmerged worlds allowed.
 */
export function union(...lists: readonly (readonly World[])[]): World[] {
  // Worlds are compared field by field: a join sees a handful of them, so a scan beats building keys.
  const groups: World[][] = [];
  for (const list of lists) {
    for (const world of list) {
      const group = groups.find((candidate) => sameOwnership(candidate[0], world));
      if (!group) groups.push([world]);
      else if (!group.some((other) => sameOutcomes(other, world))) group.push(world);
    }
  }
  return groups.length === 1 && groups[0].length === 1 ? groups[0] : groups.flatMap(mergeGroup);
}

function mergeGroup(group: readonly World[]): World[] {
  let current = [...group];
  for (let merged = true; merged && current.length > 1; ) {
    merged = false;
    for (let i = 0; i < current.length && !merged; i++) {
      for (let j = i + 1; j < current.length && !merged; j++) {
        const both = mergeTwo(current[i], current[j]);
        if (both) {
          current = [...current.filter((_, k) => k !== i && k !== j), both];
          merged = true;
        }
      }
    }
  }
  return current;
}

/** One world standing for both `a` and `b` (same ownership), or undefined when that would lose a distinction. */
function mergeTwo(a: World, b: World): World | undefined {
  if (knowsNoMoreThan(a, b)) return a;
  if (knowsNoMoreThan(b, a)) return b;
  if (a.outcomes.size !== b.outcomes.size) return undefined;
  const differing = [...a.outcomes.keys()].filter((k) => a.outcomes.get(k) !== b.outcomes.get(k));
  if (differing.length !== 1 || !b.outcomes.has(differing[0])) return undefined;
  return withOutcome(a, differing[0], undefined);
}

/** True when every outcome `a` knows, `b` knows too, with the same value. */
function knowsNoMoreThan(a: World, b: World): boolean {
  for (const [statusKey, outcome] of a.outcomes) if (b.outcomes.get(statusKey) !== outcome) return false;
  return true;
}

export function withOwn(world: World, own: Ownership): World {
  return makeWorld(own, world.outcomes, world.acquiredBy, world.via);
}

export function withOutcome(world: World, statusKey: string, outcome: Outcome | undefined): World {
  // Most assignments a walk meets teach nothing new (`ret = ...` on a path that knew nothing of `ret`): keep the world.
  if (world.outcomes.get(statusKey) === outcome && (outcome !== undefined || !world.outcomes.has(statusKey))) return world;
  const outcomes = new Map(world.outcomes);
  if (outcome === undefined) outcomes.delete(statusKey);
  else outcomes.set(statusKey, outcome);
  return makeWorld(world.own, outcomes, world.acquiredBy, world.via);
}
