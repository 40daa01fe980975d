// The abstract state of one tracked variable along one execution path, and sets of such states.
import type { SyntaxNode } from '../../parser/syntax-node';

/**
 * What the variable holds: `owned` is a +1 reference the function must release or hand off; `null` is nothing to
 * release; `released` was released but not cleared; `handed` went somewhere that now owns it (or somewhere this
 * analysis cannot follow, which it treats the same way so that it stays silent); `uninit` was never assigned.
 */
export type Ownership = 'owned' | 'null' | 'released' | 'handed' | 'uninit';

/** The outcome a status variable (or a status-returning call) is known to have on this path. */
export type Outcome = 'ok' | 'fail';

export interface World {
  readonly own: Ownership;
  /** Status keys whose outcome this path has committed to, and what acquiring did on each outcome. */
  readonly outcomes: ReadonlyMap<string, Outcome>;
  /** The acquisition that made the variable owned on this path. */
  readonly acquiredBy?: SyntaxNode;
  /** The last goto or `__Require` jump taken on this path, where a leak is reported and fixed. */
  readonly via?: SyntaxNode;
}

export function key(world: World): string {
  const outcomes = [...world.outcomes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`);
  return `${world.own}|${outcomes.join(',')}|${world.via?.startIndex ?? -1}|${world.acquiredBy?.startIndex ?? -1}`;
}

/** Union of world lists without duplicates. */
export function union(...lists: readonly (readonly World[])[]): World[] {
  const seen = new Map<string, World>();
  for (const list of lists) for (const world of list) seen.set(key(world), world);
  return [...seen.values()];
}

export function withOwn(world: World, own: Ownership): World {
  return { ...world, own };
}

export function withOutcome(world: World, statusKey: string, outcome: Outcome | undefined): World {
  const outcomes = new Map(world.outcomes);
  if (outcome === undefined) outcomes.delete(statusKey);
  else outcomes.set(statusKey, outcome);
  return { ...world, outcomes };
}
