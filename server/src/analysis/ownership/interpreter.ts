// Walks a function body path by path and reports where a +1 object held in one local variable is still owned at exit.
//
// Paths are explored as sets of "worlds" (see world.ts). A status variable assigned from an acquiring call splits
// the path in two (success: the object is owned; failure: it is not), and later tests of that status (or of a copy
// of it, or of a flag) keep only the worlds that agree with the branch taken (see conditions.ts). A variable declared
// in an inner block stops existing at the end of that block or at a `break` out of it, so those are exits too.
// Anything the walker cannot model with certainty makes it give up on the function, so the rule stays silent rather
// than guess.
import type { SyntaxNode } from '../../parser/syntax-node';
import { callSiteOf } from '../../model/calls';
import { effectOnVariable } from './call-effects';
import { callKey, ConditionSplitter, type Branches } from './conditions';
import { ExitLedger, type ExitKind, type Leak } from './exits';
import { requireShape, type RequireShape } from './require-macros';
import { declaringBlocks } from './scopes';
import { assigns, constantOutcome, declaredName, isIdentifier, isNullConstant, passesObject, spellsName, textOf, unwrap } from './syntax-shapes';
import { makeWorld, union, withOutcome, withOwn, type Outcome, type World } from './world';

export type { ExitKind, Leak } from './exits';

class GiveUp extends Error {}

const MAX_WORLDS = 64;

/** A loop or switch that `break` (and, for a loop, `continue`) leaves to, and how many declaring blocks were open. */
interface JumpTarget {
  readonly kind: 'loop' | 'switch';
  readonly exits: World[];
  readonly scopeDepth: number;
}

/** Where the +1 object held in local `variable` can leave `body` still owned; none when the walk gives up. */
export function findLeaks(text: string, body: SyntaxNode, variable: string): Leak[] {
  const scopes = declaringBlocks(text, body, variable);
  if (!scopes) return [];
  const walker = new OwnershipWalker(text, variable, scopes);
  try {
    const atEnd = walker.statement(body, [makeWorld('uninit', new Map())]);
    // When the body declares the variable, leaving the body's scope already was the exit at its closing brace.
    if (!scopes.has(body.startIndex)) walker.ledger.exit(atEnd, body, 'end');
    return walker.leaks();
  } catch (error) {
    if (error instanceof GiveUp) return [];
    throw error;
  }
}

class OwnershipWalker {
  private readonly pendingLabels = new Map<string, World[]>();
  private readonly seenLabels = new Set<string>();
  private readonly jumpTargets: JumpTarget[] = [];
  private scopeDepth = 0;
  readonly ledger = new ExitLedger();
  private readonly conditions: ConditionSplitter;

  constructor(
    private readonly text: string,
    private readonly variable: string,
    /** Start offsets of the blocks that declare the variable (see scopes.ts). */
    private readonly scopes: ReadonlySet<number>,
  ) {
    this.conditions = new ConditionSplitter({ text, variable, evaluate: (node, worlds) => this.expression(node, worlds) });
  }

  /** The leaks found, or none when a jump went to a label the walk never reached. */
  leaks(): Leak[] {
    return this.pendingLabels.size > 0 ? [] : this.ledger.leaks();
  }

  statement(node: SyntaxNode, worlds: World[]): World[] {
    if (worlds.length === 0) return worlds;
    if (worlds.length > MAX_WORLDS || node.type === 'ERROR' || node.isMissing) throw new GiveUp();
    switch (node.type) {
      case 'compound_statement':
        return this.block(node, worlds, (inside) => this.sequence(node.namedChildren, inside));
      case 'translation_unit':
        return this.sequence(node.namedChildren, worlds);
      case 'expression_statement':
        return node.namedChildren.reduce((current, child) => this.expression(child, current), worlds);
      case 'declaration':
        return this.declaration(node, worlds);
      case 'if_statement':
        return this.ifStatement(node, worlds);
      case 'while_statement':
      case 'for_statement':
      case 'for_range_loop':
      case 'do_statement':
        return this.loop(node, worlds);
      case 'switch_statement':
        return this.switchStatement(node, worlds);
      case 'return_statement':
        return this.returnStatement(node, worlds);
      case 'goto_statement':
        return this.jump(textOf(this.text, node.childForFieldName('label') ?? node), worlds, node, 'goto');
      case 'labeled_statement':
        return this.labeled(node, worlds);
      case 'break_statement':
      case 'continue_statement':
        return this.breakOut(node, worlds);
      case 'comment':
      case 'type_definition':
      case 'static_assert_declaration':
        return worlds;
      case 'throw_statement':
      case 'try_statement':
      case 'co_return_statement':
        throw new GiveUp();
      default:
        if (node.type.startsWith('preproc_')) return this.preprocessorBlock(node, worlds);
        return this.expression(node, worlds);
    }
  }

  private sequence(statements: readonly SyntaxNode[], worlds: World[]): World[] {
    return statements.reduce((current, s) => this.statement(s, current), worlds);
  }

  /**
   * Walks a block. When it declares the variable, falling off its end is an exit (reported at its closing brace),
   * and afterwards the variable no longer exists.
   */
  private block(node: SyntaxNode, worlds: World[], walkInside: (worlds: World[]) => World[]): World[] {
    if (!this.scopes.has(node.startIndex)) return walkInside(worlds);
    this.scopeDepth++;
    const after = walkInside(worlds);
    this.scopeDepth--;
    return this.leaveScope(after, node, 'end');
  }

  private leaveScope(worlds: World[], node: SyntaxNode, kind: ExitKind): World[] {
    this.ledger.exit(worlds, node, kind);
    return union(worlds.map((w) => makeWorld('uninit', w.outcomes)));
  }

  private declaration(node: SyntaxNode, worlds: World[]): World[] {
    let current = worlds;
    for (const declarator of node.namedChildren) {
      const name = declaredName(this.text, declarator);
      const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
      if (name === this.variable) {
        if (value) current = this.expression(value, current);
        const own = value === null ? 'uninit' : isNullConstant(this.text, value) ? 'null' : 'handed';
        current = current.map((w) => makeWorld(own, w.outcomes));
      } else if (name !== undefined && value) {
        current = this.valueInto(name, value, current, true);
      } else if (spellsName(this.text, declarator, this.variable)) {
        // `OSSharedPtr<T> owner(obj, OSNoRetain);` parses as a function declarator whose "parameter types" include the
        // object: it may be kept there.
        current = this.handOff(current);
      }
    }
    return current;
  }

  /**
   * `name = value` (or `name op= value` when not `plain`) where `name` is not the tracked variable: `name` may become
   * the status of an acquisition, learn a constant or another status, or receive the object itself.
   */
  private valueInto(name: string, value: SyntaxNode, worlds: World[], plain: boolean): World[] {
    const acquiring = plain && this.acquisitionIn(value);
    let current = this.expression(value, worlds, acquiring ? name : undefined);
    if (!acquiring) current = current.map((w) => withOutcome(w, name, plain ? this.outcomeOf(value, w) : undefined));
    return passesObject(this.text, value, this.variable) ? this.handOff(current) : current;
  }

  /** What a status or flag learns from `value`: a constant's zero-ness, or a copy of another status. */
  private outcomeOf(value: SyntaxNode, world: World): Outcome | undefined {
    const inner = unwrap(value);
    return constantOutcome(this.text, inner) ?? (inner.type === 'identifier' ? world.outcomes.get(textOf(this.text, inner)) : undefined);
  }

  private ifStatement(node: SyntaxNode, worlds: World[]): World[] {
    const condition = node.childForFieldName('condition');
    const branches = condition ? this.conditions.split(condition, worlds) : { whenTrue: worlds, whenFalse: worlds };
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    const afterThen = consequence ? this.statement(consequence, branches.whenTrue) : branches.whenTrue;
    const elseBody = alternative?.type === 'else_clause' ? alternative.namedChildren[0] : alternative;
    const afterElse = elseBody ? this.statement(elseBody, branches.whenFalse) : branches.whenFalse;
    return union(afterThen, afterElse);
  }

  /** Loops are walked as running their body zero times or once, which covers acquire-and-release per iteration. */
  private loop(node: SyntaxNode, worlds: World[]): World[] {
    let current = worlds;
    const initializer = node.childForFieldName('initializer');
    if (initializer) current = this.statement(initializer, current);
    const condition = node.childForFieldName('condition');
    const body = node.childForFieldName('body');
    const target = this.pushTarget('loop');
    let result: World[];
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
    return union(result, target.exits);
  }

  private branchOn(condition: SyntaxNode | null, worlds: World[]): Branches {
    return condition ? this.conditions.split(condition, worlds) : { whenTrue: worlds, whenFalse: worlds };
  }

  private switchStatement(node: SyntaxNode, worlds: World[]): World[] {
    const condition = node.childForFieldName('condition');
    const entry = condition ? this.expression(condition, worlds) : worlds;
    const body = node.childForFieldName('body');
    if (!body) return entry;
    const target = this.pushTarget('switch');
    let hasDefault = false;
    const fallOut = this.block(body, [], () => {
      let fallthrough: World[] = [];
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
      return fallthrough;
    });
    this.jumpTargets.pop();
    return union(fallOut, target.exits, hasDefault ? [] : entry);
  }

  private pushTarget(kind: JumpTarget['kind']): JumpTarget {
    const target: JumpTarget = { kind, exits: [], scopeDepth: this.scopeDepth };
    this.jumpTargets.push(target);
    return target;
  }

  /** `break` or `continue`: the worlds go to the enclosing switch or loop, leaving any declaring block on the way. */
  private breakOut(node: SyntaxNode, worlds: World[]): World[] {
    const targets = node.type === 'continue_statement' ? this.jumpTargets.filter((t) => t.kind === 'loop') : this.jumpTargets;
    const target = targets[targets.length - 1];
    if (!target) throw new GiveUp();
    target.exits.push(...(this.scopeDepth > target.scopeDepth ? this.leaveScope(worlds, node, 'break') : worlds));
    return [];
  }

  private returnStatement(node: SyntaxNode, worlds: World[]): World[] {
    const value = node.namedChildren[0];
    let current = value ? this.expression(value, worlds) : worlds;
    if (value && passesObject(this.text, value, this.variable)) current = this.handOff(current);
    this.ledger.exit(current, node, 'return');
    return [];
  }

  private jump(label: string, worlds: World[], via: SyntaxNode, kind: ExitKind): World[] {
    if (this.seenLabels.has(label)) throw new GiveUp(); // A backward jump is a loop the walker does not model.
    this.ledger.record(via, kind, worlds);
    const jumped = worlds.map((w) => makeWorld(w.own, w.outcomes, w.acquiredBy, via));
    this.pendingLabels.set(label, union(this.pendingLabels.get(label) ?? [], jumped));
    return [];
  }

  private labeled(node: SyntaxNode, worlds: World[]): World[] {
    const label = textOf(this.text, node.childForFieldName('label') ?? node);
    const arriving = union(worlds, this.pendingLabels.get(label) ?? []);
    this.pendingLabels.delete(label);
    this.seenLabels.add(label);
    return this.sequence(node.namedChildren.filter((c) => c.type !== 'statement_identifier'), arriving);
  }

  /** Only the first branch of a preprocessor conditional is walked, as if its condition held. */
  private preprocessorBlock(node: SyntaxNode, worlds: World[]): World[] {
    const skipped = new Set(['alternative', 'condition', 'name'].map((field) => node.childForFieldName(field)?.startIndex));
    return this.sequence(node.namedChildren.filter((c) => !skipped.has(c.startIndex)), worlds);
  }

  expression(node: SyntaxNode, worlds: World[], statusKey?: string): World[] {
    if (worlds.length === 0) return worlds;
    switch (node.type) {
      case 'call_expression':
        return this.call(node, worlds, statusKey);
      case 'assignment_expression':
        return this.assignment(node, worlds);
      case 'lambda_expression':
      case 'compound_statement': {
        // A lambda or block (`^{ ... }`) that captures the object may release or keep it later: treat as handed off.
        // Its body is not walked, and it may assign a captured status (`__block kern_return_t ret`) when it runs.
        const forgotten = this.forgetCaptured(node, worlds);
        return passesObject(this.text, node, this.variable) ? this.handOff(forgotten) : forgotten;
      }
      case 'conditional_expression': {
        const branches = this.branchOn(node.childForFieldName('condition'), worlds);
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        return union(
          consequence ? this.expression(consequence, branches.whenTrue) : branches.whenTrue,
          alternative ? this.expression(alternative, branches.whenFalse) : branches.whenFalse,
        );
      }
      case 'update_expression':
      case 'pointer_expression':
        // `count++` and `GetStatus(&status)` change a variable behind the walker's back: forget what it held.
        return this.forgetChanged(node, node.namedChildren.reduce((current, child) => this.expression(child, current), worlds));
      default:
        return node.namedChildren.reduce((current, child) => this.expression(child, current, statusKey), worlds);
    }
  }

  private forgetCaptured(node: SyntaxNode, worlds: World[]): World[] {
    return worlds.map((w) => {
      const captured = [...w.outcomes.keys()].filter((name) => !name.startsWith('@') && assigns(this.text, node, name));
      return captured.reduce((world, name) => withOutcome(world, name, undefined), w);
    });
  }

  private forgetChanged(node: SyntaxNode, worlds: World[]): World[] {
    const operator = textOf(this.text, node.childForFieldName('operator') ?? node);
    const target = unwrap(node.childForFieldName('argument') ?? node);
    if (node.type === 'pointer_expression' && operator !== '&') return worlds;
    if (target.type !== 'identifier' || isIdentifier(this.text, target, this.variable)) return worlds;
    const name = textOf(this.text, target);
    return worlds.map((w) => (w.outcomes.has(name) ? withOutcome(w, name, undefined) : w));
  }

  private call(node: SyntaxNode, worlds: World[], statusKey?: string): World[] {
    const call = callSiteOf(this.text, node);
    if (!call) {
      // A call through an expression (`(*handler)(obj)`) is unknown: passing the object to it hands the object off.
      const current = node.namedChildren.reduce((evaluated, child) => this.expression(child, evaluated), worlds);
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      return args.some((arg) => passesObject(this.text, arg, this.variable)) ? this.handOff(current) : current;
    }
    const shape = requireShape(call.name);
    if (shape && call.args.length >= 2) return this.requireMacro(call.args, shape, worlds, node);
    let current = worlds;
    if (call.receiver) current = this.expression(call.receiver, current);
    for (const arg of call.args) current = this.expression(arg, current);
    const effect = effectOnVariable(this.text, call, this.variable, (i) => passesObject(this.text, call.args[i], this.variable));
    switch (effect) {
      case 'acquire': {
        const key = statusKey ?? callKey(node);
        return current.flatMap((w) => [
          withOutcome(makeWorld('owned', w.outcomes, node, undefined), key, 'ok'),
          withOutcome(w, key, 'fail'),
        ]);
      }
      case 'release-null':
        return current.map((w) => withOwn(w, 'null'));
      case 'release':
        return current.map((w) => withOwn(w, 'released'));
      case 'hand-off':
        return this.handOff(current);
      default:
        return current;
    }
  }

  private requireMacro(args: readonly SyntaxNode[], shape: RequireShape, worlds: World[], node: SyntaxNode): World[] {
    const branches = shape.tests === 'error' ? this.conditions.statusTest(args[0], worlds, 'fail') : this.conditions.split(args[0], worlds);
    const failing = shape.tests === 'error' ? branches.whenTrue : branches.whenFalse;
    const passing = shape.tests === 'error' ? branches.whenFalse : branches.whenTrue;
    const afterAction = shape.hasAction && args[2] ? this.expression(args[2], failing) : failing;
    const statement = node.parent?.type === 'expression_statement' ? node.parent : node;
    this.jump(textOf(this.text, args[1]).trim(), afterAction, statement, 'require');
    return passing;
  }

  private assignment(node: SyntaxNode, worlds: World[]): World[] {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return worlds;
    const plain = textOf(this.text, node.childForFieldName('operator') ?? node) === '=';
    if (isIdentifier(this.text, left, this.variable)) {
      const current = this.expression(right, worlds);
      const nulling = plain && isNullConstant(this.text, right);
      return current.map((w) => withOwn(w, nulling && w.own !== 'owned' ? 'null' : 'handed'));
    }
    if (left.type === 'identifier') return this.valueInto(textOf(this.text, left), right, worlds, plain);
    const current = this.expression(left, this.expression(right, worlds));
    return passesObject(this.text, right, this.variable) ? this.handOff(current) : current;
  }

  private acquisitionIn(value: SyntaxNode): boolean {
    const inner = unwrap(value);
    if (inner.type !== 'call_expression') return false;
    const call = callSiteOf(this.text, inner);
    return call !== undefined && effectOnVariable(this.text, call, this.variable, () => false) === 'acquire';
  }

  private handOff(worlds: World[]): World[] {
    return worlds.map((w) => (w.own === 'owned' || w.own === 'uninit' || w.own === 'released' ? withOwn(w, 'handed') : w));
  }
}
