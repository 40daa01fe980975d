// Where things sit in a source file: the generated header it includes, iig-only conditionals, whole-line ranges.
import type { FileModel, OffsetRange } from '../../../model/file-model';
import { walk } from '../../../model/syntax-helpers';
import type { SyntaxNode } from '../../../parser/syntax-node';

const CONDITIONALS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_elif']);
/** Macros that are only defined while iig (or Apple's documentation build) reads a file. */
const IIG_ONLY_MACROS = /\b(__IIG|__DOCUMENTATION__)\b/;

/** The file name of a URI or path without directories and without its extension. */
function baseNameOf(uri: string): string {
  const last = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(0, dot) : last;
}

function directoryOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/**
 * True when the class found in the .iig at `iigUri` is certainly the one `file` is compiled against: the file sits
 * next to that .iig, is its namesake (`MyDriver.h` for `MyDriver.iig`), or includes the header iig generates from it.
 * A workspace may hold several projects with a class of the same name (the Xcode template's `MyDriver`).
 */
export function compiledAgainst(file: FileModel, iigUri: string): boolean {
  return directoryOf(file.uri) === directoryOf(iigUri) || baseNameOf(file.uri) === baseNameOf(iigUri) || includesGeneratedHeader(file, iigUri);
}

/**
 * True when the file includes the header iig generates from the .iig at `iigUri` (`#include "MyDriver.h"` or
 * `<MyDriverKit/MyDriver.h>` for `MyDriver.iig`): then that .iig certainly declares the class this file compiles against.
 */
export function includesGeneratedHeader(file: FileModel, iigUri: string): boolean {
  if (!file.tree) return false;
  const wanted = `${baseNameOf(iigUri)}.h`;
  let found = false;
  walk(
    file.tree.rootNode,
    (node) => {
      if (node.type !== 'preproc_include') return;
      const path = node.childForFieldName('path');
      const spelled = path ? file.text.slice(path.startIndex + 1, path.endIndex - 1).trim() : '';
      if (spelled === wanted || spelled.endsWith(`/${wanted}`)) found = true;
    },
    (node) => found || node.type === 'compound_statement' || node.type === 'function_definition',
  );
  return found;
}

/** The chain of nodes containing `offset`, innermost last. */
function nodesContaining(root: SyntaxNode, offset: number): SyntaxNode[] {
  const chain: SyntaxNode[] = [];
  let node: SyntaxNode | undefined = root;
  while (node) {
    chain.push(node);
    node = node.children.find((c) => c.startIndex <= offset && offset < c.endIndex);
  }
  return chain;
}

/**
 * True when `offset` lies under a `#if`/`#ifdef`/`#elif` whose condition names `__IIG` or `__DOCUMENTATION__`
 * (either branch: which one iig alone reads depends on the condition, and staying silent is the safe side).
 */
export function insideIigOnlyConditional(file: FileModel, offset: number): boolean {
  if (!file.tree) return false;
  return nodesContaining(file.tree.rootNode, offset).some((node) => {
    if (!CONDITIONALS.has(node.type)) return false;
    const condition = node.childForFieldName('condition') ?? node.childForFieldName('name');
    return condition !== null && IIG_ONLY_MACROS.test(file.text.slice(condition.startIndex, condition.endIndex));
  });
}

/**
 * The lines `range` occupies, with their line break, when nothing else shares them; otherwise `range` itself.
 * Deleting it removes a declaration without leaving a blank line behind.
 */
export function wholeLinesOf(text: string, range: OffsetRange): OffsetRange {
  let start = range.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') return range;
  let end = range.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text.startsWith('\r\n', end)) return { start, end: end + 2 };
  if (end === text.length || text[end] === '\n' || text[end] === '\r') return { start, end: Math.min(text.length, end + 1) };
  return range;
}
