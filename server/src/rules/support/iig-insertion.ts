// Builds the edits that add a method declaration (and the header it needs) to a class body in an .iig.
import type { LocatedClass, TextEdit } from '../rule';
import { indentationAt, lineBreakOf, lineStartOf, startsLine } from './source-text';

/**
 * Inserts `declaration` as the last member of the class, indented like its last method, and adds
 * `#include <header>` after the file's last include when the file does not include it yet.
 */
export function addDeclarationToClass(target: LocatedClass, declaration: string, header?: string): TextEdit[] {
  const { text, decl, uri } = target;
  const eol = lineBreakOf(text);
  const lastMethod = decl.methods[decl.methods.length - 1];
  const indent = lastMethod ? indentationAt(text, lastMethod.range.start) : '    ';
  const closing = decl.bodyEnd;
  const edits: TextEdit[] = [];
  if (startsLine(text, closing)) {
    const at = lineStartOf(text, closing);
    edits.push({ uri, range: { start: at, end: at }, newText: `${indent}${declaration}${eol}` });
  } else {
    edits.push({ uri, range: { start: closing, end: closing }, newText: `${eol}${indent}${declaration}${eol}` });
  }
  if (header && !text.includes(header)) {
    const includeAt = afterLastInclude(text, decl.range.start);
    edits.push({ uri, range: { start: includeAt, end: includeAt }, newText: `#include <${header}>${eol}` });
  }
  return edits;
}

/** The start of the line after the last `#include` that precedes the class, or the class's own line. */
function afterLastInclude(text: string, classStart: number): number {
  const pattern = /^[ \t]*#[ \t]*include[^\r\n]*(\r\n|\n|\r)/gm;
  let position = -1;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null && match.index < classStart) position = match.index + match[0].length;
  return position >= 0 ? position : lineStartOf(text, classStart);
}
