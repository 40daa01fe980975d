// Text edits that take a suppression directive, or one rule code in it, out of the source.
import type { OffsetRange } from '../../../model/file-model';
import type { DirectiveCode, SuppressionDirective } from '../../../model/suppression-directives';
import type { TextEdit } from '../../rule';

/**
 * Removes the directive's comment: the whole line when the comment stands alone on it, the comment and the blanks
 * before it when it trails code, and the comment and the blanks after it when code follows it.
 */
export function removeDirectiveEdit(uri: string, text: string, directive: SuppressionDirective): TextEdit {
  const { start, end } = directive.range;
  const lineStart = Math.max(text.lastIndexOf('\n', start - 1), text.lastIndexOf('\r', start - 1)) + 1;
  let lineEnd = end;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const before = text.slice(lineStart, start);
  const after = text.slice(end, lineEnd);
  let range: OffsetRange;
  if (before.trim() === '' && after.trim() === '') {
    const breakLength = text.startsWith('\r\n', lineEnd) ? 2 : lineEnd < text.length ? 1 : 0;
    range = { start: lineStart, end: lineEnd + breakLength };
  } else if (after.trim() === '') {
    range = { start: start - (before.length - before.trimEnd().length), end: lineEnd };
  } else {
    range = { start, end: end + (after.length - after.trimStart().length) };
  }
  return { uri, range, newText: '' };
}

/** Removes one code from the directive's list together with the separator that joins it to a neighbour. */
export function removeCodeEdit(uri: string, directive: SuppressionDirective, code: DirectiveCode): TextEdit {
  const index = directive.codes.indexOf(code);
  const next = directive.codes[index + 1];
  const previous = directive.codes[index - 1];
  const range = next ? { start: code.range.start, end: next.range.start } : previous ? { start: previous.range.end, end: code.range.end } : code.range;
  return { uri, range, newText: '' };
}
