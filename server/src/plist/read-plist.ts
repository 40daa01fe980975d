// Reads an XML property list into a typed tree with exact offsets, using the saxes XML parser; never throws.
import { SaxesParser } from 'saxes';
import type { PlistDict, PlistDocument, PlistEntry, PlistRange, PlistValue } from './plist-value';

/** An element being read: where its open tag lies, and what has been read inside it so far. */
interface Frame {
  readonly name: string;
  readonly openStart: number;
  readonly openEnd: number;
  readonly selfClosing: boolean;
  readonly children: Child[];
  text: string;
}

/** A finished child element: a plist value, or a dictionary key waiting for its value. */
type Child = { readonly kind: 'value'; readonly value: PlistValue } | { readonly kind: 'key'; readonly key: string; readonly keyRange: PlistRange; readonly keyElementRange: PlistRange };

const SCALARS = new Set(['string', 'integer', 'real', 'true', 'false', 'date', 'data']);

/**
 * Parses `text` as an XML plist. A document with an XML error, an unknown element or a dictionary key without a
 * value comes back with `wellFormed: false` and whatever tree could be built, so callers can stay silent on it.
 */
export function readPlist(text: string): PlistDocument {
  const state = { root: undefined as PlistValue | undefined, wellFormed: true };
  const stack: Frame[] = [];
  const fail = (): void => {
    state.wellFormed = false;
  };
  try {
    const parser = new SaxesParser({ position: true });
    parser.on('error', fail);
    parser.on('opentag', (tag) => {
      const openEnd = parser.position;
      stack.push({ name: tag.name, openStart: tagStart(text, openEnd), openEnd, selfClosing: tag.isSelfClosing, children: [], text: '' });
    });
    parser.on('text', (chunk: string) => appendText(stack, chunk, fail));
    parser.on('cdata', (chunk: string) => appendText(stack, chunk, fail));
    parser.on('closetag', () => {
      const frame = stack.pop();
      if (!frame) return fail();
      const end = parser.position;
      const contentEnd = frame.selfClosing ? frame.openEnd : tagStart(text, end);
      const child = finish(frame, { start: frame.openStart, end }, { start: frame.openEnd, end: contentEnd }, fail);
      const parent = stack[stack.length - 1];
      if (frame.name === 'plist') state.root ??= firstValue(frame.children);
      else if (!child) return;
      else if (parent) parent.children.push(child);
      else fail();
    });
    parser.write(text).close();
  } catch {
    fail();
  }
  if (stack.length > 0) fail();
  return { root: state.root, wellFormed: state.wellFormed && state.root !== undefined };
}

/** The offset of the `<` that opens the tag ending just before `end` (`<` cannot occur inside an XML tag). */
function tagStart(text: string, end: number): number {
  return Math.max(0, text.lastIndexOf('<', end - 1));
}

function appendText(stack: readonly Frame[], chunk: string, fail: () => void): void {
  const top = stack[stack.length - 1];
  if (!top) return;
  if (SCALARS.has(top.name) || top.name === 'key') top.text += chunk;
  else if (chunk.trim() !== '') fail();
}

function firstValue(children: readonly Child[]): PlistValue | undefined {
  for (const child of children) if (child.kind === 'value') return child.value;
  return undefined;
}

function finish(frame: Frame, range: PlistRange, contentRange: PlistRange, fail: () => void): Child | undefined {
  const node = { range, contentRange };
  // Scalars and keys hold text only; an element inside one is not a property list.
  if (frame.name !== 'dict' && frame.name !== 'array' && frame.name !== 'plist' && frame.children.length > 0) fail();
  switch (frame.name) {
    case 'plist':
      return undefined;
    case 'key':
      return { kind: 'key', key: frame.text, keyRange: contentRange, keyElementRange: range };
    case 'dict':
      return { kind: 'value', value: { kind: 'dict', ...node, entries: dictEntries(frame.children, fail) } };
    case 'array':
      if (frame.children.some((c) => c.kind === 'key')) fail();
      return { kind: 'value', value: { kind: 'array', ...node, items: frame.children.flatMap((c) => (c.kind === 'value' ? [c.value] : [])) } };
    case 'string':
      return { kind: 'value', value: { kind: 'string', ...node, value: frame.text } };
    case 'integer':
      return { kind: 'value', value: { kind: 'integer', ...node, text: frame.text.trim(), value: integerValue(frame.text.trim()) } };
    case 'true':
    case 'false':
      return { kind: 'value', value: { kind: 'boolean', ...node, value: frame.name === 'true' } };
    case 'real':
    case 'date':
    case 'data':
      return { kind: 'value', value: { kind: frame.name, ...node, text: frame.text.trim() } };
    default:
      fail();
      return undefined;
  }
}

/** Pairs each `<key>` with the value element after it; anything else in a dictionary is a structural error. */
function dictEntries(children: readonly Child[], fail: () => void): PlistDict['entries'] {
  const entries: PlistEntry[] = [];
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child.kind !== 'key') {
      fail();
      continue;
    }
    const next = children[i + 1];
    if (next?.kind === 'value') i++;
    else fail();
    entries.push({ key: child.key, keyRange: child.keyRange, keyElementRange: child.keyElementRange, value: next?.kind === 'value' ? next.value : undefined });
  }
  return entries;
}

/** CFPropertyList accepts decimal with an optional sign, and 0x hexadecimal. */
function integerValue(text: string): number | undefined {
  const negative = text.startsWith('-');
  const digits = negative || text.startsWith('+') ? text.slice(1) : text;
  let parsed: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(digits)) parsed = Number.parseInt(digits.slice(2), 16);
  else if (/^[0-9]+$/.test(digits)) parsed = Number.parseInt(digits, 10);
  else return undefined;
  if (!Number.isSafeInteger(parsed)) return undefined;
  return negative ? -parsed : parsed;
}
