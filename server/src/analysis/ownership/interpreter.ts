// Walks a function body path by path and reports where a +1 object held in one local variable is still owned at exit.
//
// Paths are explored as sets of "worlds" (see world.ts). A status variable assigned from an acquiring call splits
// the path in two (success: the object is owned; failure: it is not), and later tests of that status keep only the
// worlds that agree with the branch taken. Anything the walker cannot model with certainty makes it give up on the
// function, so the rule stays silent rather than guess.
import type { SyntaxNode } from '../../parser/syntax-node';
import { readCall } from '../../rules/support/calls';
import { effectOnVariable } from './call-effects';
import { requireShape } from './require-macros';
import { denotes, isIdentifier, isNullConstant, isSuccessConstant, mentions, textOf, unwrap } from './syntax-shapes';
import { union, withOutcome, withOwn, type Outcome, type World } from './world';

export type ExitKind = 'return' | 'goto' | 'require' | 'end';

/** A place where the object can leave the function still owned. */
export interface Leak {
  readonly node: SyntaxNode;
  readonly kind: ExitKind;
  readonly acquiredBy: SyntaxNode;
  /** True when every path through `node` holds the object or nothing, so releasing just before it is safe. */
  readonly releaseBeforeIsSafe: boolean;
}

class GiveUp extends Error {}

const MAX_WORLDS = 64;

interface Branches {
  readonly whenTrue: World[];
  readonly whenFalse: World[];
}

export function findLeaks(text: string, body: SyntaxNode, variable: string): Leak[] {
  const walker = new OwnershipWalker(text, variable);
  try {
    const atEnd = walker.statement(body, [{ own: 'uninit', outcomes: new Map() }]);
    walker.exit(atEnd, body, 'end');
    return walker.leaks();
  } catch (error) {
    if (error instanceof GiveUp) { if (process.env.DK201_DEBUG) console.error(`gave up on ${variable}: ${error.stack?.split("\n")[2]}`); return []; }
    throw error;
  }
}

class OwnershipWalker {
  private readonly pendingLabels = new Map<string, World[]>();
  private readonly seenLabels = new Set<string>();
  private readonly loopExits: World[][] = [];
  private readonly worldsAtExit = new Map<SyntaxNode, World[]>();
  private readonly leaking = new Map<number, { node: SyntaxNode; kind: ExitKind; acquiredBy: SyntaxNode }>();
  private readonly exitKinds = new Map<SyntaxNode, ExitKind>();

  constructor(
    private readonly text: string,
    private readonly variable: string,
  ) {}

  leaks(): Leak[] {
    if (this.pendingLabels.size > 0) return [];
    return [...this.leaking.values()].map((leak) => ({
      ...leak,
      releaseBeforeIsSafe: (this.worldsAtExit.get(leak.node) ?? []).every((w) => w.own === 'owned' || w.own === 'null'),
    }));
  }

  exit(worlds: readonly World[], node: SyntaxNode, kind: ExitKind): void {
    this.record(node, kind, worlds);
    for (const world of worlds) {
      if (world.own !== 'owned' || !world.acquiredBy) continue;
      const reportAt = world.via ?? node;
      const reportKind = world.via ? (this.exitKinds.get(world.via) ?? kind) : kind;
      this.leaking.set(reportAt.startIndex, { node: reportAt, kind: reportKind, acquiredBy: world.acquiredBy });
    }
  }

  statement(node: SyntaxNode, worlds: World[]): World[] {
    if (worlds.length === 0) return worlds;
    if (worlds.length > MAX_WORLDS || node.type === 'ERROR' || node.isMissing) throw new GiveUp();
    switch (node.type) {
      case 'compound_statement':
      case 'translation_unit':
        return node.namedChildren.reduce((current, child) => this.statement(child, current), worlds);
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
        if (this.loopExits.length === 0) throw new GiveUp();
        this.loopExits[this.loopExits.length - 1].push(...worlds);
        return [];
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

  private record(node: SyntaxNode, kind: ExitKind, worlds: readonly World[]): void {
    this.worldsAtExit.set(node, union(this.worldsAtExit.get(node) ?? [], worlds));
    this.exitKinds.set(node, kind);
  }

  private declaration(node: SyntaxNode, worlds: World[]): World[] {
    let current = worlds;
    for (const declarator of node.namedChildren) {
      const name = declaredName(this.text, declarator);
      if (name === undefined) continue;
      const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
      if (name === this.variable) {
        if (value) current = this.expression(value, current);
        const own = value === null ? 'uninit' : isNullConstant(this.text, value) ? 'null' : 'handed';
        current = current.map((w) => withOwn(w, own));
      } else if (value) {
        current = this.valueInto(name, value, current);
      }
    }
    return current;
  }

  /** `name = value` where `name` is not the tracked variable: `name` may become the status of an acquisition. */
  private valueInto(name: string, value: SyntaxNode, worlds: World[]): World[] {
    const acquiring = this.acquisitionIn(value);
    let current = acquiring ? worlds : worlds.map((w) => withOutcome(w, name, undefined));
    current = this.expression(value, current, acquiring ? name : undefined);
    if (denotes(this.text, value, this.variable)) current = this.handOff(current);
    return current;
  }

  private ifStatement(node: SyntaxNode, worlds: World[]): World[] {
    const condition = node.childForFieldName('condition');
    const branches = condition ? this.condition(condition, worlds) : { whenTrue: worlds, whenFalse: worlds };
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
    this.loopExits.push([]);
    let result: World[];
    if (node.type === 'do_statement') {
      const afterBody = body ? this.statement(body, current) : current;
      const branches = condition ? this.condition(condition, afterBody) : { whenTrue: afterBody, whenFalse: afterBody };
      result = union(branches.whenFalse, branches.whenTrue);
    } else {
      const branches = condition ? this.condition(condition, current) : { whenTrue: current, whenFalse: current };
      let afterBody = body ? this.statement(body, branches.whenTrue) : branches.whenTrue;
      const update = node.childForFieldName('update');
      if (update) afterBody = this.expression(update, afterBody);
      result = union(branches.whenFalse, afterBody, node.type === 'for_range_loop' ? current : []);
    }
    return union(result, this.loopExits.pop() ?? []);
  }

  private switchStatement(node: SyntaxNode, worlds: World[]): World[] {
    const condition = node.childForFieldName('condition');
    const entry = condition ? this.expression(condition, worlds) : worlds;
    const body = node.childForFieldName('body');
    this.loopExits.push([]);
    let fallthrough: World[] = [];
    let hasDefault = false;
    for (const item of body?.namedChildren ?? []) {
      if (item.type !== 'case_statement') {
        fallthrough = this.statement(item, fallthrough);
        continue;
      }
      if (!item.childForFieldName('value')) hasDefault = true;
      const statements = item.namedChildren.filter((c) => c !== item.childForFieldName('value'));
      fallthrough = statements.reduce((current, s) => this.statement(s, current), union(entry, fallthrough));
    }
    return union(fallthrough, this.loopExits.pop() ?? [], hasDefault ? [] : entry);
  }

  private returnStatement(node: SyntaxNode, worlds: World[]): World[] {
    const value = node.namedChildren[0];
    let current = value ? this.expression(value, worlds) : worlds;
    if (value && denotes(this.text, value, this.variable)) current = this.handOff(current);
    this.exit(current, node, 'return');
    return [];
  }

  private jump(label: string, worlds: World[], via: SyntaxNode, kind: ExitKind): World[] {
    if (this.seenLabels.has(label)) throw new GiveUp(); // A backward jump is a loop the walker does not model.
    this.record(via, kind, worlds);
    const jumped = worlds.map((w) => ({ ...w, via }));
    this.pendingLabels.set(label, union(this.pendingLabels.get(label) ?? [], jumped));
    return [];
  }

  private labeled(node: SyntaxNode, worlds: World[]): World[] {
    const label = textOf(this.text, node.childForFieldName('label') ?? node);
    const arriving = union(worlds, this.pendingLabels.get(label) ?? []);
    this.pendingLabels.delete(label);
    this.seenLabels.add(label);
    const inner = node.namedChildren.filter((c) => c.type !== 'statement_identifier');
    return inner.reduce((current, s) => this.statement(s, current), arriving);
  }

  /** Only the first branch of a preprocessor conditional is walked, as if its condition held. */
  private preprocessorBlock(node: SyntaxNode, worlds: World[]): World[] {
    const alternative = node.childForFieldName('alternative');
    const children = node.namedChildren.filter((c) => c !== alternative && c !== node.childForFieldName('condition') && c !== node.childForFieldName('name'));
    return children.reduce((current, s) => this.statement(s, current), worlds);
  }

  expression(node: SyntaxNode, worlds: World[], statusKey?: string): World[] {
    if (worlds.length === 0) return worlds;
    switch (node.type) {
      case 'call_expression':
        return this.call(node, worlds, statusKey);
      case 'assignment_expression':
        return this.assignment(node, worlds);
      case 'lambda_expression':
      case 'compound_statement':
        // A lambda or block (`^{ ... }`) that captures the object may release or keep it later: treat as handed off.
        return mentions(this.text, node, this.variable) ? this.handOff(worlds) : worlds;
      case 'conditional_expression': {
        const condition = node.childForFieldName('condition');
        const branches = condition ? this.condition(condition, worlds) : { whenTrue: worlds, whenFalse: worlds };
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        return union(
          consequence ? this.expression(consequence, branches.whenTrue) : branches.whenTrue,
          alternative ? this.expression(alternative, branches.whenFalse) : branches.whenFalse,
        );
      }
      default:
        return node.namedChildren.reduce((current, child) => this.expression(child, current, statusKey), worlds);
    }
  }

  private call(node: SyntaxNode, worlds: World[], statusKey?: string): World[] {
    const call = readCall(this.text, node);
    if (!call) return node.namedChildren.reduce((current, child) => this.expression(child, current), worlds);
    const shape = requireShape(call.name);
    if (shape && call.args.length >= 2) return this.requireMacro(call.args, shape, worlds, node);
    let current = worlds;
    if (call.receiver) current = this.expression(call.receiver, current);
    for (const arg of call.args) current = this.expression(arg, current);
    const effect = effectOnVariable(this.text, call, this.variable, (i) => mentions(this.text, call.args[i], this.variable));
    switch (effect) {
      case 'acquire': {
        const key = statusKey ?? callKey(node);
        return current.flatMap((w) => [
          withOutcome({ ...w, own: 'owned', acquiredBy: node, via: undefined }, key, 'ok'),
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

  private requireMacro(args: readonly SyntaxNode[], shape: { tests: 'error' | 'assertion'; hasAction: boolean }, worlds: World[], node: SyntaxNode): World[] {
    const branches = shape.tests === 'error' ? this.statusTest(args[0], worlds, 'fail') : this.condition(args[0], worlds);
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
    if (isIdentifier(this.text, left, this.variable)) {
      const current = this.expression(right, worlds);
      const nulling = isNullConstant(this.text, right);
      return current.map((w) => withOwn(w, nulling && w.own !== 'owned' ? 'null' : 'handed'));
    }
    if (left.type === 'identifier') return this.valueInto(textOf(this.text, left), right, worlds);
    const current = this.expression(left, this.expression(right, worlds));
    return denotes(this.text, right, this.variable) ? this.handOff(current) : current;
  }

  condition(node: SyntaxNode, worlds: World[]): Branches {
    const inner = unwrap(node);
    if (inner.type === 'binary_expression') {
      const operator = textOf(this.text, inner.childForFieldName('operator') ?? inner);
      const left = inner.childForFieldName('left');
      const right = inner.childForFieldName('right');
      if (left && right) {
        if (operator === '&&') {
          const a = this.condition(left, worlds);
          const b = this.condition(right, a.whenTrue);
          return { whenTrue: b.whenTrue, whenFalse: union(a.whenFalse, b.whenFalse) };
        }
        if (operator === '||') {
          const a = this.condition(left, worlds);
          const b = this.condition(right, a.whenFalse);
          return { whenTrue: union(a.whenTrue, b.whenTrue), whenFalse: b.whenFalse };
        }
        if (operator === '==' || operator === '!=') {
          const compared = this.comparison(left, right, worlds) ?? this.comparison(right, left, worlds);
          if (compared) return operator === '==' ? compared : { whenTrue: compared.whenFalse, whenFalse: compared.whenTrue };
        }
      }
    }
    if (inner.type === 'unary_expression' && textOf(this.text, inner.childForFieldName('operator') ?? inner) === '!') {
      const argument = inner.childForFieldName('argument');
      if (argument) {
        const negated = this.condition(argument, worlds);
        return { whenTrue: negated.whenFalse, whenFalse: negated.whenTrue };
      }
    }
    if (isIdentifier(this.text, inner, this.variable)) {
      return { whenTrue: worlds.filter((w) => w.own !== 'null'), whenFalse: worlds.filter((w) => w.own !== 'owned' && w.own !== 'handed') };
    }
    // A status used as a truth value is true when it holds an error.
    return this.statusTest(inner, worlds, 'fail');
  }

  /** `subject == other`: a test of the tracked pointer against null, or of a status against success. */
  private comparison(subject: SyntaxNode, other: SyntaxNode, worlds: World[]): Branches | undefined {
    if (isIdentifier(this.text, unwrap(subject), this.variable) && isNullConstant(this.text, other)) {
      return { whenTrue: worlds.filter((w) => w.own !== 'owned' && w.own !== 'handed'), whenFalse: worlds.filter((w) => w.own !== 'null') };
    }
    if (isSuccessConstant(this.text, other) && !isSuccessConstant(this.text, subject)) return this.statusTest(subject, worlds, 'ok');
    return undefined;
  }

  /** Splits worlds on whether `status` has `outcome`; side effects in `status` (an acquiring call) happen first. */
  private statusTest(status: SyntaxNode, worlds: World[], outcome: Outcome): Branches {
    const inner = unwrap(status);
    let key: string | undefined;
    let current = worlds;
    if (inner.type === 'identifier') key = textOf(this.text, inner);
    else if (inner.type === 'assignment_expression' && inner.childForFieldName('left')?.type === 'identifier') {
      current = this.assignment(inner, worlds);
      key = textOf(this.text, inner.childForFieldName('left') as SyntaxNode);
    } else if (inner.type === 'call_expression') {
      current = this.call(inner, worlds);
      key = callKey(inner);
    } else {
      current = this.expression(inner, worlds);
    }
    if (key === undefined) return { whenTrue: current, whenFalse: current };
    const statusKey = key;
    const opposite: Outcome = outcome === 'ok' ? 'fail' : 'ok';
    return {
      whenTrue: current.filter((w) => w.outcomes.get(statusKey) !== opposite),
      whenFalse: current.filter((w) => w.outcomes.get(statusKey) !== outcome),
    };
  }

  private acquisitionIn(value: SyntaxNode): boolean {
    const inner = unwrap(value);
    if (inner.type !== 'call_expression') return false;
    const call = readCall(this.text, inner);
    return call !== undefined && effectOnVariable(this.text, call, this.variable, () => false) === 'acquire';
  }

  private handOff(worlds: World[]): World[] {
    return worlds.map((w) => (w.own === 'owned' || w.own === 'uninit' || w.own === 'released' ? withOwn(w, 'handed') : w));
  }
}

function callKey(node: SyntaxNode): string {
  return `@call${node.startIndex}`;
}

function declaredName(text: string, declarator: SyntaxNode): string | undefined {
  let node: SyntaxNode | null = declarator;
  while (node) {
    if (node.type === 'identifier') return textOf(text, node);
    if (!['init_declarator', 'pointer_declarator', 'reference_declarator', 'array_declarator'].includes(node.type)) return undefined;
    node = node.childForFieldName('declarator');
  }
  return undefined;
}
