// Splits path states on a branch condition: a status or flag against zero, a field pointer against null.
import type { SyntaxNode } from '../../parser/syntax-node';
import { constantOutcome, textOf, unwrap } from '../ownership/syntax-shapes';
import { opposite, union, withFact, type Outcome, type PathState } from './path-state';

export interface Branches {
  readonly whenTrue: PathState[];
  readonly whenFalse: PathState[];
}

export interface ConditionContext {
  readonly text: string;
  /** Runs the side effects of an expression (a call, an assignment) and returns the resulting states. */
  readonly evaluate: (node: SyntaxNode, states: PathState[]) => PathState[];
}

/**
 * The key a fact about `node` is stored under: a variable name, or the text of a field chain such as
 * `ivars->timer` (which the walk forgets whenever a call or a store could change it). Undefined for anything else.
 */
export function factKey(text: string, node: SyntaxNode): string | undefined {
  const inner = unwrap(node);
  if (inner.type === 'identifier') return textOf(text, inner);
  if (inner.type === 'field_expression' && isFieldChain(inner)) return textOf(text, inner).replace(/\s+/g, '');
  return undefined;
}

function isFieldChain(node: SyntaxNode): boolean {
  if (node.type === 'identifier' || node.type === 'this') return true;
  if (node.type !== 'field_expression') return false;
  const argument = node.childForFieldName('argument');
  return argument !== null && isFieldChain(argument);
}

export class ConditionSplitter {
  constructor(private readonly context: ConditionContext) {}

  split(node: SyntaxNode, states: PathState[]): Branches {
    const { text } = this.context;
    const inner = unwrap(node);
    if (inner.type === 'binary_expression') return this.binary(inner, states);
    if (inner.type === 'unary_expression' && textOf(text, inner.childForFieldName('operator') ?? inner) === '!') {
      const argument = inner.childForFieldName('argument');
      if (argument) {
        const negated = this.split(argument, states);
        return { whenTrue: negated.whenFalse, whenFalse: negated.whenTrue };
      }
    }
    // Any other value used as a truth value is true when it is non-zero.
    return this.test(inner, states, 'fail');
  }

  private binary(node: SyntaxNode, states: PathState[]): Branches {
    const operator = textOf(this.context.text, node.childForFieldName('operator') ?? node);
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return this.opaque(node, states);
    if (operator === '&&') {
      const a = this.split(left, states);
      const b = this.split(right, a.whenTrue);
      return { whenTrue: b.whenTrue, whenFalse: union(a.whenFalse, b.whenFalse) };
    }
    if (operator === '||') {
      const a = this.split(left, states);
      const b = this.split(right, a.whenFalse);
      return { whenTrue: union(a.whenTrue, b.whenTrue), whenFalse: b.whenFalse };
    }
    if (operator !== '==' && operator !== '!=') return this.opaque(node, states);
    const { text } = this.context;
    const [subject, constant] = constantOutcome(text, right) !== undefined ? [left, right] : [right, left];
    const outcome = constantOutcome(text, constant);
    if (outcome === undefined || constantOutcome(text, subject) !== undefined) return this.opaque(node, states);
    const equal = outcome === 'ok' ? this.test(subject, states, 'ok') : this.equalsError(subject, states);
    return operator === '==' ? equal : { whenTrue: equal.whenFalse, whenFalse: equal.whenTrue };
  }

  /** `subject == kIOReturnNoMemory`: when true the subject is non-zero; when false nothing is learnt. */
  private equalsError(subject: SyntaxNode, states: PathState[]): Branches {
    const { evaluated, key } = this.subjectOf(subject, states);
    if (key === undefined) return { whenTrue: evaluated, whenFalse: evaluated };
    return { whenTrue: assume(evaluated, key, 'fail'), whenFalse: evaluated };
  }

  /** Splits on whether `subject` has `outcome`. */
  private test(subject: SyntaxNode, states: PathState[], outcome: Outcome): Branches {
    const { evaluated, key } = this.subjectOf(subject, states);
    if (key === undefined) return { whenTrue: evaluated, whenFalse: evaluated };
    return { whenTrue: assume(evaluated, key, outcome), whenFalse: assume(evaluated, key, opposite(outcome)) };
  }

  /** Runs `subject` and names what it tests: a variable or field chain, or the target of `(ret = Call())`. */
  private subjectOf(subject: SyntaxNode, states: PathState[]): { evaluated: PathState[]; key?: string } {
    const { text } = this.context;
    const inner = unwrap(subject);
    const key = factKey(text, inner);
    if (key !== undefined) return { evaluated: states, key };
    const evaluated = this.context.evaluate(inner, states);
    if (inner.type === 'assignment_expression' && textOf(text, inner.childForFieldName('operator') ?? inner) === '=') {
      const target = inner.childForFieldName('left');
      if (target) return { evaluated, key: factKey(text, target) };
    }
    return { evaluated };
  }

  private opaque(node: SyntaxNode, states: PathState[]): Branches {
    const evaluated = this.context.evaluate(node, states);
    return { whenTrue: evaluated, whenFalse: evaluated };
  }
}

/** Keeps the states where `key` may hold `outcome`, and records that it does. */
function assume(states: readonly PathState[], key: string, outcome: Outcome): PathState[] {
  return states.filter((s) => s.facts.get(key) !== opposite(outcome)).map((s) => withFact(s, key, outcome));
}
