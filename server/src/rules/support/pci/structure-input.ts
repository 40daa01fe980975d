// Finds structure inputs a user client reads without checking them, on paths no dispatch-table size check covers.
import { findCalls, slice, type CallSite } from '../../../model/calls';
import type { FileModel, FunctionDef } from '../../../model/file-model';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { compactText, unwrapExpression } from '../dispatch/syntax';
import type { DeclaredArray } from './selector-bounds';

/** A function that receives the client's `IOUserClientMethodArguments *` as `parameter`. */
export interface ArgumentsHandler {
  readonly fn: FunctionDef;
  readonly parameter: string;
}

export interface UncheckedRead {
  readonly call: CallSite;
  /** `arguments->structureInput` as written, compacted. */
  readonly input: string;
}

const ARGUMENTS_TYPE = /\bIOUserClientMethodArguments\s*\*$/;
const DISPATCH_TYPE = /\bIOUserClientMethodDispatch$/;
/** Spellings of `kIOUserClientVariableStructureSize` (0xffffffff): the table does not check the size. */
const VARIABLE_SIZE = /^(kIOUserClientVariableStructureSize|0x[fF]{8}[uU]?|-1[uU]?|\(uint32_t\)\s*-1|UINT32_MAX)$/;
const STRUCTURE_INPUT_FIELD = 3;
const MAX_DEPTH = 3;

/**
 * The functions that handle client arguments with no size check from an IOUserClientMethodDispatch table:
 * `ExternalMethod` itself, table functions whose `checkStructureInputSize` is variable, and the functions of this
 * file these hand the arguments to directly (a `switch` calling `HandleFoo(arguments)` bypasses every table), but
 * not past a function that itself looks at the structure input (its check may cover its callees).
 */
export function uncheckedHandlers(file: FileModel, spec: { externalMethods: readonly ArgumentsHandler[]; arrays: ReadonlyMap<string, DeclaredArray> }): ArgumentsHandler[] {
  const roots = [...spec.externalMethods];
  for (const table of spec.arrays.values()) {
    if (!DISPATCH_TYPE.test(table.elementType) || !table.initializer) continue;
    for (const name of variableSizeFunctions(file.text, table.initializer)) roots.push(...handlersNamed(file, name));
  }
  const found = new Map<FunctionDef, ArgumentsHandler>();
  let frontier = roots;
  for (let depth = 0; depth <= MAX_DEPTH && frontier.length > 0; depth++) {
    const next: ArgumentsHandler[] = [];
    for (const handler of frontier) {
      if (found.has(handler.fn)) continue;
      found.set(handler.fn, handler);
      if (structureInputUse(file.text, handler).checked) continue;
      for (const call of findCalls(file.text, handler.fn.body)) {
        if (call.qualifiedName?.startsWith('super::') === true) continue;
        call.args.forEach((arg, index) => {
          const inner = unwrapExpression(arg);
          if (inner.type === 'identifier' && slice(file.text, inner) === handler.parameter) next.push(...handlersNamed(file, call.name, index));
        });
      }
    }
    frontier = next;
  }
  return [...found.values()];
}

/** The first zero-argument `getBytesNoCopy()` on the structure input, when the function does nothing else with it. */
export function uncheckedStructureRead(text: string, handler: ArgumentsHandler): UncheckedRead | undefined {
  const use = structureInputUse(text, handler);
  return !use.checked && use.reads.length > 0 ? { call: use.reads[0], input: `${handler.parameter}->structureInput` } : undefined;
}

/** The `getBytesNoCopy()` reads of the structure input, and whether anything else (a null test, getLength()) uses it. */
function structureInputUse(text: string, handler: ArgumentsHandler): { reads: CallSite[]; checked: boolean } {
  const input = `${handler.parameter}->structureInput`;
  const reads: CallSite[] = [];
  for (const mention of nodesOfType(handler.fn.body, 'field_expression')) {
    if (compactText(text, mention) !== input) continue;
    const member = mention.parent;
    const call = member?.parent;
    const field = member?.type === 'field_expression' ? member.childForFieldName('field') : null;
    const argumentList = call?.type === 'call_expression' ? call.childForFieldName('arguments') : null;
    if (!field || slice(text, field) !== 'getBytesNoCopy' || !argumentList || argumentList.namedChildCount !== 0) return { reads, checked: true };
    const read = findCalls(text, call as SyntaxNode)[0];
    if (read) reads.push(read);
  }
  return { reads, checked: false };
}

/**
 * Definitions in this file named `name` whose parameter number `index` (or, without an index, any parameter) is an
 * `IOUserClientMethodArguments *`.
 */
function handlersNamed(file: FileModel, name: string, index?: number): ArgumentsHandler[] {
  const found: ArgumentsHandler[] = [];
  for (const fn of file.functions) {
    if (fn.methodName !== name) continue;
    const param = index === undefined ? fn.params.find((p) => ARGUMENTS_TYPE.test(p.type)) : fn.params[index];
    if (param?.name && ARGUMENTS_TYPE.test(param.type)) found.push({ fn, parameter: param.name });
  }
  return found;
}

/** Names of the functions in table rows whose structure-input size check is `kIOUserClientVariableStructureSize`. */
function variableSizeFunctions(text: string, initializer: SyntaxNode): string[] {
  const names: string[] = [];
  for (let row of initializer.namedChildren) {
    if (row.type === 'initializer_pair') row = row.childForFieldName('value') ?? row;
    if (row.type !== 'initializer_list') continue;
    let fn: SyntaxNode | undefined;
    let size: SyntaxNode | undefined;
    const positional = row.namedChildren.filter((c) => c.type !== 'comment');
    for (const [i, element] of positional.entries()) {
      if (element.type === 'initializer_pair') {
        const designator = element.namedChildren[0];
        const field = designator?.type === 'field_designator' ? slice(text, designator).replace(/^\./, '').trim() : '';
        if (field === 'function') fn = element.childForFieldName('value') ?? undefined;
        if (field === 'checkStructureInputSize') size = element.childForFieldName('value') ?? undefined;
      } else if (i === 0) fn = element;
      else if (i === STRUCTURE_INPUT_FIELD) size = element;
    }
    const name = fn ? lastIdentifier(text, fn) : undefined;
    if (name && size && VARIABLE_SIZE.test(slice(text, size).trim())) names.push(name);
  }
  return names;
}

function lastIdentifier(text: string, node: SyntaxNode): string | undefined {
  const ids = nodesOfType(node, 'identifier');
  return ids.length > 0 ? slice(text, ids[ids.length - 1]) : undefined;
}
