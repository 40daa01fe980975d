// DK504: PrepareForDMA reads the segment count as the array's capacity, and a prepared command needs CompleteDMA.
import { unwrap } from '../analysis/ownership/syntax-shapes';
import { findCalls, slice, type CallSite } from '../model/calls';
import type { FileModel, FunctionDef } from '../model/file-model';
import { perDefinition } from '../model/definition-memo';
import { rangeOf } from '../model/syntax-helpers';
import { defineRule, type Finding, type Fix } from './rule';
import { integerValue } from './support/memory/integer-literals';
import { findLocal, mentionsOf, type LocalDeclaration } from './support/memory/local-declarations';
import { isSimpleExpression } from './support/memory/success-path';

export const dmaPrepareCompletePairing = defineRule(
  {
    code: 'DK504',
    name: 'dma-prepare-complete-pairing',
    summary: 'Set the segment count passed to `PrepareForDMA` to the capacity of the segments array before the call, and pair every `PrepareForDMA` with a `CompleteDMA` once the transfer is done.',
    category: 'memory',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel): Finding[] => {
    const prepares = file.functions.flatMap((fn) => dmaCalls(fn, file.text).prepares.map((call) => ({ fn, call })));
    const completes = file.functions.some((fn) => dmaCalls(fn, file.text).completes);
    const findings: Finding[] = [];
    for (const { fn, call } of prepares) {
      const count = checkCount(file, fn, call);
      if (count) findings.push(count);
      if (!completes) {
        const command = slice(file.text, call.receiver as NonNullable<CallSite['receiver']>);
        findings.push({
          range: call.calleeRange,
          message: `'${command}' is prepared with 'PrepareForDMA' but nothing in this file calls 'CompleteDMA'; complete the command when the transfer is done, before preparing it again or releasing it.`,
        });
      }
    }
    return findings;
  },
);

/** A function's `PrepareForDMA` calls, and whether it calls `CompleteDMA`. */
const dmaCalls = perDefinition((fn, text) => {
  const calls = findCalls(text, fn.body);
  return { prepares: calls.filter(isPrepare), completes: calls.some((call) => call.name === 'CompleteDMA') };
});

function isPrepare(call: CallSite): boolean {
  return call.name === 'PrepareForDMA' && call.receiver !== undefined && call.args.length === 7;
}

/** `uint32_t count;` passed as `&count` before anything sets it, or initialised above the array's element count. */
function checkCount(file: FileModel, fn: FunctionDef, call: CallSite): Finding | undefined {
  const text = file.text;
  const countArgument = unwrap(call.args[5]);
  const counted = countArgument.type === 'pointer_expression' ? countArgument.childForFieldName('argument') : null;
  if (counted?.type !== 'identifier') return undefined;
  const count = findLocal({ text, body: fn.body }, slice(text, counted));
  if (!count || count.isPointer || count.arraySize || count.nameNode.startIndex > call.node.startIndex) return undefined;
  // Anything that mentions the count between its declaration and the call may set it.
  const between = mentionsOf({ text, body: fn.body }, count.name).filter((m) => m.startIndex > count.nameNode.startIndex && m.startIndex < countArgument.startIndex);
  if (between.length > 0) return undefined;
  const segmentsNode = unwrap(call.args[6]);
  const segments = segmentsNode.type === 'identifier' ? findLocal({ text, body: fn.body }, slice(text, segmentsNode)) : undefined;
  const capacity = segments?.arraySize && isSimpleExpression(segments.arraySize) ? slice(text, segments.arraySize) : undefined;
  if (!count.value) {
    return {
      range: rangeOf(call.args[5]),
      message: `'${count.name}' is passed to 'PrepareForDMA' uninitialised, but the kernel reads it as the capacity of the segments array; initialise it to the array's element count${capacity ? ` (${capacity})` : ''}.`,
      fixes: capacity ? [initialiseFix(file, count, capacity)] : [],
    };
  }
  const start = integerValue(text, count.value);
  const limit = segments?.arraySize ? integerValue(text, segments.arraySize) : undefined;
  if (start === undefined || limit === undefined || start <= limit || !segments || !capacity) return undefined;
  return {
    range: rangeOf(call.args[5]),
    message: `'${count.name}' starts at ${slice(text, count.value)} but '${segments.name}' holds only ${capacity} segments; 'PrepareForDMA' takes the count as the array's capacity and may write past its end, so start it at ${capacity}.`,
    fixes: [{ title: `Start '${count.name}' at ${capacity}`, isPreferred: true, edits: [{ uri: file.uri, range: rangeOf(count.value), newText: capacity }] }],
  };
}

function initialiseFix(file: FileModel, count: LocalDeclaration, capacity: string): Fix {
  const at = count.nameNode.endIndex;
  return { title: `Initialise '${count.name}' to ${capacity}`, isPreferred: true, edits: [{ uri: file.uri, range: { start: at, end: at }, newText: ` = ${capacity}` }] };
}
