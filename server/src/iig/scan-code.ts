// A small C/C++ tokenizer that skips comments, string and character literals, and preprocessor lines.

export interface CodeToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function isIdentifierStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentifierPart(code: number): boolean {
  return isIdentifierStart(code) || isDigit(code);
}

/**
 * Returns identifiers and single punctuation characters outside comments, literals and `#` directives.
 * Annotation masking needs exactly this: a word inside a comment or a string is never an annotation.
 */
export function scanCode(source: string): CodeToken[] {
  const tokens: CodeToken[] = [];
  const length = source.length;
  let atLineStart = true;
  let i = 0;
  while (i < length) {
    const c = source[i];
    if (c === '\n' || c === '\r') {
      atLineStart = true;
      i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#' && atLineStart) {
      i = skipDirective(source, i);
      continue;
    }
    atLineStart = false;
    if (c === '/' && source[i + 1] === '/') {
      i = skipLineComment(source, i);
    } else if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close < 0 ? length : close + 2;
    } else if (c === '"' || c === "'") {
      i = skipQuoted(source, i, c);
    } else if (isIdentifierStart(source.charCodeAt(i))) {
      let j = i + 1;
      while (j < length && isIdentifierPart(source.charCodeAt(j))) j++;
      tokens.push({ text: source.slice(i, j), start: i, end: j });
      i = j;
    } else if (isDigit(source.charCodeAt(i))) {
      let j = i + 1;
      while (j < length && (isIdentifierPart(source.charCodeAt(j)) || source[j] === '.' || source[j] === "'")) j++;
      i = j;
    } else {
      tokens.push({ text: c, start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

function skipLineComment(source: string, start: number): number {
  let i = start;
  while (i < source.length && source[i] !== '\n' && source[i] !== '\r') {
    // A backslash at the end of a line continues a // comment onto the next line.
    if (source[i] === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) i += source[i + 2] === '\n' ? 3 : 2;
    else i++;
  }
  return i;
}

function skipDirective(source: string, start: number): number {
  let i = start;
  while (i < source.length && source[i] !== '\n' && source[i] !== '\r') {
    if (source[i] === '\\' && (source[i + 1] === '\n' || source[i + 1] === '\r')) i += source[i + 2] === '\n' ? 3 : 2;
    else if (source[i] === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      i = close < 0 ? source.length : close + 2;
    } else i++;
  }
  return i;
}

function skipQuoted(source: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === quote) return i + 1;
    else if (c === '\n' || c === '\r') return i; // An unterminated literal ends at the line break.
    else i++;
  }
  return i;
}
