// Blanks iig annotations and Clang block carets out of source text so tree-sitter-cpp can parse it.
//
// Masking replaces characters with spaces and keeps every newline, so offsets in the masked text are offsets in the
// original document (architecture invariant 5).
import { BARE_ANNOTATIONS, PARAMETERISED_ANNOTATIONS } from './annotation-names';
import { scanCode, type CodeToken } from './scan-code';
import { changeBetween } from '../text/common-affixes';

/** One annotation found in the source, with its exact range in the document. */
export interface IigAnnotation {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** The text between the parentheses of `TYPE(...)`, `QUEUENAME(...)` and `EXTENDS(...)`, trimmed. */
  readonly argument?: string;
  readonly argumentStart?: number;
  readonly argumentEnd?: number;
}

export interface MaskedSource {
  readonly text: string;
  readonly annotations: readonly IigAnnotation[];
}

export type MaskMode = 'iig' | 'c++';

// Tokens after which an annotation can follow a declaration in ordinary C++ (where the words may also be identifiers).
const DECLARATION_SUFFIX_TOKENS = new Set([')', 'const', 'override', 'final', 'class', 'struct', '*', ']']);

/**
 * Matches every text in which C++-mode masking could change anything: an annotation word or `__block` as a whole
 * word, or a caret that may open a block literal. Most .cpp files match nothing, and one regular-expression pass is
 * an order of magnitude cheaper than tokenizing the file.
 */
const MAY_NEED_CPP_MASKING = new RegExp(`\\b(?:${[...BARE_ANNOTATIONS, ...PARAMETERISED_ANNOTATIONS, '__block'].join('|')})\\b|\\^\\s*[({/]`);

/** The length of the longest word MAY_NEED_CPP_MASKING matches (`IIG_SERIALIZABLE`). */
const LONGEST_WORD = Math.max(...[...BARE_ANNOTATIONS, ...PARAMETERISED_ANNOTATIONS, '__block'].map((word) => word.length));

/**
 * True when C++-mode masking could change `source` (see MAY_NEED_CPP_MASKING). With `cleanBefore`, an earlier version
 * of the document in which it could change nothing, only the text around the change between the two is searched:
 * a match must touch the change, for otherwise it, and the characters either side that its word boundaries look at,
 * were all in `cleanBefore` already. The searched window reaches one word length (and boundary) past the change,
 * and further over whitespace, through which a caret's match can stretch. Cutting the text can only make a word
 * boundary where there was none, so the window never misses a match; it may find one that is not a match in the
 * whole text, and then the whole text is masked, which is merely slower.
 */
export function mayNeedCppMasking(source: string, cleanBefore?: string): boolean {
  if (cleanBefore === undefined) return MAY_NEED_CPP_MASKING.test(source);
  const change = changeBetween(cleanBefore, source);
  let start = Math.max(0, change.start - LONGEST_WORD - 1);
  while (start > 0 && isWhitespace(source.charCodeAt(start - 1))) start--;
  start = Math.max(0, start - 1);
  let end = Math.min(source.length, change.newEnd + LONGEST_WORD + 1);
  while (end < source.length && isWhitespace(source.charCodeAt(end))) end++;
  end = Math.min(source.length, end + 1);
  return MAY_NEED_CPP_MASKING.test(source.slice(start, end));
}

const WHITESPACE = /\s/;

/** True for what `\s` matches in a regular expression. */
function isWhitespace(code: number): boolean {
  return WHITESPACE.test(String.fromCharCode(code));
}

/**
 * Masks annotations. In `.iig` files every annotation word is an annotation. In `.h`/`.cpp` files, where the words
 * are not defined and could be ordinary identifiers, only words in annotation position (after a parameter list,
 * `class`, or another annotation) are taken, so that they can be reported instead of producing parse errors.
 */
export function maskAnnotations(source: string, mode: MaskMode): MaskedSource {
  if (mode === 'c++' && !mayNeedCppMasking(source)) return { text: source, annotations: [] };
  const chars: Blanks = [];
  const annotations: IigAnnotation[] = [];
  const tokens = scanCode(source);
  let previous: CodeToken | undefined;
  let previousWasAnnotation = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.text === '__block') {
      // The Clang storage qualifier for variables a block may modify; tree-sitter-cpp does not know it.
      blank(chars, token.start, token.end);
      continue;
    }
    if (token.text === '^') {
      maskBlockCaret(tokens, i, chars);
      previous = token;
      previousWasAnnotation = false;
      continue;
    }
    const inPosition =
      mode === 'iig' || previousWasAnnotation || (previous !== undefined && DECLARATION_SUFFIX_TOKENS.has(previous.text));
    const annotation = inPosition ? readAnnotation(tokens, i) : undefined;
    if (annotation) {
      blank(chars, annotation.value.start, annotation.value.end);
      annotations.push(annotation.value);
      i = annotation.lastToken;
      previous = tokens[i];
      previousWasAnnotation = true;
      continue;
    }
    previous = token;
    previousWasAnnotation = false;
  }
  return { text: applyBlanks(source, chars), annotations };
}

function readAnnotation(tokens: readonly CodeToken[], index: number): { value: IigAnnotation; lastToken: number } | undefined {
  const token = tokens[index];
  if (BARE_ANNOTATIONS.has(token.text)) {
    return { value: { name: token.text, start: token.start, end: token.end }, lastToken: index };
  }
  if (!PARAMETERISED_ANNOTATIONS.has(token.text)) return undefined;
  const open = tokens[index + 1];
  if (open?.text !== '(') return undefined;
  let depth = 0;
  for (let j = index + 1; j < tokens.length; j++) {
    if (tokens[j].text === '(') depth++;
    else if (tokens[j].text === ')' && --depth === 0) {
      const close = tokens[j];
      const inner = tokens.slice(index + 2, j);
      const argument = inner.map((t) => t.text).join('');
      const value: IigAnnotation = {
        name: token.text,
        start: token.start,
        end: close.end,
        argument,
        argumentStart: inner.length > 0 ? inner[0].start : open.end,
        argumentEnd: inner.length > 0 ? inner[inner.length - 1].end : open.end,
      };
      return { value, lastToken: j };
    }
  }
  return undefined;
}

/**
 * A Clang block literal (`^{ ... }` or `^(params) { ... }`) becomes a plain brace block, which tree-sitter-cpp
 * parses as a statement expression. A caret that is not followed by a block is the XOR operator and stays.
 */
function maskBlockCaret(tokens: readonly CodeToken[], index: number, chars: Blanks): void {
  const next = tokens[index + 1];
  if (next?.text === '{') {
    blank(chars, tokens[index].start, tokens[index].end);
    return;
  }
  if (next?.text !== '(') return;
  let depth = 0;
  for (let j = index + 1; j < tokens.length; j++) {
    if (tokens[j].text === '(') depth++;
    else if (tokens[j].text === ')' && --depth === 0) {
      if (tokens[j + 1]?.text === '{') blank(chars, tokens[index].start, tokens[j].end);
      return;
    }
  }
}

/** Ranges to replace with spaces, in increasing order (tokens are visited left to right). */
type Blanks = [number, number][];

function blank(blanks: Blanks, start: number, end: number): void {
  blanks.push([start, end]);
}

/** Replaces every blanked range with spaces, keeping its line breaks; most C++ files have none, so no copy is made. */
function applyBlanks(source: string, blanks: Blanks): string {
  if (blanks.length === 0) return source;
  const parts: string[] = [];
  let position = 0;
  for (const [start, end] of blanks) {
    parts.push(source.slice(position, start), source.slice(start, end).replace(/[^\r\n]/g, ' '));
    position = end;
  }
  parts.push(source.slice(position));
  return parts.join('');
}
