// DK203: a free() override must end by calling super::free(), which is what deallocates the object.
import { readCall, type CallSite } from '../model/calls';
import type { FunctionDef } from '../model/file-model';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineFunctionRule, type Finding, type Fix, type RuleContext, type ScopedFile } from './rule';
import { collect, isDeferredBody, sameNode } from './support/lifetime/node-shapes';
import { callsUnknownMacro, isOverrideOf, superCalls } from './support/lifetime/overrides';
import { appendToBlock } from './support/lifetime/statement-edits';

export const freeMissingSuper = defineFunctionRule(
  {
    code: 'DK203',
    name: 'free-missing-super',
    summary: 'A `free()` override must call `super::free()` as its last statement: the base class does the deallocation, so without it the object leaks, and code after it touches freed memory.',
    category: 'lifetime',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (fn, file, context: RuleContext): Finding[] => (isOverrideOf(fn, file, context, 'free') ? checkFree(file, fn) : []),
);

function checkFree(file: ScopedFile, fn: FunctionDef): Finding[] {
  const calls = superCalls(file.text, fn, 'free');
  if (calls.length === 0) {
    // A project macro may expand to the super call; the rule cannot see inside it.
    if (callsUnknownMacro(file.text, fn.body)) return [];
    return [
      {
        range: fn.nameRange,
        message: `'${fn.className}::free()' never calls 'super::free()', so the base class never deallocates the object; call 'super::free()' as the last statement.`,
        fixes: appendFix(file, fn),
      },
    ];
  }
  return calls.flatMap((call) => {
    const next = statementRunningAfter(file.text, call, fn.body);
    if (!next) return [];
    return [
      {
        range: { start: call.node.startIndex, end: call.node.endIndex },
        message: "'super::free()' deallocates the object, yet statements after it still run and touch freed memory; move it to the end of 'free()'.",
        related: [{ uri: file.uri, range: { start: next.startIndex, end: next.endIndex }, message: 'This statement runs after the object was deallocated.' }],
      },
    ];
  });
}

/**
 * The first statement that runs after the super call, or undefined when the call is last on its path (only a
 * `return;` may follow). Inside a loop or switch the order is not plain, so the rule stays silent there.
 */
function statementRunningAfter(text: string, call: CallSite, body: SyntaxNode): SyntaxNode | undefined {
  let statement: SyntaxNode | null = call.node;
  while (statement?.parent && !sameNode(statement, body)) {
    const parent: SyntaxNode = statement.parent;
    if (parent.type === 'compound_statement') {
      const next = nextStatement(text, statement);
      if (next) return next.type === 'return_statement' ? undefined : next;
    } else if (parent.type !== 'expression_statement' && parent.type !== 'if_statement' && parent.type !== 'else_clause' && parent.type !== 'labeled_statement') {
      return undefined;
    }
    if (isDeferredBody(parent)) return undefined;
    statement = parent;
  }
  return undefined;
}

/** The next statement that can touch the object: comments, empty statements and message-only logs are skipped. */
function nextStatement(text: string, statement: SyntaxNode): SyntaxNode | undefined {
  for (let sibling = statement.nextNamedSibling; sibling; sibling = sibling.nextNamedSibling) {
    if (sibling.type === 'comment' || isMessageOnlyLog(text, sibling)) continue;
    if (sibling.type === 'expression_statement' && sibling.namedChildCount === 0) continue;
    return sibling;
  }
  return undefined;
}

/** `Log("free() finished");`, `os_log(OS_LOG_DEFAULT, "done");`: a plain call with a message and no object state. */
function isMessageOnlyLog(text: string, statement: SyntaxNode): boolean {
  const call = statement.type === 'expression_statement' && statement.namedChildren[0] ? readCall(text, statement.namedChildren[0]) : undefined;
  if (!call || call.qualifiedName || call.receiver || !call.args.some((a) => a.type === 'string_literal' || a.type === 'concatenated_string')) return false;
  const touchesObject = (n: SyntaxNode): boolean => n.type === 'field_expression' || n.type === 'this' || (n.type === 'identifier' && text.slice(n.startIndex, n.endIndex) === 'ivars');
  return call.args.every((a) => collect(a, touchesObject).length === 0);
}

/** Appending is enough only when every path reaches the end of the body, that is when there is no `return`. */
function appendFix(file: ScopedFile, fn: FunctionDef): Fix[] {
  if (collect(fn.body, (n) => n.type === 'return_statement' || n.type === 'goto_statement').length > 0) return [];
  const insertion = appendToBlock(file.text, fn.body, 'super::free();');
  if (!insertion) return [];
  return [{ title: "Call 'super::free()' at the end of free()", isPreferred: true, edits: [{ uri: file.uri, ...insertion }] }];
}
