// Facts read from one function's (or one top-level declaration's) own subtree, remembered across edits.
import type { SyntaxNode } from '../parser/syntax-node';
import type { FunctionDef } from './file-model';

/**
 * Wraps `read` so that each definition is read once. The model keeps the definition objects of the functions an
 * edit did not touch (moved in place), so after a keystroke a class-wide rule re-reads only the edited function.
 * Only facts that depend on nothing but the function's own subtree may be remembered this way: not the index, other
 * functions or declarations outside it (those change while the definition stays), and no offsets (they move; nodes
 * report their current ones).
 */
export function perDefinition<T>(read: (fn: FunctionDef, text: string) => T): (fn: FunctionDef, text: string) => T {
  return rememberedPer(read);
}

/**
 * Like perDefinition, for facts read from one top-level subtree (a declaration, a function, a namespace): an
 * incremental parse keeps the subtree objects an edit did not touch. The same limits apply: nothing from outside the
 * subtree, and no offsets.
 */
export function perTopLevelSubtree<T>(read: (top: SyntaxNode, text: string) => T): (top: SyntaxNode, text: string) => T {
  return rememberedPer(read);
}

function rememberedPer<K extends object, T>(read: (key: K, text: string) => T): (key: K, text: string) => T {
  const known = new WeakMap<K, { readonly value: T }>();
  return (key, text) => {
    let entry = known.get(key);
    if (!entry) known.set(key, (entry = { value: read(key, text) }));
    return entry.value;
  };
}
