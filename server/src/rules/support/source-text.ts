// Helpers that fixes use to lay out inserted code like the surrounding code.

/** The offset at which the line containing `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/** The whitespace that starts the line containing `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/** The document's line break, so that inserted lines match CRLF files. */
export function lineBreakOf(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** True when only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return text.slice(lineStartOf(text, offset), offset).trim() === '';
}

/** `OSAction*` + `action` → `OSAction * action`; `const uint16_t[32]` + `ids` → `const uint16_t ids[32]`. */
export function formatParameter(type: string, name: string): string {
  const spaced = type.replace(/\s*\*\s*/g, ' *').replace(/\s*&\s*/g, ' &').trim();
  const array = /^(.*?)(\[.*\])$/.exec(spaced);
  if (array) return `${array[1].trim()} ${name}${array[2]}`;
  return `${spaced} ${name}`;
}
