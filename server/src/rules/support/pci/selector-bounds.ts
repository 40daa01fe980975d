// Finds `table[selector]` in an IOUserClient's ExternalMethod that no bounds check on the selector guards.
import { findCalls, slice } from '../../../model/calls';
import type { FileModel, FunctionDef } from '../../../model/file-model';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { unwrapExpression } from '../dispatch/syntax';

/** An array declared in the file: `static const IOUserClientMethodDispatch sMethods[kCount] = { … };`. */
export interface DeclaredArray {
  readonly name: string;
  /** The declared element type as written (`IOUserClientMethodDispatch`). */
  readonly elementType: string;
  /** The size between the brackets, when written. */
  readonly size?: SyntaxNode;
  /** The `{ … }` initializer, when present. */
  readonly initializer?: SyntaxNode;
}

export interface UncheckedSubscript {
  readonly node: SyntaxNode;
  readonly table: DeclaredArray;
}

const RELATIONAL = new Set(['<', '<=', '>', '>=']);
const LOG_CALLS = new Set(['os_log', 'os_log_info', 'os_log_debug', 'os_log_error', 'os_log_fault', 'IOLog', 'printf']);

/** Arrays declared once in the file, at file scope or in a function, keyed by name. */
export function declaredArrays(file: FileModel): Map<string, DeclaredArray> {
  const arrays = new Map<string, DeclaredArray>();
  const seen = new Set<string>();
  if (!file.tree) return arrays;
  for (const declarator of nodesOfType(file.tree.rootNode, 'array_declarator')) {
    const nameNode = declarator.childForFieldName('declarator');
    const holder = declarator.parent?.type === 'init_declarator' ? declarator.parent : declarator;
    const declaration = holder.parent;
    const type = declaration?.childForFieldName('type');
    if (nameNode?.type !== 'identifier' || !type || declaration?.type !== 'declaration') continue;
    const name = slice(file.text, nameNode);
    if (seen.has(name)) {
      arrays.delete(name);
      continue;
    }
    seen.add(name);
    const value = holder === declarator ? undefined : holder.childForFieldName('value');
    arrays.set(name, {
      name,
      elementType: slice(file.text, type).trim(),
      size: declarator.childForFieldName('size') ?? undefined,
      initializer: value?.type === 'initializer_list' ? value : undefined,
    });
  }
  return arrays;
}

/** `table[selector]` subscripts of declared arrays in `fn`, when nothing in `fn` checks or changes the selector. */
export function uncheckedSubscripts(file: FileModel, fn: FunctionDef, spec: { selector: string; arrays: ReadonlyMap<string, DeclaredArray> }): UncheckedSubscript[] {
  const { selector, arrays } = spec;
  const text = file.text;
  const found: UncheckedSubscript[] = [];
  for (const subscript of nodesOfType(fn.body, 'subscript_expression')) {
    const array = subscript.childForFieldName('argument') ?? subscript.namedChildren[0];
    const indices = subscript.namedChildren[1];
    const index = indices?.namedChildren[0];
    if (array?.type !== 'identifier' || !index || indices.namedChildCount !== 1 || !isSelector(text, index, selector)) continue;
    const table = arrays.get(slice(text, array));
    if (table) found.push({ node: subscript, table });
  }
  if (found.length === 0 || selectorIsChecked(text, fn, { selector, before: found[0].node })) return [];
  return found;
}

/**
 * True when `fn` compares the selector with `<`, `<=`, `>`, `>=` anywhere, switches on it, assigns it, or hands it
 * to a call (other than a log, and other than the call the subscript is an argument of) before the subscript.
 */
function selectorIsChecked(text: string, fn: FunctionDef, spec: { selector: string; before: SyntaxNode }): boolean {
  const { selector, before } = spec;
  for (const binary of nodesOfType(fn.body, 'binary_expression')) {
    const operator = binary.childForFieldName('operator');
    const left = binary.childForFieldName('left');
    const right = binary.childForFieldName('right');
    if (!operator || !left || !right || !RELATIONAL.has(slice(text, operator))) continue;
    if (isSelector(text, left, selector) || isSelector(text, right, selector)) return true;
  }
  for (const statement of nodesOfType(fn.body, 'switch_statement')) {
    const condition = statement.childForFieldName('condition');
    if (condition && nodesOfType(condition, 'identifier').some((id) => slice(text, id) === selector)) return true;
  }
  for (const assignment of [...nodesOfType(fn.body, 'assignment_expression'), ...nodesOfType(fn.body, 'update_expression')]) {
    const target = assignment.childForFieldName('left') ?? assignment.childForFieldName('argument');
    if (target && isSelector(text, target, selector)) return true;
  }
  return findCalls(text, fn.body).some(
    (call) => call.node.endIndex <= before.startIndex && !LOG_CALLS.has(call.name) && call.args.some((arg) => isSelector(text, arg, selector)),
  );
}

function isSelector(text: string, node: SyntaxNode, selector: string): boolean {
  const inner = unwrapExpression(node);
  return inner.type === 'identifier' && slice(text, inner) === selector;
}
