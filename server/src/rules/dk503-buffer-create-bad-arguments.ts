// DK503: IOBufferMemoryDescriptor::Create takes only direction options, and capacity before alignment.
import { textOf, unwrap } from '../analysis/ownership/syntax-shapes';
import { findCalls, slice, type CallSite } from '../model/calls';
import type { FileModel } from '../model/file-model';
import type { SyntaxNode } from '../parser/syntax-node';
import { perTopLevelSubtree } from '../model/definition-memo';
import { defineRule, type Finding } from './rule';
import { isBufferCreate } from './support/memory/buffer-create';
import { integerValue, isPowerOfTwo } from './support/memory/integer-literals';

export const bufferCreateBadArguments = defineRule(
  {
    code: 'DK503',
    name: 'buffer-create-bad-arguments',
    summary: 'Pass `IOBufferMemoryDescriptor::Create` only `kIOMemoryDirection*` options, then the capacity, then the alignment: any other option bit makes it fail with `kIOReturnBadArgument`, and swapped sizes allocate the wrong buffer.',
    category: 'memory',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel): Finding[] => {
    const findings: Finding[] = [];
    if (!file.tree) return findings;
    for (const { call, options, swapped } of file.tree.rootNode.namedChildren.flatMap((top) => faultyCreates(top, file.text))) {
      if (options) findings.push(optionsFinding(call, options));
      if (swapped) findings.push(swappedFinding(file, call));
    }
    return findings;
  },
);

interface FaultyCreate {
  readonly call: CallSite;
  /** The option bits that are not directions, when the options can be judged. */
  readonly options: readonly string[] | undefined;
  readonly swapped: boolean;
}

/**
 * The `IOBufferMemoryDescriptor::Create(options, capacity, alignment, &buffer)` calls of one top-level declaration
 * with bad options or swapped sizes. Both verdicts read only the call's own arguments, so they are kept across edits
 * and a keystroke judges only the declaration it touched.
 */
const faultyCreates = perTopLevelSubtree((top, text): FaultyCreate[] =>
  findCalls(text, top)
    .filter(isBufferCreate)
    .map((call) => ({ call, options: badOptions(text, call.args[0]), swapped: sizesLookSwapped(text, call) }))
    .filter((create) => create.options !== undefined || create.swapped),
);

const DIRECTIONS = new Set(['kIOMemoryDirectionNone', 'kIOMemoryDirectionIn', 'kIOMemoryDirectionOut', 'kIOMemoryDirectionOutIn', 'kIOMemoryDirectionInOut']);
/** The kernel rejects any option bit outside kIOMemoryDirectionOutIn (3). */
const DIRECTION_MASK = 3n;

/**
 * The offending parts of an options expression built from `|`, direction constants and literals: memory
 * constants that are not directions (`kIOMemoryMapReadOnly`, `kIOUserClientMemoryReadOnly`), and literals with
 * bits above the direction mask. Undefined when the options are fine or cannot be judged (a variable, a project
 * constant, a call).
 */
function badOptions(text: string, options: SyntaxNode): string[] | undefined {
  const bad: string[] = [];
  let judgeable = true;
  const visit = (node: SyntaxNode): void => {
    const inner = unwrap(node);
    if (inner.type === 'binary_expression' && textOf(text, inner.childForFieldName('operator') ?? inner) === '|') {
      for (const side of [inner.childForFieldName('left'), inner.childForFieldName('right')]) if (side) visit(side);
      return;
    }
    const value = integerValue(text, inner);
    const name = inner.type === 'identifier' ? slice(text, inner) : undefined;
    if (value !== undefined) {
      if ((value & ~DIRECTION_MASK) !== 0n) bad.push(slice(text, inner));
    } else if (name !== undefined && !DIRECTIONS.has(name)) {
      if (/^kIO(UserClient)?Memory[A-Z]/.test(name)) bad.push(name);
      else judgeable = false;
    } else if (name === undefined) {
      judgeable = false;
    }
  };
  visit(options);
  return judgeable && bad.length > 0 ? bad : undefined;
}

function optionsFinding(call: CallSite, bad: readonly string[]): Finding {
  const names = bad.map((b) => `'${b}'`).join(' and ');
  return {
    range: { start: call.args[0].startIndex, end: call.args[0].endIndex },
    message: `${names} ${bad.length > 1 ? 'are' : 'is'} not a memory direction; 'IOBufferMemoryDescriptor::Create' fails with kIOReturnBadArgument unless its options are only kIOMemoryDirection* flags.`,
  };
}

/** Larger than any page size: an alignment this large is certainly a size. */
const MAX_MEANINGFUL_ALIGNMENT = 16384n;

/**
 * Capacity and alignment literals in the wrong order: the alignment exceeds the capacity and is not a plausible
 * alignment (not a power of two, or above a page), or the capacity is 0. A small buffer with a larger power-of-two
 * alignment (`Create(dir, 64, 4096, &b)`) may be intended and is left alone.
 */
function sizesLookSwapped(text: string, call: CallSite): boolean {
  const capacity = integerValue(text, call.args[1]);
  const alignment = integerValue(text, call.args[2]);
  if (capacity === undefined || alignment === undefined || alignment <= capacity) return false;
  return capacity === 0n || !isPowerOfTwo(alignment) || alignment > MAX_MEANINGFUL_ALIGNMENT;
}

function swappedFinding(file: FileModel, call: CallSite): Finding {
  const text = file.text;
  const [, capacityNode, alignmentNode] = call.args;
  const capacityText = slice(text, capacityNode);
  const alignmentText = slice(text, alignmentNode);
  return {
    range: { start: capacityNode.startIndex, end: alignmentNode.endIndex },
    message: `The capacity '${capacityText}' and alignment '${alignmentText}' look swapped: 'IOBufferMemoryDescriptor::Create' takes (options, capacity, alignment, &buffer); pass '${alignmentText}' as the capacity.`,
    fixes: [
      {
        title: 'Swap the capacity and the alignment',
        isPreferred: true,
        edits: [
          { uri: file.uri, range: { start: capacityNode.startIndex, end: capacityNode.endIndex }, newText: alignmentText },
          { uri: file.uri, range: { start: alignmentNode.startIndex, end: alignmentNode.endIndex }, newText: capacityText },
        ],
      },
    ],
  };
}
