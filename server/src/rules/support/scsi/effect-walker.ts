// Walks a function body path by path, tracking effects the SCSI rules care about: an out-parameter stored (or a task
// completed) before a successful return, and a task completed twice on one path.
//
// The control flow is the shared path walk (analysis/paths/path-walker.ts, also behind the required-call rules): each
// path carries whether the duty is met, whether the tracked completion ran, and what it knows about status variables,
// so that `if (ret != kIOReturnSuccess) return ret;` is an error exit and `__Require_Action(...)` jumps. This file
// says what a node does to a path and how paths join. When the walk gives up (a backward goto, try/throw, a syntax
// error, too many states), the result is undefined.
import type { SyntaxNode } from '../../../parser/syntax-node';
import { withFact, withMet, type PathState } from '../../../analysis/paths/path-state';
import { containsNode, isSuccessValue, walkPaths } from '../../../analysis/paths/path-walker';

/** What evaluating one node does to a path. */
export interface Effect {
  /** Meets the duty (an out-parameter stored, the completion kept). */
  readonly satisfies?: boolean;
  /** Completes the tracked task (and so meets the duty). */
  readonly completes?: boolean;
  /** Gives the tracked completion variable a new value: nothing has completed it yet. */
  readonly resets?: boolean;
  /** Hands the completion to code the walk cannot see, which may complete it. */
  readonly opaque?: boolean;
}

export interface EffectQuery {
  readonly text: string;
  readonly body: SyntaxNode;
  /** The effect of evaluating `node` (every expression node on a path, and each `init_declarator`), if any. */
  readonly effectOf: (node: SyntaxNode) => Effect | undefined;
}

export interface EffectResult {
  /** Returns of success that some path reaches without meeting the duty. */
  readonly unmetSuccessExits: readonly SyntaxNode[];
  /** Completions reached by some path on which the task was already completed. */
  readonly repeatedCompletions: readonly SyntaxNode[];
}

/**
 * Completion tracking rides in the path's facts under keys no source expression can spell, so that the shared
 * condition splitter and state union keep it: merging states only ever forgets a fact, and a forgotten `#completed`
 * reads as "not completed", which can hide a repeated completion but never invent one.
 */
const COMPLETED = '#completed';
const OPAQUE = '#opaque';

/** Walks the body; undefined when the walk gives up. */
export function walkEffects(query: EffectQuery): EffectResult | undefined {
  const { text, effectOf } = query;
  const unmet = new Map<number, SyntaxNode>();
  const repeated = new Map<number, SyntaxNode>();
  const apply = (node: SyntaxNode, states: PathState[]): PathState[] => {
    const effect = effectOf(node);
    if (!effect) return states;
    return union(
      states.map((state) => {
        let next = state;
        if (effect.resets) next = withFact(withFact(next, COMPLETED, undefined), OPAQUE, undefined);
        if (effect.completes) {
          if (next.facts.get(COMPLETED) === 'fail' && !next.facts.has(OPAQUE)) repeated.set(node.startIndex, node);
          next = withMet(withFact(next, COMPLETED, 'fail'));
        }
        if (effect.opaque) next = withMet(withFact(next, OPAQUE, 'fail'));
        if (effect.satisfies) next = withMet(next);
        return next;
      }),
    );
  };
  const completed = walkPaths(query.body, {
    text,
    join: union,
    apply,
    // A block or lambda runs later: if it does anything tracked, the path has handed the task on.
    handOff: (node, states) => {
      const handed = containsNode(node, (n) => effectOf(n) !== undefined);
      return handed ? states.map((s) => withMet(withFact(s, OPAQUE, 'fail'))) : states;
    },
    atReturn: (node, value, states) => {
      if (value && states.some((s) => !s.met && isSuccessValue(text, value, s))) unmet.set(node.startIndex, node);
    },
  });
  if (!completed) return undefined;
  const sorted = (nodes: Map<number, SyntaxNode>): SyntaxNode[] => [...nodes.values()].sort((a, b) => a.startIndex - b.startIndex);
  return { unmetSuccessExits: sorted(unmet), repeatedCompletions: sorted(repeated) };
}

/**
 * Union at a join point. Unlike the shared `union`, states that differ in one fact are not merged (that would forget
 * `ret`'s value where a `goto Exit` with an error meets one with success); a state is only dropped when another with
 * the same `met` knows a subset of its facts, and so already allows every path it does.
 */
function union(...lists: readonly (readonly PathState[])[]): PathState[] {
  const all = lists.flat();
  return all.filter((s, i) => !all.some((t, j) => j !== i && t.met === s.met && knowsSubset(t, s) && (!knowsSubset(s, t) || j < i)));
}

function knowsSubset(a: PathState, b: PathState): boolean {
  if (a.facts.size > b.facts.size) return false;
  for (const [key, outcome] of a.facts) if (b.facts.get(key) !== outcome) return false;
  return true;
}
