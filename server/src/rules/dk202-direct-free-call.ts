// DK202: calling free() on an OSObject bypasses reference counting; release it instead.
import type { FileModel } from '../model/file-model';
import { defineRule, type Finding, type Fix } from './rule';
import { enclosingFunction, findCalls, slice, type CallSite } from '../model/calls';

export const directFreeCall = defineRule(
  {
    code: 'DK202',
    name: 'direct-free-call',
    summary: 'Never call `free()` on an OSObject yourself; drop your reference with `OSSafeReleaseNULL` (or `release()`), and call `super::free()` only from your own `free()` override.',
    category: 'lifetime',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel): Finding[] => {
    const findings: Finding[] = [];
    if (!file.tree) return findings;
    for (const call of findCalls(file.text, file.tree.rootNode)) {
      if (call.name !== 'free' || call.args.length !== 0) continue;
      const finding = check(file, call);
      if (finding) findings.push(finding);
    }
    return findings;
  },
);

function check(file: FileModel, call: CallSite): Finding | undefined {
  const range = { start: call.node.startIndex, end: call.node.endIndex };
  const inFunction = enclosingFunction(file.functions, call.node.startIndex);
  if (call.qualifiedName === 'super::free') {
    // The base class's free() deallocates: only the free() override itself may chain to it.
    if (!inFunction || inFunction.methodName === 'free') return undefined;
    return { range, message: `'super::free()' deallocates this object from '${inFunction.methodName}'; only your free() override may call it, as its last statement.` };
  }
  if (call.qualifiedName !== undefined) return undefined;
  if (!call.receiver) {
    // A bare free() in a member function is this->free(); outside a class it is some other function.
    if (!inFunction?.className) return undefined;
    return { range, message: "'free()' destroys this object whatever its retain count; call 'release()' to drop a reference instead." };
  }
  const callee = call.node.childForFieldName('function');
  const operator = callee?.children.find((c) => c.type === '->' || c.type === '.');
  // An object reached with '.' is not an OSObject pointer, so its free() is some other API.
  if (operator?.type !== '->') return undefined;
  const receiver = slice(file.text, call.receiver);
  const assignable = call.receiver.type === 'identifier' || call.receiver.type === 'field_expression';
  const advice = assignable ? `release your reference with 'OSSafeReleaseNULL(${receiver})' instead` : `call '${receiver}->release()' to drop a reference instead`;
  return {
    range,
    message: `'${receiver}->free()' destroys the object whatever its retain count, leaving every other reference dangling; ${advice}.`,
    fixes: assignable ? releaseFix(file, call, receiver) : [],
  };
}

/** Replaces the whole `x->free();` statement; OSSafeReleaseNULL is a brace block, so an unbraced body keeps braces. */
function releaseFix(file: FileModel, call: CallSite, receiver: string): Fix[] {
  const statement = call.node.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildren.length !== 1) return [];
  const inBlock = statement.parent?.type === 'compound_statement' || statement.parent?.type === 'case_statement';
  const replacement = inBlock ? `OSSafeReleaseNULL(${receiver});` : `{ OSSafeReleaseNULL(${receiver}); }`;
  return [{ title: `Replace with OSSafeReleaseNULL(${receiver})`, isPreferred: true, edits: [{ uri: file.uri, range: { start: statement.startIndex, end: statement.endIndex }, newText: replacement }] }];
}
