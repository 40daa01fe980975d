// DK202: calling free() on an OSObject bypasses reference counting; release it instead.
import type { FileModel } from '../model/file-model';
import { walk } from '../model/syntax-helpers';
import { defineRule, type Finding, type Fix } from './rule';
import { readCall, slice, type CallSite } from './support/calls';

export const directFreeCall = defineRule(
  {
    code: 'DK202',
    name: 'direct-free-call',
    summary: 'Never call `free()` on an OSObject yourself; drop your reference with `OSSafeReleaseNULL` (or `release()`), and call `super::free()` only as the last statement of your own `free()` override.',
    category: 'lifetime',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel): Finding[] => {
    const findings: Finding[] = [];
    if (!file.tree) return findings;
    walk(file.tree.rootNode, (node) => {
      const call = readCall(file.text, node);
      if (!call || call.name !== 'free' || call.args.length !== 0 || !call.receiver) return;
      const receiver = slice(file.text, call.receiver);
      findings.push({
        range: { start: call.node.startIndex, end: call.node.endIndex },
        message: `'${receiver}->free()' destroys the object whatever its retain count, leaving every other reference dangling; release your reference with 'OSSafeReleaseNULL(${receiver})' instead.`,
        fixes: releaseFix(file, call, receiver),
      });
    });
    return findings;
  },
);

/** Replaces the whole `x->free();` statement; OSSafeReleaseNULL is a brace block, so an unbraced body keeps braces. */
function releaseFix(file: FileModel, call: CallSite, receiver: string): Fix[] {
  const statement = call.node.parent;
  const assignable = call.receiver?.type === 'identifier' || call.receiver?.type === 'field_expression';
  if (!assignable || statement?.type !== 'expression_statement' || statement.namedChildren.length !== 1) return [];
  const inBlock = statement.parent?.type === 'compound_statement' || statement.parent?.type === 'case_statement';
  const replacement = inBlock ? `OSSafeReleaseNULL(${receiver});` : `{ OSSafeReleaseNULL(${receiver}); }`;
  return [{ title: `Replace with OSSafeReleaseNULL(${receiver})`, isPreferred: true, edits: [{ uri: file.uri, range: { start: statement.startIndex, end: statement.endIndex }, newText: replacement }] }];
}
