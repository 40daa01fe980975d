// Which expressions name the dispatch queue a method of the class runs on (for DispatchSync onto the current queue).
import { perDefinition } from '../../../model/definition-memo';
import type { FileModel, FunctionDef } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { iigMethod, isSelfCall, type ClassScope } from './class-scope';
import type { ConstantEvaluator } from './constants';
import { addressOperand, callsUnder, compactText, ivarPathOf } from './syntax';

const DEFAULT_QUEUE = 'Default';
const EXTERNAL_METHOD_QUEUE = 'IOUserClientQueueExternalMethod';

/** A queue held in an ivar (class-wide) or in a local of one function. */
interface QueueHolder {
  readonly text: string;
  readonly fn?: FunctionDef;
}

/** Decides, for one method, whether a receiver is the queue that method runs on. */
export type CurrentQueueTest = (receiver: SyntaxNode, at: FunctionDef) => boolean;

/**
 * Reads the class's queue registrations once and returns, per method, a test for "this receiver is the queue the
 * method runs on", or undefined when that queue cannot be told. A method runs on the queue its `QUEUENAME(...)` names
 * once `SetDispatchQueue` registers one under that name, else on the default queue (`ExternalMethod` is declared
 * `QUEUENAME(IOUserClientQueueExternalMethod)` by the SDK).
 */
export function currentQueueTests(scope: ClassScope, constants: ConstantEvaluator): (fn: FunctionDef) => CurrentQueueTest | undefined {
  const { file } = scope;
  const registered = new Map<string, QueueHolder[]>();
  for (const member of scope.functions) {
    for (const call of queueRegistrations(member, file.text)) {
      if (!isSelfCall(scope, call)) continue;
      const name = constants.stringValue(call.args[0]);
      if (name === undefined) continue;
      const holder = call.name === 'SetDispatchQueue' ? holderOf(call.args[1], { file, fn: member }) : call.name === 'CopyDispatchQueue' ? outHolder(call.args[1], { file, fn: member }) : undefined;
      if (holder) registered.set(name, [...(registered.get(name) ?? []), holder]);
    }
  }
  const defaults = registered.get(DEFAULT_QUEUE) ?? [];
  return (fn) => {
    const queueName = iigMethod(scope, fn.methodName)?.queueName ?? (fn.methodName === 'ExternalMethod' ? EXTERNAL_METHOD_QUEUE : DEFAULT_QUEUE);
    const named = registered.get(queueName);
    const holders = named !== undefined ? named : queueName === DEFAULT_QUEUE || scope.wholeClassInFile ? defaults : undefined;
    if (holders === undefined || holders.length === 0) return undefined;
    return (receiver, at) => {
      const held = holderOf(receiver, { file, fn: at });
      return held !== undefined && holders.some((h) => h.text === held.text && (h.fn === undefined || h.fn === held.fn));
    };
  };
}

/** A function's `SetDispatchQueue(name, queue)` and `CopyDispatchQueue(name, &queue)` calls, whatever their receiver. */
const queueRegistrations = perDefinition((fn, text) => callsUnder(text, fn.body).filter((call) => call.args.length === 2 && (call.name === 'SetDispatchQueue' || call.name === 'CopyDispatchQueue')));

function holderOf(node: SyntaxNode, at: { readonly file: FileModel; readonly fn: FunctionDef }): QueueHolder | undefined {
  const { file, fn } = at;
  const path = ivarPathOf(file.text, node);
  if (path !== undefined) return { text: path };
  return node.type === 'identifier' ? { text: compactText(file.text, node), fn } : undefined;
}

function outHolder(node: SyntaxNode, at: { readonly file: FileModel; readonly fn: FunctionDef }): QueueHolder | undefined {
  const target = addressOperand(at.file.text, node);
  return target ? holderOf(target, at) : undefined;
}
