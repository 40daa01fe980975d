// Finds a call made in straight-line code right after an asynchronous `x->Cancel(^{ ... })` whose completion has not
// run yet (in Stop: calling super Stop while callbacks may still arrive).
import { readCall, type CallSite } from '../../model/calls';
import { walk } from '../../model/syntax-helpers';
import type { SyntaxNode } from '../../parser/syntax-node';
import { isNullConstant, unwrap } from '../ownership/syntax-shapes';

export interface CallBeforeCompletion {
  /** The call made too early. */
  readonly call: CallSite;
  /** The `Cancel(...)` whose completion it does not wait for. */
  readonly cancel: CallSite;
}

/** Calls after which a completion may well have run: waiting on the queue or an action. */
const WAITING_CALLS = new Set(['Wait', 'Sleep', 'SleepWithDeadline', 'SleepWithTimeout', 'DispatchSync', 'DispatchSync_f']);

const LEAVING = new Set(['return_statement', 'goto_statement', 'break_statement', 'continue_statement', 'throw_statement']);
const LOOPS = new Set(['while_statement', 'for_statement', 'for_range_loop', 'do_statement']);

/**
 * In every block under `body` (completion blocks included), the statements that make a `target` call directly after
 * an earlier statement of the same block issued `x->Cancel(handler)` with a non-null handler, with no loop or wait in
 * between. A Cancel inside an `if` without `else` counts when that branch cannot leave the block.
 */
export function findCallsBeforeCancelCompletes(query: { readonly text: string; readonly body: SyntaxNode; readonly target: (call: CallSite) => boolean }): CallBeforeCompletion[] {
  const { text, body, target } = query;
  const found: CallBeforeCompletion[] = [];
  walk(body, (node) => {
    if (node.type !== 'compound_statement') return;
    let pending: CallSite | undefined;
    for (const statement of node.namedChildren) {
      if (pending && (LOOPS.has(statement.type) || waits(text, statement))) pending = undefined;
      const direct = pending ? directCall(text, statement, target) : undefined;
      if (pending && direct) found.push({ call: direct, cancel: pending });
      pending = cancelIn(text, statement) ?? pending;
      if (LEAVING.has(statement.type)) break;
    }
  });
  return found;
}

/** The call a statement makes as a whole: `f(...);`, `ret = f(...);`, `T x = f(...);` or `return f(...);`. */
function directCall(text: string, statement: SyntaxNode, target: (call: CallSite) => boolean): CallSite | undefined {
  let expression: SyntaxNode | null | undefined;
  if (statement.type === 'expression_statement' || statement.type === 'return_statement') expression = statement.namedChildren[0];
  else if (statement.type === 'declaration') expression = statement.namedChildren.find((d) => d.type === 'init_declarator')?.childForFieldName('value');
  if (!expression) return undefined;
  let inner = unwrap(expression);
  if (inner.type === 'assignment_expression') inner = unwrap(inner.childForFieldName('right') ?? inner);
  const call = readCall(text, inner);
  return call && target(call) ? call : undefined;
}

/** `x->Cancel(handler)` made by the statement itself, or by an `if` branch that always falls through. */
function cancelIn(text: string, statement: SyntaxNode): CallSite | undefined {
  const direct = directCall(text, statement, (call) => isAsyncCancel(text, call));
  if (direct || statement.type !== 'if_statement' || statement.childForFieldName('alternative')) return direct;
  const consequence = statement.childForFieldName('consequence');
  if (!consequence || leaves(consequence)) return undefined;
  const statements = consequence.type === 'compound_statement' ? consequence.namedChildren : [consequence];
  for (const inner of statements) {
    const cancel = directCall(text, inner, (call) => isAsyncCancel(text, call));
    if (cancel) return cancel;
  }
  return undefined;
}

function isAsyncCancel(text: string, call: CallSite): boolean {
  return call.name === 'Cancel' && call.receiver !== undefined && call.args.length === 1 && !isNullConstant(text, call.args[0]);
}

/** True when a return, goto, break, continue or throw sits under `node` outside any block literal or lambda. */
function leaves(node: SyntaxNode): boolean {
  let found = false;
  walk(
    node,
    (n) => {
      if (LEAVING.has(n.type)) found = true;
    },
    (n) => found || isDeferredBody(n),
  );
  return found;
}

function waits(text: string, statement: SyntaxNode): boolean {
  let found = false;
  walk(
    statement,
    (n) => {
      const call = readCall(text, n);
      if (call && WAITING_CALLS.has(call.name)) found = true;
    },
    (n) => found || isDeferredBody(n),
  );
  return found;
}

/** A lambda, or a Clang block (a brace block inside an argument list or initializer). */
function isDeferredBody(node: SyntaxNode): boolean {
  if (node.type === 'lambda_expression') return true;
  return node.type === 'compound_statement' && node.parent !== null && !['compound_statement', 'function_definition', 'if_statement', 'else_clause', 'while_statement', 'for_statement', 'for_range_loop', 'do_statement', 'case_statement', 'labeled_statement', 'switch_statement'].includes(node.parent.type);
}
