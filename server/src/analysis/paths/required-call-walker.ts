// Finds the returns of success that some path through a function body reaches before making a required call.
//
// Used for "every successful exit of Stop must call Stop(provider, SUPERDISPATCH)" and the like. The path walk
// (path-walker.ts) carries, for each path, whether the call has happened (or was handed to a block, lambda or helper
// that may make it) and what it knows about status variables and tested fields, so that
// `if (ret != kIOReturnSuccess) return ret;` counts as an error exit and `if (ivars->timer) { ... Cancel(^{ ... }) }`
// keeps its branches apart. When the walk gives up (a backward goto, try/throw, a syntax error, too many states),
// no exit is reported, so callers stay silent.
import { readCall, type CallSite } from '../../model/calls';
import type { SyntaxNode } from '../../parser/syntax-node';
import { union, withMet } from './path-state';
import { containsNode, isSuccessValue, walkPaths } from './path-walker';

/** `required`: the call itself; `maybe`: code the walk cannot see into that may make it; `none`: neither. */
export type CallRole = 'required' | 'maybe' | 'none';

export interface RequiredCallQuery {
  readonly text: string;
  readonly body: SyntaxNode;
  readonly classify: (call: CallSite) => CallRole;
}

/** A `return` of success reached by at least one path that never made the required call. */
export interface UnmetExit {
  readonly node: SyntaxNode;
  /** True when no path reaching this return made the call, so adding it just before the return is safe. */
  readonly unmetOnEveryPath: boolean;
}

interface ExitRecord {
  readonly node: SyntaxNode;
  unmetSuccess: boolean;
  everyUnmet: boolean;
}

/** The successful returns some path reaches without the required call; none when the walk gives up. */
export function findUnmetSuccessExits(query: RequiredCallQuery): UnmetExit[] {
  const { text, classify } = query;
  const exits = new Map<number, ExitRecord>();
  const makesCall = (node: SyntaxNode): boolean => {
    const call = readCall(text, node);
    return call !== undefined && classify(call) !== 'none';
  };
  const completed = walkPaths(query.body, {
    text,
    join: union,
    apply: (node, states) => (makesCall(node) ? states.map(withMet) : states),
    // A block or lambda that makes the call (a Cancel completion, a queued block) hands the duty on.
    handOff: (node, states) => (containsNode(node, makesCall) ? states.map(withMet) : states),
    atReturn: (node, value, states) => {
      const record = exits.get(node.startIndex) ?? { node, unmetSuccess: false, everyUnmet: true };
      for (const state of states) {
        if (state.met) record.everyUnmet = false;
        else if (value && isSuccessValue(text, value, state)) record.unmetSuccess = true;
      }
      exits.set(node.startIndex, record);
    },
  });
  if (!completed) return [];
  return [...exits.values()].filter((e) => e.unmetSuccess).map((e) => ({ node: e.node, unmetOnEveryPath: e.everyUnmet }));
}
