// Builds the edit that adds a `<key>…</key>` entry after another entry of the same dictionary, in its indentation.
import type { PlistEntry } from '../../../plist/plist-value';
import type { TextEdit } from '../../rule';

/**
 * Inserts `<key>{key}</key>` and `valueXml` on their own lines after `after`'s value, indented like `after`'s key and
 * with the document's line end. Undefined when `after` has no value or shares its line with other elements.
 */
export function insertEntryAfter(input: { uri: string; text: string; after: PlistEntry; key: string; valueXml: string }): TextEdit | undefined {
  const { uri, text, after, key, valueXml } = input;
  if (!after.value) return undefined;
  const lineStart = Math.max(text.lastIndexOf('\n', after.keyElementRange.start - 1), text.lastIndexOf('\r', after.keyElementRange.start - 1)) + 1;
  const indent = text.slice(lineStart, after.keyElementRange.start);
  if (!/^[ \t]*$/.test(indent)) return undefined;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const end = after.value.range.end;
  return { uri, range: { start: end, end }, newText: `${newline}${indent}<key>${key}</key>${newline}${indent}${valueXml}` };
}

/** Escapes text for an XML element's content. */
export function xmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
