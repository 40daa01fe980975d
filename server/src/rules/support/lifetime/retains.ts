// Reference-taking helpers for the rules that hand out or keep objects: which expressions a function retains, and
// the fix that inserts the missing retain() before a statement.
import { readCall } from '../../../model/calls';
import type { ScopedFile } from '../../rule';
import type { SyntaxNode } from '../../../parser/syntax-node';
import type { Fix } from '../../rule';
import { canonical, collect, identifiersNamed, operatorOf, sameNode } from './node-shapes';
import { provenNonNull } from './null-guards';
import { indentUnit, insertBefore } from './statement-edits';

/** The canonical receivers of every `x->retain()` call in the body (lambdas and blocks included). */
export function retainedExpressions(text: string, body: SyntaxNode): Set<string> {
  const found = new Set<string>();
  const visit = (node: SyntaxNode): void => {
    const call = readCall(text, node);
    if (call?.name === 'retain' && call.args.length === 0 && call.receiver) found.add(canonical(text, call.receiver));
    for (const child of node.namedChildren) visit(child);
  };
  visit(body);
  return found;
}

/**
 * The expression a local stands for when its only value is one expression (`OSAction * c = arguments->completion;`):
 * declared once with that initialiser and never assigned again, nor passed by address.
 */
export function singleValueOf(text: string, body: SyntaxNode, name: string): SyntaxNode | undefined {
  let value: SyntaxNode | undefined;
  for (const use of identifiersNamed(text, body, name)) {
    const parent = use.parent;
    const declarator = parent?.type === 'pointer_declarator' ? parent.parent : parent;
    if (declarator?.type === 'init_declarator' && sameNode(declarator.childForFieldName('declarator'), parent?.type === 'pointer_declarator' ? parent : use)) {
      if (value) return undefined;
      value = declarator.childForFieldName('value') ?? undefined;
    } else if (parent?.type === 'assignment_expression' && sameNode(parent.childForFieldName('left'), use)) {
      return undefined;
    } else if (parent?.type === 'pointer_expression' && operatorOf(text, parent) === '&') {
      return undefined;
    }
  }
  return value;
}

/** Assignments whose left side is `target` (canonical text), in source order. */
export function assignmentsTo(text: string, body: SyntaxNode, target: string): SyntaxNode[] {
  return collect(body, (n) => n.type === 'assignment_expression' && canonical(text, n.childForFieldName('left') ?? n) === target);
}

/**
 * Inserts `object->retain();` before `statement`. When the code has not already shown that `object` is non-NULL at
 * that point, the retain is guarded, because calling retain() through NULL crashes where storing NULL did not.
 */
export function retainBeforeFix(file: ScopedFile, flow: { statement: SyntaxNode; object: SyntaxNode; body: SyntaxNode }): Fix[] {
  const text = file.text;
  const { statement, object, body } = flow;
  const name = text.slice(object.startIndex, object.endIndex);
  const block = statement.parent;
  if (!block) return [];
  const lines = provenNonNull({ text, target: canonical(text, object), body }, statement)
    ? [`${name}->retain();`]
    : [`if (${name} != nullptr) {`, `${indentUnit(text, block)}${name}->retain();`, '}'];
  const insertion = insertBefore(text, statement, lines);
  return insertion ? [{ title: `Retain '${name}' before storing it`, isPreferred: true, edits: [{ uri: file.uri, ...insertion }] }] : [];
}
