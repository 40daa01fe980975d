// Walks a function body path by path; what a node does to a path, how paths join and what a return records come from the caller.
//
// The walk owns the control flow: statements in order, `if` and `?:` split by what the condition tests, loops run zero
// times or once, `switch` with fallthrough, `break`/`continue`, forward `goto`, and the `__Require` macros, which jump
// to their label when the test fails. Each path carries whether its duty is met and what it knows about status
// variables and tested fields, so that `if (ret != kIOReturnSuccess) return ret;` counts as an error exit. Anything
// the walk cannot model with certainty (a backward goto, try/throw, a syntax error, too many states) makes it give up.
// Users: required-call-walker.ts (DK401, DK402) and the SCSI effect walk in rules/support/scsi (DK602, DK603).
import { walk } from '../../model/syntax-helpers';
import { readCall } from '../../model/calls';
import type { SyntaxNode } from '../../parser/syntax-node';
import { requireShape, type RequireShape } from '../ownership/require-macros';
import { assigns, constantOutcome, textOf, unwrap } from '../ownership/syntax-shapes';
import { ConditionSplitter, factKey, type Branches } from './path-conditions';
import { forgetting, START, withFact, type PathState } from './path-state';

/** What the caller tracks along each path. */
export interface PathTracking {
  readonly text: string;
  /** Joins the paths that meet after a branch, at a label or at a loop's exit. */
  readonly join: (...lists: readonly (readonly PathState[])[]) => PathState[];
  /** What evaluating `node` does to each path: called after the operands of every expression node, and for each `init_declarator` after its value. */
  readonly apply: (node: SyntaxNode, states: PathState[]) => PathState[];
  /** What handing over a block or lambda (which runs later, so is not walked) does to each path. */
  readonly handOff: (node: SyntaxNode, states: PathState[]) => PathState[];
  /** A `return` reached by `states`, after its value was evaluated. */
  readonly atReturn: (node: SyntaxNode, value: SyntaxNode | undefined, states: readonly PathState[]) => void;
}

class GiveUp extends Error {}

const MAX_STATES = 64;

interface JumpTarget {
  readonly kind: 'loop' | 'switch';
  readonly exits: PathState[];
}

/** Walks `body` from its start; false when the walk gave up, so that what `tracking` recorded must not be trusted. */
export function walkPaths(body: SyntaxNode, tracking: PathTracking): boolean {
  const walker = new PathWalker(tracking);
  try {
    walker.statement(body, [START]);
    return walker.finished();
  } catch (error) {
    if (error instanceof GiveUp) return false;
    throw error;
  }
}

/** A success constant, or a variable this path knows to hold zero. Anything else may be an error: not success. */
export function isSuccessValue(text: string, value: SyntaxNode, state: PathState): boolean {
  const inner = unwrap(value);
  const constant = constantOutcome(text, inner);
  if (constant !== undefined) return constant === 'ok';
  const key = inner.type === 'identifier' ? textOf(text, inner) : undefined;
  return key !== undefined && state.facts.get(key) === 'ok';
}

/** True when some node under `root` (itself included) passes `test`. */
export function containsNode(root: SyntaxNode, test: (node: SyntaxNode) => boolean): boolean {
  let found = false;
  walk(
    root,
    (n) => {
      if (test(n)) found = true;
    },
    () => found,
  );
  return found;
}

class PathWalker {
  private readonly pendingLabels = new Map<string, PathState[]>();
  private readonly seenLabels = new Set<string>();
  private readonly jumpTargets: JumpTarget[] = [];
  private readonly conditions: ConditionSplitter;
  private readonly text: string;
  private readonly join: PathTracking['join'];

  constructor(private readonly tracking: PathTracking) {
    this.text = tracking.text;
    this.join = tracking.join;
    this.conditions = new ConditionSplitter({ text: tracking.text, evaluate: (node, states) => this.expression(node, states) });
  }

  /** False when a `goto` jumped to a label the walk never reached. */
  finished(): boolean {
    return this.pendingLabels.size === 0;
  }

  statement(node: SyntaxNode, states: PathState[]): PathState[] {
    if (states.length === 0) return states;
    if (states.length > MAX_STATES || node.type === 'ERROR' || node.isMissing) throw new GiveUp();
    switch (node.type) {
      case 'compound_statement':
      case 'translation_unit':
        return this.sequence(node.namedChildren, states);
      case 'expression_statement':
        return this.children(node, states);
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
      const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
      if (!value) continue;
      current = this.tracking.apply(declarator, this.expression(value, current));
      const name = declarator.childForFieldName('declarator');
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
    return this.join(afterThen, afterElse);
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
      result = this.join(branches.whenFalse, branches.whenTrue);
    } else {
      const branches = this.branchOn(condition, current);
      let afterBody = body ? this.statement(body, branches.whenTrue) : branches.whenTrue;
      const update = node.childForFieldName('update');
      if (update) afterBody = this.expression(update, afterBody);
      result = this.join(branches.whenFalse, afterBody, node.type === 'for_range_loop' ? current : []);
    }
    this.jumpTargets.pop();
    return forget(this.join(result, target.exits), (key) => assigns(this.text, node, key) || isFieldKey(key));
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
      fallthrough = this.sequence(statements, this.join(entry, fallthrough));
    }
    this.jumpTargets.pop();
    return this.join(fallthrough, target.exits, hasDefault ? [] : entry);
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
    this.tracking.atReturn(node, value, current);
    return [];
  }

  private jump(label: string, states: PathState[]): PathState[] {
    if (this.seenLabels.has(label)) throw new GiveUp(); // A backward jump is a loop the walk does not model.
    this.pendingLabels.set(label, this.join(this.pendingLabels.get(label) ?? [], states));
    return [];
  }

  private labeled(node: SyntaxNode, states: PathState[]): PathState[] {
    const label = textOf(this.text, node.childForFieldName('label') ?? node);
    const arriving = this.join(states, this.pendingLabels.get(label) ?? []);
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
      case 'compound_statement':
        // A block or lambda runs later (a Cancel completion, a queued block): its body is not walked, but what it
        // may assign when it runs is forgotten.
        return forget(this.tracking.handOff(node, states), (key) => assigns(this.text, node, key));
      case 'conditional_expression': {
        const branches = this.branchOn(node.childForFieldName('condition'), states);
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        return this.join(
          consequence ? this.expression(consequence, branches.whenTrue) : branches.whenTrue,
          alternative ? this.expression(alternative, branches.whenFalse) : branches.whenFalse,
        );
      }
      case 'update_expression':
      case 'pointer_expression': {
        // `count++` and `GetStatus(&status)` change a variable behind the walk's back: forget what it held.
        const evaluated = this.tracking.apply(node, this.children(node, states));
        const operator = textOf(this.text, node.childForFieldName('operator') ?? node);
        if (node.type === 'pointer_expression' && operator !== '&') return evaluated;
        const key = factKey(this.text, node.childForFieldName('argument') ?? node);
        return key === undefined ? evaluated : evaluated.map((s) => withFact(s, key, undefined));
      }
      default:
        return this.tracking.apply(node, this.children(node, states));
    }
  }

  private children(node: SyntaxNode, states: PathState[]): PathState[] {
    return node.namedChildren.reduce((current, child) => this.expression(child, current), states);
  }

  private call(node: SyntaxNode, states: PathState[]): PathState[] {
    const call = readCall(this.text, node);
    const shape = call ? requireShape(call.name) : undefined;
    if (call && shape && call.args.length >= 2) return this.requireMacro(call.args, shape, states);
    // Any call may change fields (a helper clearing `ivars->timer`), so facts about fields do not survive it.
    return this.tracking.apply(node, forget(this.children(node, states), isFieldKey));
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
    current = this.tracking.apply(node, current);
    const key = factKey(this.text, left);
    if (key === undefined) return forget(current, isFieldKey);
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

/** A fact about a field (`ivars->timer`, `state.ready`), which any call or store through a pointer may change. */
function isFieldKey(key: string): boolean {
  return key.includes('->') || key.includes('.');
}

function forget(states: readonly PathState[], test: (key: string) => boolean): PathState[] {
  return states.map((s) => forgetting(s, test));
}
