// Finds USB transfers with a non-zero timeout on pipes that are certainly copied for an interrupt endpoint.
import { findCalls, slice, type CallSite } from '../../../model/calls';
import { perDefinition } from '../../../model/definition-memo';
import type { FunctionDef } from '../../../model/file-model';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import type { ClassScope } from '../dispatch/class-scope';
import { addressOperand, compactText, ivarPathOf, unwrapExpression } from '../dispatch/syntax';
import { integerValue } from '../memory/integer-literals';
import { findLocal } from '../memory/local-declarations';
import { USB_COPY_PIPE, USB_INTERRUPT_TYPE_CONSTANTS, USB_TIMEOUT_ARGUMENT } from './pci-facts';

export interface InterruptPipeTimeout {
  /** The `AsyncIO` or `IO` call. */
  readonly call: CallSite;
  /** Its non-zero `completionTimeoutMs` literal. */
  readonly timeout: SyntaxNode;
  /** The pipe as written (`ivars->interruptPipe`, `pipe`). */
  readonly pipe: string;
}

/** A pipe written by `CopyPipe(…, &pipe)`: an ivars path, or a local of one function. */
interface PipeTarget {
  readonly key: string;
  readonly fn?: FunctionDef;
  readonly interrupt: boolean;
}

/**
 * `AsyncIO`/`IO` calls with a non-zero literal timeout on a pipe whose every `CopyPipe` takes `ep->bEndpointAddress`
 * under a check that `ep` is an interrupt endpoint (`IOUSBGetEndpointType(ep) == kIOUSBEndpointTypeInterrupt`), and
 * that nothing else assigns. Ivar pipes are followed through the whole class, locals within their function.
 */
export function interruptPipeTimeouts(scope: ClassScope): InterruptPipeTimeout[] {
  const text = scope.file.text;
  const pipes = scope.functions.map((fn) => ({ fn, ...pipeCallsIn(fn, text) }));
  const targets: PipeTarget[] = pipes.flatMap(({ fn, copies }) => copies.map(({ key, local, interrupt }) => ({ key, fn: local ? fn : undefined, interrupt })));
  const found: InterruptPipeTimeout[] = [];
  for (const { fn, timed } of pipes) {
    for (const { call, timeout, pipe } of timed) {
      const mine = targets.filter((t) => t.key === pipe && (t.fn === undefined ? ivarPathOf(text, call.receiver as SyntaxNode) !== undefined : t.fn === fn));
      if (mine.length === 0 || mine.some((t) => !t.interrupt) || assignedElsewhere(scope, mine[0], pipe)) continue;
      found.push({ call, timeout, pipe });
    }
  }
  return found;
}

/** One function's `CopyPipe(address, &pipe)` calls, and its pipe calls with a non-zero timeout. */
const pipeCallsIn = perDefinition((fn, text) => {
  const copies: { readonly key: string; readonly local: boolean; readonly interrupt: boolean }[] = [];
  const timed: InterruptPipeTimeout[] = [];
  for (const call of findCalls(text, fn.body)) {
    if (call.name === USB_COPY_PIPE && call.args.length === 2) {
      const target = addressOperand(text, call.args[1]);
      const ivar = target ? ivarPathOf(text, target) : undefined;
      const key = ivar ?? (target?.type === 'identifier' ? slice(text, target) : undefined);
      if (key !== undefined) copies.push({ key, local: ivar === undefined, interrupt: copiesInterruptEndpoint(text, call, fn.body) });
      continue;
    }
    const index = USB_TIMEOUT_ARGUMENT[call.name];
    if (index === undefined || call.args.length !== index + 1 || !call.receiver) continue;
    const timeout = call.args[index];
    const value = integerValue(text, timeout);
    if (value !== undefined && value !== 0n) timed.push({ call, timeout, pipe: compactText(text, call.receiver) });
  }
  return { copies, timed };
});

/** `CopyPipe(ep->bEndpointAddress, …)` inside `if (… == kIOUSBEndpointTypeInterrupt …)` or after a guard that leaves otherwise. */
function copiesInterruptEndpoint(text: string, call: CallSite, body: SyntaxNode): boolean {
  const address = unwrapExpression(call.args[0]);
  const endpoint = address.type === 'field_expression' ? address.childForFieldName('argument') : null;
  const field = address.childForFieldName('field');
  if (!endpoint || endpoint.type !== 'identifier' || !field || slice(text, field) !== 'bEndpointAddress') return false;
  const name = slice(text, endpoint);
  for (let node: SyntaxNode = call.node; node !== body && node.parent; node = node.parent) {
    const parent = node.parent;
    const condition = parent.childForFieldName('condition');
    if (parent.type === 'if_statement' && node === parent.childForFieldName('consequence') && condition && implies(text, condition, name, true)) return true;
    if (parent.type !== 'compound_statement') continue;
    for (let previous = node.previousNamedSibling; previous; previous = previous.previousNamedSibling) {
      if (isLeavingGuard(text, previous, name) && !reassignedBetween(text, body, { name, from: previous.endIndex, to: call.node.startIndex })) return true;
    }
  }
  return false;
}

/** `if (IOUSBGetEndpointType(ep) != kIOUSBEndpointTypeInterrupt) continue;` (or return, break, goto), without else. */
function isLeavingGuard(text: string, statement: SyntaxNode, name: string): boolean {
  const condition = statement.childForFieldName('condition');
  const consequence = statement.childForFieldName('consequence');
  if (statement.type !== 'if_statement' || !condition || !consequence || statement.childForFieldName('alternative')) return false;
  const last = consequence.type === 'compound_statement' ? consequence.namedChildren[consequence.namedChildCount - 1] : consequence;
  const leaves = last !== undefined && ['return_statement', 'continue_statement', 'break_statement', 'goto_statement'].includes(last.type);
  return leaves && implies(text, condition, name, false);
}

/**
 * With `equal`, true when the condition can only hold for an interrupt endpoint `name` (an `==` against an interrupt
 * constant, possibly inside `&&`); without, true when it holds for every other endpoint (`!=`, possibly inside `||`).
 */
function implies(text: string, condition: SyntaxNode, name: string, equal: boolean): boolean {
  let node = unwrapExpression(condition);
  if (node.type === 'condition_clause') {
    const value = node.childForFieldName('value');
    if (!value) return false;
    node = unwrapExpression(value);
  }
  if (node.type !== 'binary_expression') return false;
  const operator = node.childForFieldName('operator');
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!operator || !left || !right) return false;
  const op = slice(text, operator);
  if (op === (equal ? '&&' : '||')) return implies(text, left, name, equal) || implies(text, right, name, equal);
  if (op !== (equal ? '==' : '!=')) return false;
  return (isInterruptConstant(text, left) && mentionsName(text, right, name)) || (isInterruptConstant(text, right) && mentionsName(text, left, name));
}

function isInterruptConstant(text: string, node: SyntaxNode): boolean {
  const inner = unwrapExpression(node);
  return inner.type === 'identifier' && USB_INTERRUPT_TYPE_CONSTANTS.has(slice(text, inner));
}

function mentionsName(text: string, node: SyntaxNode, name: string): boolean {
  return nodesOfType(node, 'identifier').some((id) => slice(text, id) === name);
}

function reassignedBetween(text: string, body: SyntaxNode, span: { name: string; from: number; to: number }): boolean {
  return nodesOfType(body, 'assignment_expression').some((a) => {
    const left = a.childForFieldName('left');
    return a.startIndex >= span.from && a.startIndex < span.to && left !== null && slice(text, left) === span.name;
  });
}

/** True when something other than `CopyPipe` or `= nullptr` writes the pipe (for a local, in its function). */
function assignedElsewhere(scope: ClassScope, target: PipeTarget, pipe: string): boolean {
  const text = scope.file.text;
  const functions = target.fn ? [target.fn] : scope.functions;
  const isNull = (node: SyntaxNode): boolean => ['nullptr', 'NULL', '0'].includes(slice(text, unwrapExpression(node)).trim());
  if (target.fn) {
    const local = findLocal({ text, body: target.fn.body }, pipe);
    if (!local || (local.value !== undefined && !isNull(local.value))) return true;
  }
  return functions.some(
    (fn) =>
      nodesOfType(fn.body, 'assignment_expression').some((a) => {
        const left = a.childForFieldName('left');
        const right = a.childForFieldName('right');
        return left !== null && right !== null && compactText(text, left) === pipe && !isNull(right);
      }) ||
      findCalls(text, fn.body).some((call) => {
        if (call.name === USB_COPY_PIPE) return false;
        return call.args.some((arg) => {
          const operand = addressOperand(text, arg);
          return operand !== undefined && compactText(text, operand) === pipe;
        });
      }),
  );
}
