// The floor every figure is held against: tree-sitter's own native parse, with no copy, model or rule.

/** A tree of the native binding, as far as an incremental reparse needs it. */
export interface RawTree {
  edit(edit: unknown): void;
}

/**
 * A parse of `text` through the native binding, reusing `old` when given (after `old.edit`). The binding rejects
 * input chunks over 32 KiB, so text is fed in slices, as the server feeds it.
 */
export function rawNativeParser(): (text: string, old?: RawTree) => RawTree {
  const Parser = require('tree-sitter');
  const parser = new Parser();
  parser.setLanguage(require('tree-sitter-cpp'));
  return (text, old) => parser.parse((i: number) => text.slice(i, i + 16384), old);
}
