// Finds and classifies every use of a buffer (a local or an ivars field) for DK502: length set, I/O, or unknown.
import { readCall, slice } from '../../../model/calls';
import type { FunctionDef } from '../../../model/file-model';
import type { ScopedFile } from '../../rule';
import { walk } from '../../../model/syntax-helpers';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { isNullConstant, textOf } from '../../../analysis/ownership/syntax-shapes';

/**
 * `set-length`: `b->SetLength(...)`; `io`: handed to a transfer, DMA preparation or a client; `neutral`: the
 * buffer's own methods, releases and null tests; `unknown`: anything that lets the buffer go where this file's text
 * cannot follow it (stored elsewhere, passed to another function, returned).
 */
export type BufferUseKind = 'set-length' | 'io' | 'neutral' | 'unknown';

export interface BufferUse {
  readonly node: SyntaxNode;
  readonly kind: BufferUseKind;
  /** For `io`: the call or method the buffer is handed to. */
  readonly consumer?: string;
}

/** Calls that transfer data through a memory descriptor, by the index of the descriptor argument. */
const IO_CONSUMERS: Readonly<Record<string, number>> = { PrepareForDMA: 1, PerformOperation: 4, AsyncIO: 0, IO: 0 };

const RELEASES = new Set(['OSSafeReleaseNULL', 'OSSafeRelease']);
const TESTS = new Set(['==', '!=', '!', '&&', '||']);

/** `ivars->buffer` written without spaces: how a field chain is compared. */
export function compactText(text: string, node: SyntaxNode): string {
  return textOf(text, node).replace(/\s+/g, '');
}

/**
 * Every use of `target` (a local's name, or a field chain such as `ivars->buffer`) in `scope`, except `skip` (the
 * creating call's out-argument), classified.
 */
export function bufferUses(query: { readonly file: ScopedFile; readonly scope: readonly FunctionDef[]; readonly target: string; readonly skip: SyntaxNode }): BufferUse[] {
  const { file, scope, target, skip } = query;
  const uses: BufferUse[] = [];
  const isField = target.includes('->');
  for (const fn of scope) {
    walk(fn.body, (node) => {
      if (node.startIndex === skip.startIndex && node.endIndex === skip.endIndex) return;
      const matches = isField ? node.type === 'field_expression' && compactText(file.text, node) === target : node.type === 'identifier' && slice(file.text, node) === target;
      if (matches) uses.push(classify(file.text, node, fn));
    });
  }
  return uses;
}

function classify(text: string, use: SyntaxNode, fn: FunctionDef): BufferUse {
  let node = use;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (!parent) return { node: use, kind: 'unknown' };
  switch (parent.type) {
    case 'field_expression': {
      const method = parent.childForFieldName('field');
      const called = parent.parent?.type === 'call_expression' && parent.parent.childForFieldName('function')?.startIndex === parent.startIndex;
      return { node: use, kind: called && method && slice(text, method) === 'SetLength' ? 'set-length' : 'neutral' };
    }
    case 'argument_list': {
      const call = parent.parent ? readCall(text, parent.parent) : undefined;
      if (!call) return { node: use, kind: 'unknown' };
      if (RELEASES.has(call.name)) return { node: use, kind: 'neutral' };
      const index = call.args.findIndex((a) => a.startIndex === node.startIndex);
      return IO_CONSUMERS[call.name] === index ? { node: use, kind: 'io', consumer: call.name } : { node: use, kind: 'unknown' };
    }
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      const right = parent.childForFieldName('right');
      if (left?.startIndex === node.startIndex) return { node: use, kind: right && isNullConstant(text, right) ? 'neutral' : 'unknown' };
      // `*memory = buffer;` in CopyClientMemoryForType hands the buffer to the client that maps it.
      const handsToClient = left?.type === 'pointer_expression' && fn.methodName === 'CopyClientMemoryForType';
      return handsToClient ? { node: use, kind: 'io', consumer: 'CopyClientMemoryForType' } : { node: use, kind: 'unknown' };
    }
    case 'binary_expression':
    case 'unary_expression':
      return { node: use, kind: TESTS.has(slice(text, parent.childForFieldName('operator') ?? parent)) ? 'neutral' : 'unknown' };
    case 'condition_clause':
    case 'pointer_declarator':
    case 'reference_declarator':
      return { node: use, kind: 'neutral' };
    case 'init_declarator':
      // The declaration of the local itself is no use; initialising another variable with it is.
      return { node: use, kind: parent.childForFieldName('declarator')?.startIndex === node.startIndex ? 'neutral' : 'unknown' };
    default:
      return { node: use, kind: 'unknown' };
  }
}
