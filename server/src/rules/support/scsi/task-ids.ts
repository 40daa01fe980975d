// What UserMapHBAData does with the task ID it must return and with the per-task data it allocates (DK602).
import { returnsRetainedOutParameter } from '../../../knowledge/knowledge-base';
import { findCalls, slice, type CallSite } from '../../../model/calls';
import type { FunctionDef } from '../../../model/file-model';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { unwrap } from '../../../analysis/ownership/syntax-shapes';
import { addressOperand, compactText, ivarPathOf } from '../dispatch/syntax';
import { constantValue } from './constants';
import { outParameterMethod, type ControllerScope } from './controller-scope';
import { walkEffects } from './effect-walker';
import { mentionRole, outParameterWrites, outerExpression } from './out-parameters';
import { SCSI } from './facts';

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '!=']);
const RELEASES = new Set(['OSSafeReleaseNULL', 'OSSafeRelease', 'release', 'free']);

/** The returns of success some path reaches without storing `*name`; undefined when the walk gives up. */
export function unsetTaskIdExits(scope: ControllerScope, fn: FunctionDef, name: string): readonly SyntaxNode[] | undefined {
  const text = scope.file.text;
  const stores = new Set(outParameterWrites(text, fn.body, name).stores.map((s) => s.startIndex));
  const result = walkEffects({
    text,
    body: fn.body,
    effectOf: (node) => {
      if ((node.type === 'assignment_expression' || node.type === 'update_expression') && stores.has(node.startIndex)) return { satisfies: true };
      if (node.type === 'identifier' && slice(text, node) === name && mentionRole(text, node) === 'escape') return { satisfies: true };
      return undefined;
    },
  });
  return result?.unmetSuccessExits;
}

/** The one value every store of `*name` writes, when all stores write the same constant and the pointer stays put. */
export function constantTaskId(scope: ControllerScope, fn: FunctionDef, name: string): { store: SyntaxNode; value: bigint } | undefined {
  const writes = outParameterWrites(scope.file.text, fn.body, name);
  if (writes.escapes || writes.stores.length === 0) return undefined;
  const values = writes.values.map((v) => (v ? constantValue(scope.file, v) : undefined));
  const first = values[0];
  return first !== undefined && values.every((v) => v === first) ? { store: writes.stores[0], value: first } : undefined;
}

/** The task count `UserReportMaximumTaskCount` reports, when it stores one constant. */
export function reportedTaskCount(scope: ControllerScope): bigint | undefined {
  const method = outParameterMethod(scope, SCSI.taskCountMethod);
  if (!method) return undefined;
  const writes = outParameterWrites(scope.file.text, method.fn.body, method.name);
  const value = writes.values[0];
  return !writes.escapes && writes.values.length === 1 && value ? constantValue(scope.file, value) : undefined;
}

export interface CounterIndex {
  /** `ivars->tasks[ivars->next++]`. */
  readonly subscript: SyntaxNode;
  readonly array: string;
  readonly counter: string;
  /** Set when the array's size and the reported task count show that the counter runs past the last slot. */
  readonly overflow?: { readonly slots: bigint; readonly tasks: bigint };
}

/**
 * Subscripts of a fixed-size ivars array by an incremented ivars counter that no comparison of the counter
 * precedes. Left out: arrays proven large enough for every task the controller reports.
 */
export function uncheckedCounterIndexes(scope: ControllerScope, fn: FunctionDef): CounterIndex[] {
  const text = scope.file.text;
  const found: CounterIndex[] = [];
  for (const subscript of nodesOfType(fn.body, 'subscript_expression')) {
    const arrayNode = subscript.childForFieldName('argument');
    const index = subscript.childForFieldName('indices')?.namedChildren[0] ?? subscript.childForFieldName('index');
    const array = arrayNode ? ivarPathOf(text, arrayNode) : undefined;
    const increment = index ? unwrap(index) : undefined;
    if (!array || !increment || increment.type !== 'update_expression' || !slice(text, increment).includes('++')) continue;
    const counterNode = increment.childForFieldName('argument');
    const counter = counterNode ? ivarPathOf(text, counterNode) : undefined;
    const size = ivarsArraySize(scope, array);
    if (!counter || size === undefined || isCompared(text, fn.body, { counter, before: subscript.startIndex })) continue;
    const slots = size ? constantValue(scope.file, size) : undefined;
    const tasks = reportedTaskCount(scope);
    if (slots === undefined || tasks === undefined || !onlyIncremented(scope, counter, increment)) {
      found.push({ subscript, array, counter });
      continue;
    }
    // A zero-filled counter indexes 0…tasks-1 with `n++` and 1…tasks with `++n`.
    const needed = tasks + (slice(text, increment).trim().startsWith('++') ? 1n : 0n);
    if (slots < needed) found.push({ subscript, array, counter, overflow: { slots, tasks } });
  }
  return found;
}

/** True when a comparison that mentions `counter` comes before offset `before` in the body. */
function isCompared(text: string, body: SyntaxNode, where: { readonly counter: string; readonly before: number }): boolean {
  return nodesOfType(body, 'binary_expression').some((binary) => {
    if (binary.startIndex >= where.before) return false;
    const operator = slice(text, binary.childForFieldName('operator') ?? binary).trim();
    if (!COMPARISONS.has(operator)) return false;
    return [binary.childForFieldName('left'), binary.childForFieldName('right')].some((side) => side && compactText(text, unwrap(side)) === where.counter);
  });
}

/** True when no function of the class in this file writes `counter` except by the increment itself. */
function onlyIncremented(scope: ControllerScope, counter: string, increment: SyntaxNode): boolean {
  const text = scope.file.text;
  return scope.functions.every((f) =>
    nodesOfType(f.body, 'field_expression').every((node) => {
      if (node.startIndex === increment.childForFieldName('argument')?.startIndex || compactText(text, node) !== counter) return true;
      const user = outerExpression(node).parent;
      const written = (user?.type === 'assignment_expression' && user.childForFieldName('left')?.startIndex === outerExpression(node).startIndex) || user?.type === 'update_expression';
      return !written && addressOperand(text, user ?? node) === undefined;
    }),
  );
}

/**
 * The element count of `ivars->field` when `<Class>_IVars` declares it as a fixed-size array in this file (null
 * when the size is not written); undefined when it is not such an array or the struct is not here.
 */
function ivarsArraySize(scope: ControllerScope, path: string): SyntaxNode | null | undefined {
  const match = /^ivars->(\w+)$/.exec(path);
  const root = scope.file.tree?.rootNode;
  if (!match || !root) return undefined;
  const text = scope.file.text;
  for (const struct of nodesOfType(root, 'struct_specifier')) {
    const name = struct.childForFieldName('name');
    const body = struct.childForFieldName('body');
    if (!name || !body || slice(text, name) !== `${scope.className}_IVars`) continue;
    for (const member of body.namedChildren) {
      for (const declarator of member.type === 'field_declaration' ? member.namedChildren : []) {
        // `T * slots[N]` is a pointer declarator around the array declarator.
        let array: SyntaxNode | null = declarator;
        while (array?.type === 'pointer_declarator') array = array.childForFieldName('declarator');
        const field = array?.type === 'array_declarator' ? array.childForFieldName('declarator') : null;
        if (array && field?.type === 'field_identifier' && slice(text, field) === match[1]) return array.childForFieldName('size');
      }
    }
  }
  return undefined;
}

/**
 * Creating calls whose +1 result goes into one plain ivar (`&ivars->taskBuffer`) that the function otherwise only
 * uses (no test, no store, no release): each call replaces, and leaks, the previous task's object.
 */
export function singleIvarCreations(scope: ControllerScope, fn: FunctionDef): { call: CallSite; ivar: string }[] {
  const text = scope.file.text;
  const found: { call: CallSite; ivar: string }[] = [];
  for (const call of findCalls(text, fn.body)) {
    const out = call.args.length > 0 ? addressOperand(text, call.args[call.args.length - 1]) : undefined;
    const ivar = out ? ivarPathOf(text, out) : undefined;
    if (!out || !ivar || !returnsRetainedOutParameter({ qualifiedName: call.qualifiedName, memberName: call.name })) continue;
    const others = nodesOfType(fn.body, 'field_expression').filter((n) => n.startIndex !== out.startIndex && compactText(text, n) === ivar);
    if (others.every((n) => isPlainUse(text, n))) found.push({ call, ivar });
  }
  return found;
}

/** The object is called (`ivar->SetLength(…)`) or passed to a call that is not a release. */
function isPlainUse(text: string, node: SyntaxNode): boolean {
  const outer = outerExpression(node);
  const parent = outer.parent;
  if (parent?.type === 'field_expression' && parent.childForFieldName('argument')?.startIndex === outer.startIndex) {
    const call = parent.parent;
    const field = parent.childForFieldName('field');
    return call?.type === 'call_expression' && field !== null && !RELEASES.has(slice(text, field));
  }
  if (parent?.type !== 'argument_list') return false;
  const callee = parent.parent?.childForFieldName('function');
  return callee !== null && callee !== undefined && !RELEASES.has(slice(text, callee).replace(/^.*(::|->|\.)/, ''));
}
