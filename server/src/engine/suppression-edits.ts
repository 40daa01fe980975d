// Edits that add a suppression directive for one rule: on the line before a finding, or for the whole file.
import type { OffsetRange } from '../model/file-model';
import { DIRECTIVE_PREFIX, type SuppressionDirective } from '../model/suppression-directives';
import type { TextEdit } from '../rules/rule';
import { LineIndex } from '../text/line-index';

export interface SuppressionTarget {
  readonly uri: string;
  readonly text: string;
  /** The directives the document already has (from its analysis). */
  readonly directives: readonly SuppressionDirective[];
  /** The text's line index, when the caller already has one (a request may ask for actions on many findings). */
  readonly lines?: LineIndex;
}

/**
 * Silences `code` on the line where `range` starts. An existing `disable-next-line` directive standing alone on the
 * line before gets the code appended (`…A, B`); otherwise a new one is inserted before the line, with the
 * line's indentation and line break.
 */
export function disableForLineEdit(target: SuppressionTarget, code: string, range: OffsetRange): TextEdit {
  const { text } = target;
  const lines = target.lines ?? new LineIndex(text);
  const line = lines.positionAt(range.start).line;
  const lineStart = lines.offsetAt({ line, character: 0 });
  const above = target.directives.find(
    (d) =>
      d.scope === 'next-line' &&
      d.codes.length > 0 &&
      lines.positionAt(d.range.end).line === line - 1 &&
      text.slice(lines.offsetAt({ line: line - 1, character: 0 }), d.range.start).trim() === '',
  );
  if (above) return appendCode(target.uri, above, code);
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  return { uri: target.uri, range: { start: lineStart, end: lineStart }, newText: `${indent}// ${DIRECTIVE_PREFIX}-next-line ${code}${lineBreakOf(text, lineStart)}` };
}

/**
 * Silences `code` in the whole file: appended to the first file-level directive that names rules, or a new directive
 * at the top of the file, after any leading comment block (a licence header stays first).
 */
export function disableForFileEdit(target: SuppressionTarget, code: string): TextEdit {
  const existing = target.directives.find((d) => d.scope === 'file' && d.codes.length > 0);
  if (existing) return appendCode(target.uri, existing, code);
  const { text } = target;
  const at = afterLeadingComments(text);
  const lineBreak = lineBreakOf(text, 0);
  const needsBreakBefore = at > 0 && text[at - 1] !== '\n' && text[at - 1] !== '\r';
  return { uri: target.uri, range: { start: at, end: at }, newText: `${needsBreakBefore ? lineBreak : ''}// ${DIRECTIVE_PREFIX} ${code}${lineBreak}` };
}

function appendCode(uri: string, directive: SuppressionDirective, code: string): TextEdit {
  const end = directive.codes[directive.codes.length - 1].range.end;
  return { uri, range: { start: end, end }, newText: `, ${code}` };
}

/** The offset just after the comments (and blank lines between them) that open the file. */
function afterLeadingComments(text: string): number {
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let after = position;
  for (;;) {
    while (position < text.length && /\s/.test(text[position])) position++;
    if (text.startsWith('//', position)) {
      position = lineEnd(text, position);
    } else if (text.startsWith('/*', position)) {
      const close = text.indexOf('*/', position + 2);
      if (close < 0) return after;
      position = close + 2;
      // Code after the comment on the same line belongs to the file's body: insert before that line instead.
      if (text.slice(position, lineEnd(text, position)).trim() !== '') return after;
      position = lineEnd(text, position);
    } else {
      return after;
    }
    position += text.startsWith('\r\n', position) ? 2 : position < text.length ? 1 : 0;
    after = position;
  }
}

function lineEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

/** The line break the document uses at `from` (or, past its last line, the first one it uses anywhere). */
function lineBreakOf(text: string, from: number): string {
  const end = lineEnd(text, from);
  const at = end < text.length ? end : lineEnd(text, 0);
  if (at >= text.length) return '\n';
  return text.startsWith('\r\n', at) ? '\r\n' : text[at];
}
