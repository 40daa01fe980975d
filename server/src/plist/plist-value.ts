// The typed tree of an XML property list (Info.plist, .entitlements), every key and value with its document offsets.

/** A half-open range of UTF-16 offsets into the document text (the same shape as the model's OffsetRange). */
export interface PlistRange {
  readonly start: number;
  readonly end: number;
}

interface PlistNode {
  /** The whole element, from `<` of the open tag to `>` of the close tag (or of `<tag/>`). */
  readonly range: PlistRange;
  /** Between the open and the close tag; empty (at the open tag's end) for `<tag/>`. */
  readonly contentRange: PlistRange;
}

export interface PlistEntry {
  readonly key: string;
  /** The key's text between `<key>` and `</key>`: where a finding about the key goes. */
  readonly keyRange: PlistRange;
  /** The whole `<key>…</key>` element. */
  readonly keyElementRange: PlistRange;
  /** Undefined when the key has no value element after it (a malformed dictionary). */
  readonly value: PlistValue | undefined;
}

export interface PlistDict extends PlistNode {
  readonly kind: 'dict';
  readonly entries: readonly PlistEntry[];
}

export interface PlistArray extends PlistNode {
  readonly kind: 'array';
  readonly items: readonly PlistValue[];
}

export interface PlistString extends PlistNode {
  readonly kind: 'string';
  /** The decoded text (entities and CDATA resolved, line ends normalised as XML requires). */
  readonly value: string;
}

export interface PlistInteger extends PlistNode {
  readonly kind: 'integer';
  /** The text as written, trimmed. */
  readonly text: string;
  /** Undefined when the text is not a decimal or 0x-hexadecimal integer, or is beyond the exact double range. */
  readonly value: number | undefined;
}

export interface PlistBoolean extends PlistNode {
  readonly kind: 'boolean';
  readonly value: boolean;
}

/** `<real>`, `<date>` and `<data>`: kept as text, since no rule reads them. */
export interface PlistOther extends PlistNode {
  readonly kind: 'real' | 'date' | 'data';
  readonly text: string;
}

export type PlistValue = PlistDict | PlistArray | PlistString | PlistInteger | PlistBoolean | PlistOther;

export interface PlistDocument {
  /** The value inside `<plist>`; undefined when there is none or the text is not a property list at all. */
  readonly root: PlistValue | undefined;
  /** False when the XML or the plist structure had an error; the tree then holds what was read before and around it. */
  readonly wellFormed: boolean;
}
