// The common prefix and suffix of two texts: where one version of a document differs from the next.

// Texts are compared a chunk at a time first: comparing two slices is one native call over the whole chunk, where a
// loop of charCodeAt pays a call per character (the common prefix of a keystroke in a large file is ~100,000 chars).
const COMPARE_CHUNK = 2048;

/** The length of the longest common prefix of `a` and `b`. */
export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let length = 0;
  while (length + COMPARE_CHUNK <= limit && a.slice(length, length + COMPARE_CHUNK) === b.slice(length, length + COMPARE_CHUNK)) length += COMPARE_CHUNK;
  while (length < limit && a.charCodeAt(length) === b.charCodeAt(length)) length++;
  return length;
}

/** The length of the longest common suffix of `a` and `b`, at most `limit` (so that it stays clear of a common prefix). */
export function commonSuffixLength(a: string, b: string, limit: number): number {
  const bound = Math.min(limit, a.length, b.length);
  let length = 0;
  while (length + COMPARE_CHUNK <= bound && a.slice(a.length - length - COMPARE_CHUNK, a.length - length) === b.slice(b.length - length - COMPARE_CHUNK, b.length - length)) {
    length += COMPARE_CHUNK;
  }
  while (length < bound && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}

/** The single replacement that turns `before` into `after`: `before[start, oldEnd)` became `after[start, newEnd)`. */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** Everything between the common prefix and the common suffix of the two texts. */
export function changeBetween(before: string, after: string): TextChange {
  const prefix = commonPrefixLength(before, after);
  const suffix = commonSuffixLength(before, after, Math.min(before.length, after.length) - prefix);
  return { start: prefix, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}
