// DK502: an IOBufferMemoryDescriptor handed to I/O, DMA or a client should have its length set with SetLength.
import { unwrap } from '../analysis/ownership/syntax-shapes';
import { findCalls, slice, type CallSite } from '../model/calls';
import { perDefinition } from '../model/definition-memo';
import type { FileModel, FunctionDef } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineFunctionRule, type Finding, type Fix, type ScopedFile } from './rule';
import { isBufferCreate } from './support/memory/buffer-create';
import { bufferUses, compactText } from './support/memory/buffer-uses';
import { integerValue } from './support/memory/integer-literals';
import { findLocal } from './support/memory/local-declarations';
import { isSimpleExpression, successCheckAfter } from './support/memory/success-path';
import { indentationAt, lineBreakOf } from './support/source-text';

export const bufferLengthNeverSet = defineFunctionRule(
  {
    code: 'DK502',
    name: 'buffer-length-never-set',
    summary: 'Call `SetLength` on a buffer from `IOBufferMemoryDescriptor::Create` before handing it to DMA, a transfer or a client: its header documents a new buffer as having no valid data and zero length until then.',
    category: 'memory',
    defaultSeverity: 'information',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  // A local is seen whole in its function; an ivars field in every method of the class in this file.
  (fn, file): Finding[] => localCreates(file, fn).flatMap(({ call, target }) => checkCreate(file, { call, target, scope: [fn] }) ?? []),
  (file: FileModel): Finding[] =>
    file.functions.flatMap((fn) =>
      ivarsCreates(fn, file.text).flatMap(({ call, target }) => checkCreate(file, { call, target, scope: file.functions.filter((f) => f.className === fn.className) }) ?? []),
    ),
);

interface OutTarget {
  readonly name: string;
  readonly node: SyntaxNode;
}

interface BufferCreate {
  readonly call: CallSite;
  readonly target: OutTarget;
}

/** The function's `IOBufferMemoryDescriptor::Create` calls whose out-argument is a local pointer: `&buffer`. */
function localCreates(file: ScopedFile, fn: FunctionDef): BufferCreate[] {
  return bufferCreateCalls(fn, file.text).flatMap((call) => {
    const out = outArgument(call);
    const local = out?.type === 'identifier' ? findLocal({ text: file.text, body: fn.body }, slice(file.text, out)) : undefined;
    return out && local?.isPointer ? [{ call, target: { name: local.name, node: out } }] : [];
  });
}

/**
 * The function's `IOBufferMemoryDescriptor::Create` calls whose out-argument is an ivars field: `&ivars->buffer`.
 * Read from the function alone, so that the class-wide pass re-reads only the function an edit touched.
 */
const ivarsCreates = perDefinition((fn, text): BufferCreate[] =>
  bufferCreateCalls(fn, text).flatMap((call) => {
    const out = outArgument(call);
    const object = out?.type === 'field_expression' ? out.childForFieldName('argument') : null;
    if (!out || object?.type !== 'identifier' || slice(text, object) !== 'ivars') return [];
    return [{ call, target: { name: compactText(text, out), node: out } }];
  }),
);

/** A function's `IOBufferMemoryDescriptor::Create(options, capacity, alignment, &out)` calls. */
const bufferCreateCalls = perDefinition((fn, text) => findCalls(text, fn.body).filter(isBufferCreate));

/** `out` of `&out`, through parentheses and casts; undefined for any other last argument. */
function outArgument(call: CallSite): SyntaxNode | undefined {
  const out = unwrap(call.args[3]);
  const argument = out.type === 'pointer_expression' ? out.childForFieldName('argument') : null;
  return argument ? unwrap(argument) : undefined;
}

function checkCreate(file: ScopedFile, site: { call: CallSite; target: OutTarget; scope: readonly FunctionDef[] }): Finding | undefined {
  const { call, target, scope } = site;
  const uses = bufferUses({ file, scope, target: target.name, skip: target.node });
  if (uses.some((u) => u.kind === 'set-length' || u.kind === 'unknown')) return undefined;
  const io = uses.find((u) => u.kind === 'io');
  if (!io) return undefined;
  return {
    range: call.calleeRange,
    message: `'${target.name}' reaches '${io.consumer}' without 'SetLength'; the IOBufferMemoryDescriptor header documents a new buffer as having zero length until set, so call '${target.name}->SetLength(...)' after a successful Create.`,
    related: [{ uri: file.uri, range: rangeOf(io.node), message: `'${target.name}' is handed to '${io.consumer}' here.` }],
    fixes: setLengthFix(file, call, target.name),
  };
}

/** Inserts `buffer->SetLength(capacity);` on its own line after the check that leaves when Create failed. */
function setLengthFix(file: ScopedFile, call: CallSite, name: string): Fix[] {
  const text = file.text;
  const capacity = call.args[1];
  if (!isSimpleExpression(capacity) || slice(text, capacity).includes(name) || integerValue(text, capacity) === 0n) return [];
  const check = successCheckAfter({ text, call: call.node, out: name });
  if (!check) return [];
  const eol = lineBreakOf(text);
  const lineEnd = text.indexOf(eol, check.endIndex);
  if (lineEnd < 0 || text.slice(check.endIndex, lineEnd).trim() !== '') return [];
  const at = lineEnd + eol.length;
  const newText = `${indentationAt(text, check.startIndex)}${name}->SetLength(${slice(text, capacity)});${eol}`;
  return [{ title: `Set the length of '${name}' to its capacity`, isPreferred: true, edits: [{ uri: file.uri, range: { start: at, end: at }, newText }] }];
}
