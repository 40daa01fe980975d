// DK106: inside an RPC override, calling the same method without SUPERDISPATCH re-enters the override instead of its base.
import { sdkDispatchOf } from '../knowledge/sdk-methods';
import { findCalls, slice, type CallSite } from '../model/calls';
import type { FunctionDef } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import { defineFunctionRule, type Finding, type Fix, type ScopedFile, type TextEdit, type WorkspaceView } from './rule';
import { isSuperDispatchArgument, selfCallSpelling, type SelfCallSpelling } from './support/plumbing/call-target';
import { lookupMethod } from './support/plumbing/class-lookup';

/** A call of the overridden method on the object itself, inside its own override. */
interface SelfCall {
  readonly file: ScopedFile;
  readonly method: string;
  readonly call: CallSite;
  readonly spelling: SelfCallSpelling;
}

export const missingSuperdispatch = defineFunctionRule(
  {
    code: 'DK106',
    name: 'missing-superdispatch',
    summary: 'Inside the override of an RPC method, reach the superclass with `Method(args, SUPERDISPATCH)`; `Method(args)` and `super::Method(args)` dispatch back into your own override.',
    category: 'interface',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (fn, file, context): Finding[] => {
    const className = fn.className;
    if (fn.form === 'plain' || className === undefined) return [];
    const override = inheritedRpcOverride(fn, context.workspace);
    if (!override) return [];
    const findings: Finding[] = [];
    for (const call of findCalls(file.text, fn.body)) {
      if (call.name !== fn.methodName || passesSupermethod(file.text, call, override.parameterCount)) continue;
      const spelling = selfCallSpelling(call, { className, workspace: context.workspace });
      if (spelling !== undefined) findings.push(report({ file, method: fn.methodName, call, spelling }));
    }
    return findings;
  },
);

/**
 * Set when `fn` implements an RPC method a base class also has (so SUPERDISPATCH has somewhere to go), with the
 * method's declared parameter count when it is known.
 */
function inheritedRpcOverride(fn: FunctionDef, workspace: WorkspaceView): { parameterCount?: number } | undefined {
  const className = fn.className as string;
  const written = fn.form === 'impl-suffix' ? fn.params.length : undefined;
  const located = workspace.findIigClass(className);
  // Without the .iig the base is unknown; every IOService override is the common case worth reporting.
  if (!located) return sdkDispatchOf('IOService', fn.methodName) === 'rpc' ? { parameterCount: written } : undefined;
  // A LOCALONLY helper that happens to be named `Something_Impl` is not an RPC implementation.
  if (located.decl.methods.some((m) => m.name === `${fn.methodName}_Impl`)) return undefined;
  const lookup = lookupMethod({ className, workspace }, fn.methodName);
  // TYPE handlers get no callable stub, only CreateAction and _Impl, so a call by name is some other mistake.
  if (lookup.dispatch === 'localOnly' || !lookup.inherited || lookup.own?.typeReference) return undefined;
  if (lookup.dispatch !== 'rpc' && !lookup.own?.isOverride) return undefined;
  return { parameterCount: lookup.own?.params.length ?? written };
}

/** An explicit supermethod (SUPERDISPATCH, its expansion, or any extra trailing argument) is the intended call. */
function passesSupermethod(text: string, call: CallSite, parameterCount: number | undefined): boolean {
  const last = call.args[call.args.length - 1];
  if (last && isSuperDispatchArgument(text, last)) return true;
  return parameterCount !== undefined && call.args.length > parameterCount;
}

function report(site: SelfCall): Finding {
  const { file, method, call, spelling } = site;
  const callee = slice(file.text, call.node.childForFieldName('function') ?? call.node);
  const message =
    spelling === 'qualified'
      ? `'${callee}(…)' without SUPERDISPATCH does not reach the superclass: the generated stub re-enters this '${method}' override through the object's own dispatch; call '${method}(…, SUPERDISPATCH)' instead.`
      : `Calling '${callee}' without SUPERDISPATCH inside the '${method}' override re-enters this override through the object's own dispatch instead of reaching the superclass; pass SUPERDISPATCH as the last argument.`;
  return { range: rangeOf(call.node), message, fixes: [superdispatchFix(site)] };
}

function superdispatchFix({ file, method, call, spelling }: SelfCall): Fix {
  const edits: TextEdit[] = [];
  if (spelling === 'qualified') edits.push({ uri: file.uri, range: call.calleeRange, newText: method });
  const last = call.args[call.args.length - 1];
  const argumentList = call.node.childForFieldName('arguments');
  const at = last ? last.endIndex : (argumentList?.startIndex ?? call.node.endIndex - 1) + 1;
  edits.push({ uri: file.uri, range: { start: at, end: at }, newText: last ? ', SUPERDISPATCH' : 'SUPERDISPATCH' });
  return { title: `Call the superclass's '${method}' with SUPERDISPATCH`, isPreferred: true, edits };
}
