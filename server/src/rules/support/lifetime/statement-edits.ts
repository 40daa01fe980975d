// Builds the text edits of the lifetime rules' fixes, laid out like the surrounding code (indentation, line breaks).
import type { OffsetRange } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { walk } from '../../../model/syntax-helpers';
import { indentationAt, lineBreakOf, lineStartOf, startsLine } from '../source-text';

export interface Insertion {
  readonly range: OffsetRange;
  readonly newText: string;
}

/** One level of indentation: what the block's statements add to its opening line, else four spaces. */
export function indentUnit(text: string, block: SyntaxNode): string {
  const outer = indentationAt(text, block.startIndex);
  const first = block.namedChildren.find((c) => c.type !== 'comment') ?? block.namedChildren[0];
  if (first && startsLine(text, first.startIndex)) {
    const inner = indentationAt(text, first.startIndex);
    if (inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  }
  return outer.includes('\t') ? '\t' : '    ';
}

/** Inserts `lines` as statements just before `statement`, which must start its own line inside a block. */
export function insertBefore(text: string, statement: SyntaxNode, lines: readonly string[]): Insertion | undefined {
  const parent = statement.parent;
  if (!parent || (parent.type !== 'compound_statement' && parent.type !== 'case_statement')) return undefined;
  if (!startsLine(text, statement.startIndex)) return undefined;
  const indent = indentationAt(text, statement.startIndex);
  const eol = lineBreakOf(text);
  return { range: { start: statement.startIndex, end: statement.startIndex }, newText: lines.map((l) => `${l}${eol}${indent}`).join('') };
}

/** Appends `line` as the last statement of `block` (a function body), just before its closing brace. */
export function appendToBlock(text: string, block: SyntaxNode, line: string): Insertion | undefined {
  const closing = block.endIndex - 1;
  if (text[closing] !== '}') return undefined;
  if (!startsLine(text, closing)) {
    const spaced = /\s/.test(text[closing - 1] ?? '') ? `${line} ` : ` ${line} `;
    return { range: { start: closing, end: closing }, newText: spaced };
  }
  const at = lineStartOf(text, closing);
  const statements = block.namedChildren.filter((c) => c.type !== 'comment');
  const last = statements[statements.length - 1];
  const indent = last && startsLine(text, last.startIndex) ? indentationAt(text, last.startIndex) : indentationAt(text, closing) + indentUnit(text, block);
  return { range: { start: at, end: at }, newText: `${indent}${line}${lineBreakOf(text)}` };
}

/**
 * Wraps the statements from `first` to `last` (siblings, each starting a line) in `header {` … `}`, indenting them
 * one level. Declined when the run ends mid-line or a string literal spans lines (re-indenting would change it).
 */
export function wrapStatements(text: string, run: { first: SyntaxNode; last: SyntaxNode; header: string; unit: string }): Insertion | undefined {
  const { first, last, header, unit } = run;
  if (!startsLine(text, first.startIndex)) return undefined;
  let end = last.endIndex;
  const rest = /^[^\r\n]*/.exec(text.slice(end))?.[0] ?? '';
  if (rest.trim() !== '' && !rest.trim().startsWith('//')) return undefined;
  if (rest.trim().startsWith('//')) end += rest.trimEnd().length;
  const start = lineStartOf(text, first.startIndex);
  const original = text.slice(start, end);
  if (hasMultiLineLiteral(text, first, last)) return undefined;
  const eol = lineBreakOf(text);
  const indent = indentationAt(text, first.startIndex);
  const body = original
    .split(/\r\n|\n|\r/)
    .map((line) => (line.trim() === '' ? '' : `${unit}${line}`))
    .join(eol);
  return { range: { start, end }, newText: `${indent}${header} {${eol}${body}${eol}${indent}}` };
}

function hasMultiLineLiteral(text: string, first: SyntaxNode, last: SyntaxNode): boolean {
  let found = false;
  for (let node: SyntaxNode | null = first; node && node.startIndex <= last.startIndex; node = node.nextNamedSibling) {
    walk(node, (n) => {
      if ((n.type === 'string_literal' || n.type === 'raw_string_literal') && /[\r\n]/.test(text.slice(n.startIndex, n.endIndex))) found = true;
    });
  }
  return found;
}
