// Which fields of a local SCSIUserParallelResponse a function writes before completing a task with it (DK603, DK605).
import { slice, type CallSite } from '../../../model/calls';
import type { FunctionDef } from '../../../model/file-model';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { integerValue } from '../memory/integer-literals';
import { findLocal, type LocalDeclaration } from '../memory/local-declarations';
import { unwrap } from '../../../analysis/ownership/syntax-shapes';
import { isOwnCall, ownCallsOf, type ControllerScope } from './controller-scope';
import { SCSI } from './facts';
import { outerExpression } from './out-parameters';

const MEMSETS = new Set(['memset', '__builtin_memset']);

export interface ResponseWrites {
  /** Something writes the whole object in a way the rule cannot read (a copy, a helper given its address). */
  readonly unknown: boolean;
  /** `= {}`, any brace initialiser, `bzero(&r, …)` or `memset(&r, 0, …)`: every field not named holds zero. */
  readonly zeroFilled: boolean;
  /** Fields assigned, initialised by name, or handed to other code by address or by reference. */
  readonly fields: ReadonlySet<string>;
}

export interface CompletedResponse {
  /** `ParallelTaskCompletion(completion, response)`. */
  readonly call: CallSite;
  readonly fn: FunctionDef;
  /** The local response variable passed to the completion. */
  readonly argument: SyntaxNode;
  readonly name: string;
  readonly writes: ResponseWrites;
}

/** Completions of the class in this file whose response argument is a local `SCSIUserParallelResponse` variable. */
export function completedResponses(scope: ControllerScope): CompletedResponse[] {
  const text = scope.file.text;
  const found: CompletedResponse[] = [];
  for (const fn of scope.functions) {
    for (const call of ownCallsOf(scope, fn.body, SCSI.completionMethod)) {
      const argument = call.args[1] ? unwrap(call.args[1]) : undefined;
      if (call.args.length !== 2 || argument?.type !== 'identifier') continue;
      const name = slice(text, argument);
      const local = findLocal({ text, body: fn.body }, name);
      if (!local || local.isPointer || local.arraySize || local.typeText.replace(/^(const\s+|struct\s+)+/, '') !== SCSI.responseType) continue;
      found.push({ call, fn, argument, name, writes: responseWrites(scope, fn, local) });
    }
  }
  return found;
}

function responseWrites(scope: ControllerScope, fn: FunctionDef, local: LocalDeclaration): ResponseWrites {
  const text = scope.file.text;
  const fields = new Set<string>();
  let unknown = false;
  let zeroFilled = false;
  if (local.value) {
    if (local.value.type !== 'initializer_list') unknown = true;
    else {
      zeroFilled = true;
      const positional = local.value.namedChildren.filter((c) => c.type !== 'initializer_pair' && c.type !== 'comment');
      for (const pair of local.value.namedChildren.filter((c) => c.type === 'initializer_pair')) {
        const designator = pair.namedChildren.find((c) => c.type === 'field_designator' || c.type === 'field_identifier');
        if (designator) fields.add(slice(text, designator).replace(/^\./, '').trim());
      }
      if (positional.length > 1) unknown = true;
      else if (positional.length === 1 && integerValue(text, positional[0]) !== 0n) fields.add(SCSI.responseVersionField);
    }
  }
  for (const mention of nodesOfType(fn.body, 'identifier')) {
    if (mention.startIndex === local.nameNode.startIndex || slice(text, mention) !== local.name) continue;
    const use = useOf(scope, mention);
    if (use.kind === 'field') fields.add(use.field);
    else if (use.kind === 'zero') zeroFilled = true;
    else if (use.kind === 'unknown') unknown = true;
  }
  return { unknown, zeroFilled, fields };
}

type Use = { kind: 'field'; field: string } | { kind: 'zero' } | { kind: 'unknown' } | { kind: 'none' };

/** What one mention of the response variable does to it. */
function useOf(scope: ControllerScope, mention: SyntaxNode): Use {
  const text = scope.file.text;
  const node = outerExpression(mention);
  const parent = node.parent;
  if (!parent) return { kind: 'unknown' };
  if (parent.type === 'field_expression' && parent.childForFieldName('argument')?.startIndex === node.startIndex) {
    const field = parent.childForFieldName('field');
    const outer = outerExpression(parent);
    const user = outer.parent;
    const written =
      (user?.type === 'assignment_expression' && user.childForFieldName('left')?.startIndex === outer.startIndex) ||
      user?.type === 'update_expression' ||
      user?.type === 'argument_list' ||
      (user?.type === 'pointer_expression' && slice(text, user).trim().startsWith('&'));
    return written && field ? { kind: 'field', field: slice(text, field) } : { kind: 'none' };
  }
  if (parent.type === 'sizeof_expression') return { kind: 'none' };
  if (parent.type === 'argument_list') {
    const call = parent.parent;
    const isCompletion = call?.type === 'call_expression' && call.childForFieldName('arguments')?.namedChildren[1]?.startIndex === node.startIndex;
    const callee = call?.childForFieldName('function');
    const completes = isCompletion && callee && slice(text, callee).replace(/^this->/, '').trim() === SCSI.completionMethod;
    return completes ? { kind: 'none' } : { kind: 'unknown' };
  }
  if (parent.type === 'pointer_expression' && slice(text, parent).trim().startsWith('&')) {
    const list = outerExpression(parent).parent;
    const call = list?.type === 'argument_list' ? list.parent : null;
    const callee = call?.childForFieldName('function');
    const name = callee ? slice(text, callee).trim() : '';
    const args = list?.namedChildren ?? [];
    const isTarget = args[0]?.startIndex === outerExpression(parent).startIndex;
    if (isTarget && (name === 'bzero' || name === '__builtin_bzero')) return { kind: 'zero' };
    if (isTarget && MEMSETS.has(name) && args[1] && integerValue(text, args[1]) === 0n) return { kind: 'zero' };
  }
  return { kind: 'unknown' };
}

/** True for `ParallelTaskCompletion(…)` on the object itself. */
export function isCompletionCall(scope: ControllerScope, call: CallSite): boolean {
  return call.name === SCSI.completionMethod && isOwnCall(scope, call);
}
