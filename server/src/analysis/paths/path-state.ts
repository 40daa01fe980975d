// The abstract state of one execution path for the path walk (path-walker.ts): is the path's duty met, and what is
// known about status variables and tested fields.
import { byCodeUnits } from '../../text/code-unit-order';

/** Zero (`kIOReturnSuccess`, `false`, `nullptr`) or non-zero (an error code, `true`, a non-null pointer). */
export type Outcome = 'ok' | 'fail';

export interface PathState {
  /** The duty is met on this path (the required call made, an out-parameter stored), or handed to code that may meet it (a completion block, a helper). */
  readonly met: boolean;
  /** What this path knows about a status variable (`ret`) or a tested field (`ivars->timer`), by its source text. */
  readonly facts: ReadonlyMap<string, Outcome>;
}

export const START: PathState = { met: false, facts: new Map() };

export const opposite = (outcome: Outcome): Outcome => (outcome === 'ok' ? 'fail' : 'ok');

export function withMet(state: PathState): PathState {
  return state.met ? state : { ...state, met: true };
}

export function withFact(state: PathState, key: string, outcome: Outcome | undefined): PathState {
  if (state.facts.get(key) === outcome) return state;
  const facts = new Map(state.facts);
  if (outcome === undefined) facts.delete(key);
  else facts.set(key, outcome);
  return { ...state, facts };
}

/** Forgets every fact whose key passes `test`. */
export function forgetting(state: PathState, test: (key: string) => boolean): PathState {
  const keys = [...state.facts.keys()].filter(test);
  return keys.reduce((current, key) => withFact(current, key, undefined), state);
}

function keyOf(state: PathState): string {
  const facts = [...state.facts.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([k, v]) => `${k}=${v}`);
  return `${state.met}|${facts.join(',')}`;
}

/**
 * Union of state lists at a join point. Duplicates go, and states that agree on `met` merge when one knows less than
 * the other or they differ in a single fact, so that unrelated tests do not multiply states. Merging only forgets
 * facts, which keeps every path the unmerged states allowed.
 */
export function union(...lists: readonly (readonly PathState[])[]): PathState[] {
  const seen = new Set<string>();
  const groups: PathState[][] = [[], []];
  for (const list of lists) {
    for (const state of list) {
      const id = keyOf(state);
      if (seen.has(id)) continue;
      seen.add(id);
      groups[state.met ? 1 : 0].push(state);
    }
  }
  return groups.flatMap(mergeGroup);
}

function mergeGroup(group: readonly PathState[]): PathState[] {
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

function mergeTwo(a: PathState, b: PathState): PathState | undefined {
  if (knowsNoMoreThan(a, b)) return a;
  if (knowsNoMoreThan(b, a)) return b;
  if (a.facts.size !== b.facts.size) return undefined;
  const differing = [...a.facts.keys()].filter((k) => a.facts.get(k) !== b.facts.get(k));
  if (differing.length !== 1 || !b.facts.has(differing[0])) return undefined;
  return withFact(a, differing[0], undefined);
}

function knowsNoMoreThan(a: PathState, b: PathState): boolean {
  for (const [key, outcome] of a.facts) if (b.facts.get(key) !== outcome) return false;
  return true;
}
