// DK201: an object returned at +1 through an out-parameter must be released or handed off on every path out.
import { findLeaks, type Leak } from '../analysis/ownership/interpreter';
import { returnsRetainedOutParameter } from '../knowledge/knowledge-base';
import type { FunctionDef, OffsetRange } from '../model/file-model';
import { containsSyntaxError } from '../model/node-index';
import type { SyntaxNode } from '../parser/syntax-node';
import { localDeclarations } from '../analysis/ownership/scopes';
import { isAddressOf, mentions } from '../analysis/ownership/syntax-shapes';
import { defineFunctionRule, type ScopedFile, type Finding, type Fix } from './rule';
import { findCalls, slice } from '../model/calls';
import { indentationAt, lineBreakOf, lineStartOf, startsLine } from './support/source-text';

export const leakedRetainedObject = defineFunctionRule(
  {
    code: 'DK201',
    name: 'leaked-retained-object',
    summary: 'An object returned at +1 through an out-parameter (`Create`, `CreateMapping`, `CreateAction…`, `Copy…`) must be released or handed off on every path out of the function.',
    category: 'lifetime',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (fn, file) => checkFunction(file, fn),
);

function checkFunction(file: ScopedFile, fn: FunctionDef): Finding[] {
  const candidates = acquiredLocals(file.text, fn.body);
  if (candidates.size === 0 || containsSyntaxError(fn.body)) return [];
  const findings: Finding[] = [];
  for (const [variable, creator] of candidates) {
    for (const leak of findLeaks(file.text, fn.body, variable)) {
      findings.push({
        range: reportRange(leak),
        message: `'${variable}' holds a +1 reference from '${creator}' that leaks on this path; release it with 'OSSafeReleaseNULL(${variable})' or hand it off (store it in ivars, an out-parameter, or return it).`,
        related: [{ uri: file.uri, range: { start: leak.acquiredBy.startIndex, end: leak.acquiredBy.endIndex }, message: `'${variable}' is acquired here at +1.` }],
        fixes: releaseFix(file, leak, variable),
      });
    }
  }
  return findings;
}

/** Local pointer variables whose address is passed as the out-argument of a +1 creator, with that creator's name. */
function acquiredLocals(text: string, body: SyntaxNode): Map<string, string> {
  const creators = findCalls(text, body).filter((c) => c.args.length > 0 && returnsRetainedOutParameter({ qualifiedName: c.qualifiedName, memberName: c.name }));
  const found = new Map<string, string>();
  if (creators.length === 0) return found;
  const locals = declaredPointerLocals(text, body);
  for (const call of creators) {
    const last = call.args[call.args.length - 1];
    for (const name of locals) {
      if (!found.has(name) && isAddressOf(text, last, name)) found.set(name, call.qualifiedName ?? call.name);
    }
  }
  return found;
}

function declaredPointerLocals(text: string, body: SyntaxNode): Set<string> {
  const names = new Set<string>();
  for (const node of localDeclarations(text, body).all) {
    if (text.startsWith('static', node.startIndex)) continue;
    for (const declarator of node.namedChildren) {
      const pointer = declarator.type === 'init_declarator' ? declarator.childForFieldName('declarator') : declarator;
      const name = pointer?.type === 'pointer_declarator' ? pointer.childForFieldName('declarator') : null;
      if (name?.type === 'identifier') names.add(slice(text, name));
    }
  }
  return names;
}

function reportRange(leak: Leak): OffsetRange {
  if (leak.kind === 'end') return { start: leak.node.endIndex - 1, end: leak.node.endIndex };
  return { start: leak.node.startIndex, end: leak.node.endIndex };
}

/**
 * Releasing just before the exit is offered only when every path through it holds the object or nothing; a
 * `__Require` jump cannot take a statement in front of it without also running it on the success path.
 */
function releaseFix(file: ScopedFile, leak: Leak, variable: string): Fix[] {
  if (!leak.releaseBeforeIsSafe || leak.kind === 'require') return [];
  // `return map->GetLength();` still reads the object: releasing first would return through a NULL pointer.
  if (leak.kind === 'return' && mentions(file.text, leak.node, variable)) return [];
  const text = file.text;
  const eol = lineBreakOf(text);
  const release = `OSSafeReleaseNULL(${variable});`;
  const title = `Release '${variable}' with OSSafeReleaseNULL before leaving`;
  if (leak.kind === 'end') {
    const closing = leak.node.endIndex - 1;
    if (!startsLine(text, closing)) return [];
    const at = lineStartOf(text, closing);
    const indent = `${indentationAt(text, closing)}    `;
    return [{ title, isPreferred: true, edits: [{ uri: file.uri, range: { start: at, end: at }, newText: `${indent}${release}${eol}` }] }];
  }
  const exit = leak.node;
  if (exit.parent?.type === 'compound_statement' || exit.parent?.type === 'case_statement' || exit.parent?.type === 'labeled_statement') {
    const indent = indentationAt(text, exit.startIndex);
    const insertion = startsLine(text, exit.startIndex) ? `${release}${eol}${indent}` : `${release} `;
    return [{ title, isPreferred: true, edits: [{ uri: file.uri, range: { start: exit.startIndex, end: exit.startIndex }, newText: insertion }] }];
  }
  // An unbraced if/else/loop body: wrap it so the release runs only on this path.
  const original = slice(text, exit);
  return [{ title, isPreferred: true, edits: [{ uri: file.uri, range: { start: exit.startIndex, end: exit.endIndex }, newText: `{ ${release} ${original} }` }] }];
}
