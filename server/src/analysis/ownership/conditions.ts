// Splits path worlds on a branch condition: the tracked pointer against null, and statuses or flags against zero.
import type { SyntaxNode } from '../../parser/syntax-node';
import { constantOutcome, isIdentifier, isNullConstant, textOf, unwrap } from './syntax-shapes';
import { union, withOutcome, type Outcome, type World } from './world';

export interface Branches {
  readonly whenTrue: World[];
  readonly whenFalse: World[];
}

export interface ConditionContext {
  readonly text: string;
  readonly variable: string;
  /** Runs the side effects of an expression (an acquiring call or an assignment inside a condition). */
  readonly evaluate: (node: SyntaxNode, worlds: World[]) => World[];
}

/** The status key of a call whose result is tested without being stored: `if (X::Create(..., &obj) != kIOReturnSuccess)`. */
export function callKey(node: SyntaxNode): string {
  return `@call${node.startIndex}`;
}

const opposite = (outcome: Outcome): Outcome => (outcome === 'ok' ? 'fail' : 'ok');

export class ConditionSplitter {
  constructor(private readonly context: ConditionContext) {}

  split(node: SyntaxNode, worlds: World[]): Branches {
    const { text, variable } = this.context;
    const inner = unwrap(node);
    if (inner.type === 'binary_expression') {
      const split = this.binary(inner, worlds);
      if (split) return split;
    }
    if (inner.type === 'unary_expression' && textOf(text, inner.childForFieldName('operator') ?? inner) === '!') {
      const argument = inner.childForFieldName('argument');
      if (argument) {
        const negated = this.split(argument, worlds);
        return { whenTrue: negated.whenFalse, whenFalse: negated.whenTrue };
      }
    }
    if (isIdentifier(text, inner, variable)) return this.nullTest(worlds, false);
    // Any other value used as a truth value is true when it is non-zero: an error status, a set flag.
    return this.statusTest(inner, worlds, 'fail');
  }

  /** Splits worlds on whether `status` has `outcome`; side effects in `status` (an acquiring call) happen first. */
  statusTest(status: SyntaxNode, worlds: World[], outcome: Outcome): Branches {
    const { evaluated, key, learns } = this.evaluateStatus(status, worlds);
    if (key === undefined) return { whenTrue: evaluated, whenFalse: evaluated };
    return { whenTrue: assume(evaluated, key, outcome, learns), whenFalse: assume(evaluated, key, opposite(outcome), learns) };
  }

  private binary(node: SyntaxNode, worlds: World[]): Branches | undefined {
    const operator = textOf(this.context.text, node.childForFieldName('operator') ?? node);
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return undefined;
    if (operator === '&&') {
      const a = this.split(left, worlds);
      const b = this.split(right, a.whenTrue);
      return { whenTrue: b.whenTrue, whenFalse: union(a.whenFalse, b.whenFalse) };
    }
    if (operator === '||') {
      const a = this.split(left, worlds);
      const b = this.split(right, a.whenFalse);
      return { whenTrue: union(a.whenTrue, b.whenTrue), whenFalse: b.whenFalse };
    }
    if (operator !== '==' && operator !== '!=') return undefined;
    const equal = this.comparison(left, right, worlds) ?? this.comparison(right, left, worlds);
    if (!equal) return undefined;
    return operator === '==' ? equal : { whenTrue: equal.whenFalse, whenFalse: equal.whenTrue };
  }

  /** `subject == other`: the tracked pointer against null, or a status against success or a named error code. */
  private comparison(subject: SyntaxNode, other: SyntaxNode, worlds: World[]): Branches | undefined {
    const { text, variable } = this.context;
    if (isIdentifier(text, unwrap(subject), variable) && isNullConstant(text, other)) return this.nullTest(worlds, true);
    const constant = constantOutcome(text, other);
    if (constant === undefined || constantOutcome(text, subject) !== undefined) return undefined;
    if (constant === 'ok') return this.statusTest(subject, worlds, 'ok');
    // Equal to a given error code means the status is non-zero; unequal to it says nothing.
    const { evaluated, key, learns } = this.evaluateStatus(subject, worlds);
    if (key === undefined) return { whenTrue: evaluated, whenFalse: evaluated };
    return { whenTrue: assume(evaluated, key, 'fail', learns), whenFalse: evaluated };
  }

  /** `obj == nullptr` (or `!obj` when `isNullWhenTrue`): an owned or handed-off object is never null here. */
  private nullTest(worlds: World[], isNullWhenTrue: boolean): Branches {
    const isNull = worlds.filter((w) => w.own !== 'owned' && w.own !== 'handed');
    const notNull = worlds.filter((w) => w.own !== 'null');
    return isNullWhenTrue ? { whenTrue: isNull, whenFalse: notNull } : { whenTrue: notNull, whenFalse: isNull };
  }

  /**
   * Runs `status` and names what it tests: a variable (which keeps its value until assigned, so a branch can teach
   * it), an assignment's target, or a call whose result is not kept.
   */
  private evaluateStatus(status: SyntaxNode, worlds: World[]): { evaluated: World[]; key?: string; learns: boolean } {
    const { text } = this.context;
    const inner = unwrap(status);
    const evaluated = inner.type === 'identifier' ? worlds : this.context.evaluate(inner, worlds);
    if (inner.type === 'identifier') return { evaluated, key: textOf(text, inner), learns: true };
    const target = inner.type === 'assignment_expression' ? inner.childForFieldName('left') : null;
    if (target?.type === 'identifier' && textOf(text, inner.childForFieldName('operator') ?? inner) === '=') {
      return { evaluated, key: textOf(text, target), learns: true };
    }
    if (inner.type === 'call_expression') return { evaluated, key: callKey(inner), learns: false };
    return { evaluated, learns: false };
  }
}

/**
 * Keeps the worlds where `key` may hold `outcome`. A variable tested once keeps its value until assigned, so worlds
 * that did not know its outcome learn it (`if (ret != kIOReturnSuccess) goto Exit;` then `Exit: if (ret) ...`).
 */
function assume(worlds: readonly World[], key: string, outcome: Outcome, learns: boolean): World[] {
  const possible = worlds.filter((w) => w.outcomes.get(key) !== opposite(outcome));
  return learns ? possible.map((w) => (w.outcomes.has(key) ? w : withOutcome(w, key, outcome))) : possible;
}
