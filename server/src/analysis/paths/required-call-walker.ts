// Walks a function body path by path and finds the returns of success that no path made a required call before.
//
// Used for "every successful exit of Stop must call Stop(provider, SUPERDISPATCH)" and the like. Each path carries
// whether the call has happened (or was handed to a block, lambda or helper that may make it) and what it knows about
// status variables and tested fields, so that `if (ret != kIOReturnSuccess) return ret;` counts as an error exit and
// `if (ivars->timer) { ... Cancel(^{ ... }) }` keeps its branches apart. Anything the walk cannot model with certainty
// (a backward goto, try/throw, a syntax error, too many states) makes it give up, so callers stay silent.
import { readCall, type CallSite } from '../../model/calls';
import { walk } from '../../model/syntax-helpers';
import type { SyntaxNode } from '../../parser/syntax-node';
import { requireShape, type RequireShape } from '../ownership/require-macros';
import { assigns, constantOutcome, textOf, unwrap } from '../ownership/syntax-shapes';
import { ConditionSplitter, factKey, type Branches } from './path-conditions';
import { forgetting, START, union, withFact, withMet, type PathState } from './path-state';

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

class GiveUp extends Error {}

const MAX_STATES = 64;

interface JumpTarget {
  readonly kind: 'loop' | 'switch';
  readonly exits: PathState[];
}

interface ExitRecord {
  readonly node: SyntaxNode;
  unmetSuccess: boolean;
  everyUnmet: boolean;
}

/** The successful returns some path reaches without the required call; none when the walk gives up. */
export function findUnmetSuccessExits(query: RequiredCallQuery): UnmetExit[] {
  const walker = new RequiredCallWalker(query);
  try {
    walker.statement(query.body, [START]);
    return walker.result();
  } catch (error) {
    if (error instanceof GiveUp) return [];
    throw error;
  }
}

/** True when a call somewhere under `node` (blocks and lambdas included) makes the call or may make it. */
function reachesRequiredCall(query: Pick<RequiredCallQuery, 'text' | 'classify'>, node: SyntaxNode): boolean {
  const { text, classify } = query;
  let found = false;
  walk(
    node,
    (n) => {
      const call = readCall(text, n);
      if (call && classify(call) !== 'none') found = true;
    },
    () => found,
  );
  return found;
}

class RequiredCallWalker {
  private readonly pendingLabels = new Map<string, PathState[]>();
  private readonly seenLabels = new Set<string>();
  private readonly jumpTargets: JumpTarget[] = [];
  private readonly exits = new Map<number, ExitRecord>();
  private readonly conditions: ConditionSplitter;
  private readonly text: string;

  constructor(private readonly query: RequiredCallQuery) {
    this.text = query.text;
    this.conditions = new ConditionSplitter({ text: query.text, evaluate: (node, states) => this.expression(node, states) });
  }

  result(): UnmetExit[] {
    if (this.pendingLabels.size > 0) return [];
    return [...this.exits.values()].filter((e) => e.unmetSuccess).map((e) => ({ node: e.node, unmetOnEveryPath: e.everyUnmet }));
  }

  statement(node: SyntaxNode, states: PathState[]): PathState[] {
    if (states.length === 0) return states;
    if (states.length > MAX_STATES || node.type === 'ERROR' || node.isMissing) throw new GiveUp();
    switch (node.type) {
      case 'compound_statement':
      case 'translation_unit':
        return this.sequence(node.namedChildren, states);
      case 'expression_statement':
        return node.namedChildren.reduce((current, child) => this.expression(child, current), states);
      case 'declaration':
        return this.declaration(node, states);
      case 'if_statement':
        return this.ifStatement(node, states);
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
      case 'labeled_statement':
        return this.labeled(node, states);
      case 'break_statement':
      case 'continue_statement':
        return this.breakOut(node, states);
      case 'comment':
      case 'type_definition':
      case 'static_assert_declaration':
        return states;
      case 'throw_statement':
      case 'try_statement':
      case 'co_return_statement':
        throw new GiveUp();
      default:
        if (node.type.startsWith('preproc_')) return this.preprocessorBlock(node, states);
        return this.expression(node, states);
    }
  }

  private sequence(statements: readonly SyntaxNode[], states: PathState[]): PathState[] {
    return statements.reduce((current, s) => this.statement(s, current), states);
  }

  private declaration(node: SyntaxNode, states: PathState[]): PathState[] {
    let current = states;
    for (const declarator of node.namedChildren) {
      if (declarator.type !== 'init_declarator') continue;
      const name = declarator.childForFieldName('declarator');
      const value = declarator.childForFieldName('value');
      if (!value) continue;
      current = this.expression(value, current);
      if (name?.type === 'identifier') current = this.learn(textOf(this.text, name), value, current);
    }
    return current;
  }

  private ifStatement(node: SyntaxNode, states: PathState[]): PathState[] {
    const branches = this.branchOn(node.childForFieldName('condition'), states);
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    const afterThen = consequence ? this.statement(consequence, branches.whenTrue) : branches.whenTrue;
    const elseBody = alternative?.type === 'else_clause' ? alternative.namedChildren[0] : alternative;
    const afterElse = elseBody ? this.statement(elseBody, branches.whenFalse) : branches.whenFalse;
    return union(afterThen, afterElse);
  }

  private branchOn(condition: SyntaxNode | null, states: PathState[]): Branches {
    return condition ? this.conditions.split(condition, states) : { whenTrue: states, whenFalse: states };
  }

  /** Loops run their body zero times or once; facts the body may change are forgotten on the way back. */
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
      const afterBody = body ? this.statement(body, current) : current;
      const branches = this.branchOn(condition, afterBody);
      result = union(branches.whenFalse, branches.whenTrue);
    } else {
      const branches = this.branchOn(condition, current);
      let afterBody = body ? this.statement(body, branches.whenTrue) : branches.whenTrue;
      const update = node.childForFieldName('update');
      if (update) afterBody = this.expression(update, afterBody);
      result = union(branches.whenFalse, afterBody, node.type === 'for_range_loop' ? current : []);
    }
    this.jumpTargets.pop();
    return union(result, target.exits).map((s) => forgetting(s, (key) => assigns(this.text, node, key) || key.includes('->') || key.includes('.')));
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
      const statements = item.namedChildren.filter((c) => c.startIndex !== value?.startIndex);
      fallthrough = this.sequence(statements, union(entry, fallthrough));
    }
    this.jumpTargets.pop();
    return union(fallthrough, target.exits, hasDefault ? [] : entry);
  }

  private breakOut(node: SyntaxNode, states: PathState[]): PathState[] {
    const targets = node.type === 'continue_statement' ? this.jumpTargets.filter((t) => t.kind === 'loop') : this.jumpTargets;
    const target = targets[targets.length - 1];
    if (!target) throw new GiveUp();
    target.exits.push(...states);
    return [];
  }

  private returnStatement(node: SyntaxNode, states: PathState[]): PathState[] {
    const value = node.namedChildren[0];
    const current = value ? this.expression(value, states) : states;
    const record = this.exits.get(node.startIndex) ?? { node, unmetSuccess: false, everyUnmet: true };
    for (const state of current) {
      if (state.met) record.everyUnmet = false;
      else if (value && this.isSuccess(value, state)) record.unmetSuccess = true;
    }
    this.exits.set(node.startIndex, record);
    return [];
  }

  /** A success constant, or a variable this path knows to hold zero. Anything else may be an error: not success. */
  private isSuccess(value: SyntaxNode, state: PathState): boolean {
    const inner = unwrap(value);
    const constant = constantOutcome(this.text, inner);
    if (constant !== undefined) return constant === 'ok';
    const key = inner.type === 'identifier' ? textOf(this.text, inner) : undefined;
    return key !== undefined && state.facts.get(key) === 'ok';
  }

  private jump(label: string, states: PathState[]): PathState[] {
    if (this.seenLabels.has(label)) throw new GiveUp(); // A backward jump is a loop the walk does not model.
    this.pendingLabels.set(label, union(this.pendingLabels.get(label) ?? [], states));
    return [];
  }

  private labeled(node: SyntaxNode, states: PathState[]): PathState[] {
    const label = textOf(this.text, node.childForFieldName('label') ?? node);
    const arriving = union(states, this.pendingLabels.get(label) ?? []);
    this.pendingLabels.delete(label);
    this.seenLabels.add(label);
    return this.sequence(node.namedChildren.filter((c) => c.type !== 'statement_identifier'), arriving);
  }

  /** Only the first branch of a preprocessor conditional is walked, as if its condition held. */
  private preprocessorBlock(node: SyntaxNode, states: PathState[]): PathState[] {
    const skipped = new Set(['alternative', 'condition', 'name'].map((field) => node.childForFieldName(field)?.startIndex));
    return this.sequence(node.namedChildren.filter((c) => !skipped.has(c.startIndex)), states);
  }

  expression(node: SyntaxNode, states: PathState[]): PathState[] {
    if (states.length === 0) return states;
    switch (node.type) {
      case 'call_expression':
        return this.call(node, states);
      case 'assignment_expression':
        return this.assignment(node, states);
      case 'lambda_expression':
      case 'compound_statement': {
        // A block or lambda runs later (a Cancel completion, a queued block): if it makes the call, the path has
        // handed the duty on. Its body is not walked, but what it may assign when it runs is forgotten.
        const handed = reachesRequiredCall(this.query, node);
        return states.map((s) => forgetting(handed ? withMet(s) : s, (key) => assigns(this.text, node, key)));
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
      case 'update_expression':
      case 'pointer_expression': {
        // `count++` and `GetStatus(&status)` change a variable behind the walk's back: forget what it held.
        const evaluated = node.namedChildren.reduce((current, child) => this.expression(child, current), states);
        const operator = textOf(this.text, node.childForFieldName('operator') ?? node);
        if (node.type === 'pointer_expression' && operator !== '&') return evaluated;
        const key = factKey(this.text, node.childForFieldName('argument') ?? node);
        return key === undefined ? evaluated : evaluated.map((s) => withFact(s, key, undefined));
      }
      default:
        return node.namedChildren.reduce((current, child) => this.expression(child, current), states);
    }
  }

  private call(node: SyntaxNode, states: PathState[]): PathState[] {
    const call = readCall(this.text, node);
    if (call) {
      const shape = requireShape(call.name);
      if (shape && call.args.length >= 2) return this.requireMacro(call.args, shape, states);
    }
    let current = node.namedChildren.reduce((evaluated, child) => this.expression(child, evaluated), states);
    // Any call may change fields (a helper clearing `ivars->timer`), so facts about fields do not survive it.
    current = current.map((s) => forgetting(s, (key) => key.includes('->') || key.includes('.')));
    const role = call ? this.query.classify(call) : 'none';
    return role === 'none' ? current : current.map(withMet);
  }

  /** `__Require_noErr(ret, Exit)` jumps to `Exit` when `ret` is an error; `__Require(cond, Exit)` when `cond` is false. */
  private requireMacro(args: readonly SyntaxNode[], shape: RequireShape, states: PathState[]): PathState[] {
    const branches = this.conditions.split(args[0], states);
    const failing = shape.tests === 'error' ? branches.whenTrue : branches.whenFalse;
    const passing = shape.tests === 'error' ? branches.whenFalse : branches.whenTrue;
    const afterAction = shape.hasAction && args[2] ? this.expression(args[2], failing) : failing;
    this.jump(textOf(this.text, args[1]).trim(), afterAction);
    return passing;
  }

  private assignment(node: SyntaxNode, states: PathState[]): PathState[] {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return states;
    let current = this.expression(right, states);
    if (left.type !== 'identifier') current = this.expression(left, current);
    const key = factKey(this.text, left);
    if (key === undefined) return current.map((s) => forgetting(s, (k) => k.includes('->') || k.includes('.')));
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
}
