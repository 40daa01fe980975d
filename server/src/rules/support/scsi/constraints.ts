// Whether a SCSI controller reports its HBA constraints inside UserInitializeController, with every required key (DK605).
import { findCalls, readCall, slice, type CallSite } from '../../../model/calls';
import type { FunctionDef } from '../../../model/file-model';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { isNullConstant, unwrap } from '../../../analysis/ownership/syntax-shapes';
import { findLocal } from '../memory/local-declarations';
import { frameworkDefinition, isOwnCall, ownCallsOf, wholeClassInFile, type ControllerScope } from './controller-scope';
import { SCSI } from './facts';
import { mentionRole, outerExpression } from './out-parameters';

const RELEASES = new Set(['OSSafeReleaseNULL', 'OSSafeRelease']);
const KEY_NAME = /^kIO\w+Key$/;

export type ConstraintProblem =
  | { readonly kind: 'missing-keys'; readonly call: CallSite; readonly dictionary: string; readonly missing: readonly string[] }
  | { readonly kind: 'outside-initialize'; readonly call: CallSite; readonly fn: FunctionDef }
  | { readonly kind: 'never-reported'; readonly fn: FunctionDef };

export function constraintProblems(scope: ControllerScope): ConstraintProblem[] {
  const problems: ConstraintProblem[] = [];
  const reports = scope.functions.flatMap((fn) => ownCallsOf(scope, fn.body, SCSI.reportConstraintsMethod).map((call) => ({ call, fn })));
  for (const { call, fn } of reports) {
    const dictionary = call.args.length === 1 ? unwrap(call.args[0]) : undefined;
    const keys = dictionary?.type === 'identifier' ? keysSetIn(scope, fn, slice(scope.file.text, dictionary)) : undefined;
    const missing = keys ? SCSI.requiredConstraintKeys.filter((k) => !keys.has(k)) : [];
    if (dictionary && missing.length > 0) problems.push({ kind: 'missing-keys', call, dictionary: slice(scope.file.text, dictionary), missing });
  }
  const initialize = frameworkDefinition(scope, SCSI.initializeMethod);
  if (!initialize) return problems;
  const reachable = reachableFrom(scope, initialize);
  // Another file of the class, or a function given `this`, may report them on the way.
  if (reports.some((r) => reachable.has(r.fn)) || !wholeClassInFile(scope) || [...reachable].some((fn) => handsOutSelf(scope, fn))) return problems;
  for (const { call, fn } of reports) {
    if (fn.form !== 'plain' && fn.methodName.startsWith('User') && SCSI.defaultQueueMethods.includes(fn.methodName)) problems.push({ kind: 'outside-initialize', call, fn });
  }
  if (reports.length === 0) problems.push({ kind: 'never-reported', fn: initialize });
  return problems;
}

/** The class's functions in this file that `entry` runs, itself included, through calls on the object itself. */
function reachableFrom(scope: ControllerScope, entry: FunctionDef): Set<FunctionDef> {
  const reached = new Set<FunctionDef>([entry]);
  const pending = [entry];
  while (pending.length > 0) {
    const fn = pending.pop() as FunctionDef;
    for (const call of findCalls(scope.file.text, fn.body)) {
      if (!isOwnCall(scope, call)) continue;
      for (const callee of scope.functions.filter((f) => f.methodName === call.name && !reached.has(f))) {
        reached.add(callee);
        pending.push(callee);
      }
    }
  }
  return reached;
}

/** True when the function passes `this` to a function this file does not define, which may report the constraints. */
function handsOutSelf(scope: ControllerScope, fn: FunctionDef): boolean {
  return findCalls(scope.file.text, fn.body).some(
    (call) => !call.receiver && call.qualifiedName === undefined && call.args.some((a) => unwrap(a).type === 'this') && !scope.file.functions.some((f) => f.methodName === call.name),
  );
}

/**
 * The constraint keys stored into the local dictionary `name` before it is reported: by `dict->setObject(kKey, …)`
 * or by a helper given the dictionary and the key (`SetConstraint(dict, kKey, 64)`). Undefined when the dictionary
 * is not a plain local created here, or is used in any way that could add keys the rule cannot read (a key from a
 * table, a merge, a helper given no key).
 */
function keysSetIn(scope: ControllerScope, fn: FunctionDef, name: string): Set<string> | undefined {
  const text = scope.file.text;
  const local = findLocal({ text, body: fn.body }, name);
  if (!local || !local.isPointer || local.typeText !== 'OSDictionary' || (local.value && !isFreshDictionary(text, local.value))) return undefined;
  const keys = new Set<string>();
  for (const mention of nodesOfType(fn.body, 'identifier')) {
    if (mention.startIndex === local.nameNode.startIndex || slice(text, mention) !== name) continue;
    const found = keysFromUse(scope, mention);
    if (found === undefined) return undefined;
    for (const key of found) keys.add(key);
  }
  return keys;
}

/** `nullptr` or `OSDictionary::withCapacity(n)`: a dictionary that starts empty. */
function isFreshDictionary(text: string, value: SyntaxNode): boolean {
  if (isNullConstant(text, value)) return true;
  const call = readCall(text, unwrap(value));
  return call?.qualifiedName === 'OSDictionary::withCapacity';
}

/** The keys one use of the dictionary stores (none for a test, a release or the report); undefined when unknown. */
function keysFromUse(scope: ControllerScope, mention: SyntaxNode): string[] | undefined {
  const text = scope.file.text;
  const node = outerExpression(mention);
  const parent = node.parent;
  if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.startIndex === node.startIndex) {
    const value = parent.childForFieldName('right');
    return value && isFreshDictionary(text, value) ? [] : undefined;
  }
  if (parent?.type === 'field_expression' && parent.childForFieldName('argument')?.startIndex === node.startIndex) {
    const member = slice(text, parent.childForFieldName('field') ?? parent);
    const call = parent.parent ? readCall(text, parent.parent) : undefined;
    if (member === 'release' || member === 'retain') return [];
    const key = member === 'setObject' && call?.args.length === 2 ? keyName(text, call.args[0]) : undefined;
    return key === undefined ? undefined : [key];
  }
  if (parent?.type === 'argument_list') {
    const call = parent.parent ? readCall(text, parent.parent) : undefined;
    if (!call) return undefined;
    if (RELEASES.has(call.name) || (call.name === SCSI.reportConstraintsMethod && isOwnCall(scope, call))) return [];
    const keys = call.args.map((a) => keyName(text, a)).filter((k): k is string => k !== undefined);
    return keys.length > 0 ? keys : undefined;
  }
  return mentionRole(text, mention) === 'read' ? [] : undefined;
}

/** A key constant's name (`kIOMaximumSegmentCountReadKey`); undefined for literals, table lookups and other names. */
function keyName(text: string, node: SyntaxNode): string | undefined {
  const inner = unwrap(node);
  const name = inner.type === 'identifier' ? slice(text, inner) : '';
  return KEY_NAME.test(name) ? name : undefined;
}
