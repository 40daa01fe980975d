// Where a SCSI controller creates targets, and what it told the kernel about its initiator and device management (DK601).
import { findCalls, slice, type CallSite } from '../../../model/calls';
import type { ClassDecl, FunctionDef } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { unwrap } from '../../../analysis/ownership/syntax-shapes';
import { findLocal } from '../memory/local-declarations';
import { constantValue } from './constants';
import { isDeferred, isOwnCall, outParameterMethod, ownCallsOf, type ControllerScope } from './controller-scope';
import { SCSI, type OutParameterMethod } from './facts';
import { outParameterWrites } from './out-parameters';

export interface DefaultQueueCreation {
  readonly call: CallSite;
  /** The framework method the kernel runs on the default queue. */
  readonly entry: FunctionDef;
  /** The plain helper the call sits in, when the entry reaches it through helpers. */
  readonly helper?: FunctionDef;
}

/**
 * Synchronous `UserCreateTargetForID` calls made while a default-queue framework method runs: in its body or in the
 * plain C++ helpers of the class it calls, outside block literals and lambdas (which run later, elsewhere).
 */
export function creationsOnDefaultQueue(scope: ControllerScope): DefaultQueueCreation[] {
  const found = new Map<number, DefaultQueueCreation>();
  for (const entry of scope.functions) {
    if (entry.form === 'plain' || !SCSI.defaultQueueMethods.includes(entry.methodName) || declaredQueue(scope.chain, entry.methodName) !== undefined) continue;
    const visited = new Set<FunctionDef>([entry]);
    const pending: FunctionDef[] = [entry];
    while (pending.length > 0) {
      const fn = pending.shift() as FunctionDef;
      for (const call of findCalls(scope.file.text, fn.body)) {
        if (isDeferred(call.node, fn.body) || !isOwnCall(scope, call)) continue;
        if (call.name === SCSI.createTargetMethod) {
          if (!found.has(call.node.startIndex)) found.set(call.node.startIndex, { call, entry, helper: fn === entry ? undefined : fn });
          continue;
        }
        for (const helper of scope.functions.filter((f) => f.form === 'plain' && f.methodName === call.name && !visited.has(f))) {
          visited.add(helper);
          pending.push(helper);
        }
      }
    }
  }
  return [...found.values()];
}

/** The QUEUENAME of the nearest declaration of `method` along the class chain. */
function declaredQueue(chain: readonly ClassDecl[], method: string): string | undefined {
  for (const decl of chain) {
    const declared = decl.methods.find((m) => m.name === method);
    if (declared) return declared.queueName;
  }
  return undefined;
}

/** Every `UserCreateTargetForID` call the class makes in this file. */
export function targetCreations(scope: ControllerScope): { call: CallSite; fn: FunctionDef }[] {
  return scope.functions.flatMap((fn) => ownCallsOf(scope, fn.body, SCSI.createTargetMethod).map((call) => ({ call, fn })));
}

/** A value both sides spell the same way: an integer, or a constant's name. */
export type StoredConstant = { readonly store: SyntaxNode; readonly value: bigint | string };

/** The one constant a reporting method (`UserReportInitiatorIdentifier`) stores in its out-parameter. */
export function reportedConstant(scope: ControllerScope, reporter: OutParameterMethod): StoredConstant | undefined {
  const method = outParameterMethod(scope, reporter);
  if (!method) return undefined;
  const writes = outParameterWrites(scope.file.text, method.fn.body, method.name);
  const value = writes.values[0];
  if (writes.escapes || writes.values.length !== 1 || !value) return undefined;
  const constant = constantOf(scope, method.fn, value);
  return constant === undefined ? undefined : { store: writes.stores[0], value: constant };
}

/**
 * An integer the expression certainly denotes, or the name of a constant (`kInitiatorID`, `HBA_ID`) the function
 * does not declare itself; undefined for anything else.
 */
export function constantOf(scope: ControllerScope, fn: FunctionDef, node: SyntaxNode): bigint | string | undefined {
  const value = constantValue(scope.file, node);
  if (value !== undefined) return value;
  const inner = unwrap(node);
  if (inner.type !== 'identifier') return undefined;
  const name = slice(scope.file.text, inner);
  const declaredHere = fn.params.some((p) => p.name === name) || findLocal({ text: scope.file.text, body: fn.body }, name) !== undefined;
  const iigParameter = scope.iig.decl.methods.find((m) => m.name === fn.methodName)?.params.some((p) => p.name === name) ?? false;
  return /^(k[A-Z0-9]\w*|[A-Z][A-Z0-9_]*)$/.test(name) && !declaredHere && !iigParameter ? name : undefined;
}

/** The store of `false` in `UserDoesHBAPerformDeviceManagement`, when every store there is `false`. */
export function deviceManagementOff(scope: ControllerScope): SyntaxNode | undefined {
  const method = outParameterMethod(scope, SCSI.deviceManagementMethod);
  if (!method) return undefined;
  const writes = outParameterWrites(scope.file.text, method.fn.body, method.name);
  if (writes.escapes || writes.values.length === 0) return undefined;
  const allFalse = writes.values.every((v) => v !== undefined && ['false', '0'].includes(slice(scope.file.text, unwrap(v)).trim()));
  return allFalse ? writes.stores[0] : undefined;
}
