// DK505: an IODMACommandSpecification must be zeroed before IODMACommand::Create reads it.
import { textOf, unwrap } from '../analysis/ownership/syntax-shapes';
import { findCalls, readCall, slice, type CallSite } from '../model/calls';
import type { FunctionDef } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineFunctionRule, type Finding, type ScopedFile } from './rule';
import { findLocal, mentionsOf } from './support/memory/local-declarations';

export const dmaSpecificationUninitialized = defineFunctionRule(
  {
    code: 'DK505',
    name: 'dma-specification-uninitialized',
    summary: 'Zero an `IODMACommandSpecification` (`= {}` or `bzero`) and set its `maxAddressBits` before passing it to `IODMACommand::Create`; a stack struct otherwise hands the kernel garbage.',
    category: 'memory',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (fn, file): Finding[] =>
    findCalls(file.text, fn.body)
      .filter((call) => call.qualifiedName === 'IODMACommand::Create' && call.args.length === 4)
      .flatMap((call) => check(file, fn, call) ?? []),
);

type Mention = 'zeroes' | 'sets-address-bits' | 'sets-field' | 'unknown';

function check(file: ScopedFile, fn: FunctionDef, call: CallSite): Finding | undefined {
  const text = file.text;
  const argument = unwrap(call.args[2]);
  const named = argument.type === 'pointer_expression' && textOf(text, argument.childForFieldName('operator') ?? argument) === '&' ? argument.childForFieldName('argument') : null;
  if (named?.type !== 'identifier') return undefined;
  const spec = findLocal({ text, body: fn.body }, slice(text, named));
  if (!spec || spec.value || spec.isPointer || spec.arraySize || !/\bIODMACommandSpecification\b/.test(spec.typeText)) return undefined;
  if (spec.nameNode.startIndex > call.node.startIndex) return undefined;
  const mentions = mentionsOf({ text, body: fn.body }, spec.name)
    .filter((m) => m.startIndex > spec.nameNode.endIndex && m.startIndex < named.startIndex)
    .map((m) => classify(text, m));
  if (mentions.includes('zeroes') || mentions.includes('unknown')) return undefined;
  const addressBits = mentions.includes('sets-address-bits')
    ? ''
    : ", and 'maxAddressBits' is never set, so the kernel reads an arbitrary address width";
  return {
    range: rangeOf(spec.nameNode),
    message: `'${spec.name}' is not zeroed before 'IODMACommand::Create'${addressBits}; declare it as 'IODMACommandSpecification ${spec.name} = {};' (or bzero it) and then set its fields.`,
    related: [{ uri: file.uri, range: rangeOf(call.node), message: `'${spec.name}' is read here.` }],
    fixes: [{ title: `Zero-initialise '${spec.name}'`, isPreferred: true, edits: [{ uri: file.uri, range: { start: spec.nameNode.endIndex, end: spec.nameNode.endIndex }, newText: ' = {}' }] }],
  };
}

/**
 * What one mention of the specification does: `bzero(&spec, …)`, `memset(&spec, 0, …)` or `spec = {}` zero it;
 * `spec.maxAddressBits = …` and other field stores fill it in; anything else (passing it to a helper) may do
 * either, so the rule stays silent.
 */
function classify(text: string, mention: SyntaxNode): Mention {
  const parent = mention.parent;
  if (!parent) return 'unknown';
  if (parent.type === 'field_expression') {
    const store = parent.parent;
    const isStore = store?.type === 'assignment_expression' && store.childForFieldName('left')?.startIndex === parent.startIndex;
    if (!isStore) return 'unknown';
    return slice(text, parent.childForFieldName('field') ?? parent) === 'maxAddressBits' ? 'sets-address-bits' : 'sets-field';
  }
  if (parent.type === 'assignment_expression' && parent.childForFieldName('left')?.startIndex === mention.startIndex) {
    const right = parent.childForFieldName('right');
    return right && isZeroInitializer(text, right) ? 'zeroes' : 'unknown';
  }
  if (parent.type === 'pointer_expression' && parent.parent?.type === 'argument_list' && parent.parent.parent) {
    const call = readCall(text, parent.parent.parent);
    const first = call?.args[0];
    if (call && first && first.startIndex === parent.startIndex && isZeroingCall(text, call)) return 'zeroes';
  }
  return 'unknown';
}

function isZeroingCall(text: string, call: CallSite): boolean {
  if (call.name === 'bzero' && call.args.length === 2) return true;
  return call.name === 'memset' && call.args.length === 3 && /^(0|'\\0')$/.test(slice(text, unwrap(call.args[1])).trim());
}

/** `{}`, `{ 0 }` or `IODMACommandSpecification{}`. */
function isZeroInitializer(text: string, value: SyntaxNode): boolean {
  const inner = unwrap(value);
  const list = inner.type === 'compound_literal_expression' ? inner.childForFieldName('value') : inner;
  if (list?.type !== 'initializer_list') return false;
  return list.namedChildren.every((c) => c.type === 'comment' || slice(text, c).trim() === '0');
}
