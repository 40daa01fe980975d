// Walks a function body path by path, tracking effects the SCSI rules care about: an out-parameter stored (or a task
// completed) before a successful return, and a task completed twice on one path.
//
// It follows the shape of analysis/paths/required-call-walker.ts (which only tracks calls): each path carries
// whether the duty is met, how many times the tracked completion ran, and what it knows about status variables, so
// that `if (ret != kIOReturnSuccess) return ret;` is an error exit and `__Require_Action(...)` jumps. Anything it
// cannot model with certainty (a backward goto, try/throw, a syntax error, too many states) makes it give up.
import { walk } from '../../../model/syntax-helpers';
import { readCall } from '../../../model/calls';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { requireShape, type RequireShape } from '../../../analysis/ownership/require-macros';
import { assigns, constantOutcome, textOf, unwrap } from '../../../analysis/ownership/syntax-shapes';
import { ConditionSplitter, factKey, type Branches } from '../../../analysis/paths/path-conditions';
import { forgetting, START, withFact, withMet, type PathState } from '../../../analysis/paths/path-state';

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
const MAX_STATES = 64;

class GiveUp extends Error {}

/** Walks the body; undefined when the walk gives up. */
export function walkEffects(query: EffectQuery): EffectResult | undefined {
  const walker = new EffectWalker(query);
  try {
    walker.statement(query.body, [START]);
    return walker.result();
  } catch (error) {
    if (error instanceof GiveUp) return undefined;
    throw error;
  }
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

interface JumpTarget {
  readonly kind: 'loop' | 'switch';
  readonly exits: PathState[];
}

class EffectWalker {
  private readonly pendingLabels = new Map<string, PathState[]>();
  private readonly seenLabels = new Set<string>();
  private readonly jumpTargets: JumpTarget[] = [];
  private readonly unmet = new Map<number, SyntaxNode>();
  private readonly repeated = new Map<number, SyntaxNode>();
  private readonly conditions: ConditionSplitter;
  private readonly text: string;

  constructor(private readonly query: EffectQuery) {
    this.text = query.text;
    this.conditions = new ConditionSplitter({ text: query.text, evaluate: (node, states) => this.expression(node, states) });
  }

  result(): EffectResult | undefined {
    if (this.pendingLabels.size > 0) return undefined;
    const sorted = (nodes: Map<number, SyntaxNode>): SyntaxNode[] => [...nodes.values()].sort((a, b) => a.startIndex - b.startIndex);
    return { unmetSuccessExits: sorted(this.unmet), repeatedCompletions: sorted(this.repeated) };
  }

  statement(node: SyntaxNode, states: PathState[]): PathState[] {
    if (states.length === 0) return states;
    if (states.length > MAX_STATES || node.type === 'ERROR' || node.isMissing) throw new GiveUp();
    switch (node.type) {
      case 'compound_statement':
        return this.sequence(node.namedChildren, states);
      case 'expression_statement':
        return node.namedChildren.reduce((current, child) => this.expression(child, current), states);
      case 'declaration':
        return this.declaration(node, states);
      case 'if_statement': {
        const branches = this.branchOn(node.childForFieldName('condition'), states);
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        const elseBody = alternative?.type === 'else_clause' ? alternative.namedChildren[0] : alternative;
        return union(consequence ? this.statement(consequence, branches.whenTrue) : branches.whenTrue, elseBody ? this.statement(elseBody, branches.whenFalse) : branches.whenFalse);
      }
      case 'while_statement':
      case 'for_statement':
      case 'for_range_loop':
      case 'do_statement':
        return this.loop(node, states);
      case 'switch_statement':
        return this.switchStatement(node, states);
      case 'return_statement':
        return this.returnStatement(node, states);
      case 'goto_statement':
        return this.jump(textOf(this.text, node.childForFieldName('label') ?? node), states);
      case 'labeled_statement': {
        const label = textOf(this.text, node.childForFieldName('label') ?? node);
        const arriving = union(states, this.pendingLabels.get(label) ?? []);
        this.pendingLabels.delete(label);
        this.seenLabels.add(label);
        return this.sequence(node.namedChildren.filter((c) => c.type !== 'statement_identifier'), arriving);
      }
      case 'break_statement':
      case 'continue_statement': {
        const targets = node.type === 'continue_statement' ? this.jumpTargets.filter((t) => t.kind === 'loop') : this.jumpTargets;
        const target = targets[targets.length - 1];
        if (!target) throw new GiveUp();
        target.exits.push(...states);
        return [];
      }
      case 'comment':
      case 'type_definition':
      case 'static_assert_declaration':
        return states;
      case 'throw_statement':
      case 'try_statement':
      case 'co_return_statement':
        throw new GiveUp();
      default:
        if (node.type.startsWith('preproc_')) {
          // Only the first branch of a preprocessor conditional is walked, as if its condition held.
          const skipped = new Set(['alternative', 'condition', 'name'].map((field) => node.childForFieldName(field)?.startIndex));
          return this.sequence(node.namedChildren.filter((c) => !skipped.has(c.startIndex)), states);
        }
        return this.expression(node, states);
    }
  }

  private sequence(statements: readonly SyntaxNode[], states: PathState[]): PathState[] {
    return statements.reduce((current, s) => this.statement(s, current), states);
  }

  private declaration(node: SyntaxNode, states: PathState[]): PathState[] {
    let current = states;
    for (const declarator of node.namedChildren) {
      const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
      if (!value) continue;
      current = this.apply(declarator, this.expression(value, current));
      const name = declarator.childForFieldName('declarator');
      if (name?.type === 'identifier') current = this.learn(textOf(this.text, name), value, current);
    }
    return current;
  }

  private branchOn(condition: SyntaxNode | null, states: PathState[]): Branches {
    return condition ? this.conditions.split(condition, states) : { whenTrue: states, whenFalse: states };
  }

  /** Loops run their body zero times or once; what the body may change is forgotten afterwards. */
  private loop(node: SyntaxNode, states: PathState[]): PathState[] {
    let current = states;
    const initializer = node.childForFieldName('initializer');
    if (initializer) current = this.statement(initializer, current);
    const condition = node.childForFieldName('condition');
    const body = node.childForFieldName('body');
    const target: JumpTarget = { kind: 'loop', exits: [] };
    this.jumpTargets.push(target);
    let result: PathState[];
    if (node.type === 'do_statement') {
      const branches = this.branchOn(condition, body ? this.statement(body, current) : current);
      result = union(branches.whenFalse, branches.whenTrue);
    } else {
      const branches = this.branchOn(condition, current);
      let afterBody = body ? this.statement(body, branches.whenTrue) : branches.whenTrue;
      const update = node.childForFieldName('update');
      if (update) afterBody = this.expression(update, afterBody);
      result = union(branches.whenFalse, afterBody, node.type === 'for_range_loop' ? current : []);
    }
    this.jumpTargets.pop();
    return this.forget(union(result, target.exits), (key) => assigns(this.text, node, key) || key.includes('->') || key.includes('.'));
  }

  private switchStatement(node: SyntaxNode, states: PathState[]): PathState[] {
    const condition = node.childForFieldName('condition');
    const entry = condition ? this.expression(condition, states) : states;
    const body = node.childForFieldName('body');
    if (!body) return entry;
    const target: JumpTarget = { kind: 'switch', exits: [] };
    this.jumpTargets.push(target);
    let hasDefault = false;
    let fallthrough: PathState[] = [];
    for (const item of body.namedChildren) {
      if (item.type !== 'case_statement') {
        fallthrough = this.statement(item, fallthrough);
        continue;
      }
      const value = item.childForFieldName('value');
      if (!value) hasDefault = true;
      fallthrough = this.sequence(item.namedChildren.filter((c) => c.startIndex !== value?.startIndex), union(entry, fallthrough));
    }
    this.jumpTargets.pop();
    return union(fallthrough, target.exits, hasDefault ? [] : entry);
  }

  private returnStatement(node: SyntaxNode, states: PathState[]): PathState[] {
    const value = node.namedChildren[0];
    const current = value ? this.expression(value, states) : states;
    if (value && current.some((s) => !s.met && this.isSuccess(value, s))) this.unmet.set(node.startIndex, node);
    return [];
  }

  /** A success constant, or a variable this path knows to hold zero. */
  private isSuccess(value: SyntaxNode, state: PathState): boolean {
    const inner = unwrap(value);
    const constant = constantOutcome(this.text, inner);
    if (constant !== undefined) return constant === 'ok';
    return inner.type === 'identifier' && state.facts.get(textOf(this.text, inner)) === 'ok';
  }

  private jump(label: string, states: PathState[]): PathState[] {
    if (this.seenLabels.has(label)) throw new GiveUp();
    this.pendingLabels.set(label, union(this.pendingLabels.get(label) ?? [], states));
    return [];
  }

  expression(node: SyntaxNode, states: PathState[]): PathState[] {
    if (states.length === 0) return states;
    switch (node.type) {
      case 'lambda_expression':
      case 'compound_statement': {
        // A block or lambda runs later: if it does anything tracked, the path has handed the task on.
        const handed = this.hasEffect(node);
        const after = handed ? states.map((s) => withMet(withFact(s, OPAQUE, 'fail'))) : states;
        return this.forget(after, (key) => assigns(this.text, node, key));
      }
      case 'conditional_expression': {
        const branches = this.branchOn(node.childForFieldName('condition'), states);
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        return union(
          consequence ? this.expression(consequence, branches.whenTrue) : branches.whenTrue,
          alternative ? this.expression(alternative, branches.whenFalse) : branches.whenFalse,
        );
      }
      case 'call_expression': {
        const call = readCall(this.text, node);
        const shape = call ? requireShape(call.name) : undefined;
        if (call && shape && call.args.length >= 2) return this.requireMacro(call.args, shape, states);
        const evaluated = this.children(node, states);
        return this.apply(node, this.forget(evaluated, (key) => key.includes('->') || key.includes('.')));
      }
      case 'assignment_expression':
        return this.assignment(node, states);
      case 'update_expression':
      case 'pointer_expression': {
        const evaluated = this.apply(node, this.children(node, states));
        const operator = textOf(this.text, node.childForFieldName('operator') ?? node);
        if (node.type === 'pointer_expression' && operator !== '&') return evaluated;
        const key = factKey(this.text, node.childForFieldName('argument') ?? node);
        return key === undefined ? evaluated : evaluated.map((s) => withFact(s, key, undefined));
      }
      default:
        return this.apply(node, this.children(node, states));
    }
  }

  private children(node: SyntaxNode, states: PathState[]): PathState[] {
    return node.namedChildren.reduce((current, child) => this.expression(child, current), states);
  }

  private apply(node: SyntaxNode, states: PathState[]): PathState[] {
    const effect = this.query.effectOf(node);
    if (!effect) return states;
    return union(
      states.map((state) => {
        let next = state;
        if (effect.resets) next = withFact(withFact(next, COMPLETED, undefined), OPAQUE, undefined);
        if (effect.completes) {
          if (next.facts.get(COMPLETED) === 'fail' && !next.facts.has(OPAQUE)) this.repeated.set(node.startIndex, node);
          next = withMet(withFact(next, COMPLETED, 'fail'));
        }
        if (effect.opaque) next = withMet(withFact(next, OPAQUE, 'fail'));
        if (effect.satisfies) next = withMet(next);
        return next;
      }),
    );
  }

  private hasEffect(root: SyntaxNode): boolean {
    let found = false;
    walk(
      root,
      (n) => {
        if (this.query.effectOf(n)) found = true;
      },
      () => found,
    );
    return found;
  }

  /** `__Require_noErr(ret, Exit)` jumps to `Exit` when `ret` is an error; `__Require(cond, Exit)` when `cond` is false. */
  private requireMacro(args: readonly SyntaxNode[], shape: RequireShape, states: PathState[]): PathState[] {
    const branches = this.branchOn(args[0], states);
    const failing = shape.tests === 'error' ? branches.whenTrue : branches.whenFalse;
    const passing = shape.tests === 'error' ? branches.whenFalse : branches.whenTrue;
    this.jump(textOf(this.text, args[1]).trim(), shape.hasAction && args[2] ? this.expression(args[2], failing) : failing);
    return passing;
  }

  private assignment(node: SyntaxNode, states: PathState[]): PathState[] {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return states;
    let current = this.expression(right, states);
    if (left.type !== 'identifier') current = this.expression(left, current);
    current = this.apply(node, current);
    const key = factKey(this.text, left);
    if (key === undefined) return this.forget(current, (k) => k.includes('->') || k.includes('.'));
    const plain = textOf(this.text, node.childForFieldName('operator') ?? node) === '=';
    return plain ? this.learn(key, right, current) : current.map((s) => withFact(s, key, undefined));
  }

  /** `key = value`: the key learns a constant's zero-ness or copies what another variable is known to hold. */
  private learn(key: string, value: SyntaxNode, states: PathState[]): PathState[] {
    const inner = unwrap(value);
    const constant = constantOutcome(this.text, inner);
    const source = constant === undefined ? factKey(this.text, inner) : undefined;
    return states.map((s) => withFact(s, key, constant ?? (source !== undefined ? s.facts.get(source) : undefined)));
  }

  private forget(states: PathState[], test: (key: string) => boolean): PathState[] {
    return states.map((s) => forgetting(s, test));
  }
}
