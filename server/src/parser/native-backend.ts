// Parser backend over the native N-API tree-sitter binding (prebuilt for macOS, Linux and Windows).
import { loadFlatTreeParser } from './flat-tree-addon';
import { IncrementalParseSession, type EditableTree } from './incremental-parse';
import { copyTree } from './plain-tree';
import type { ParserBackend, SyntaxTree } from './syntax-node';

// The native binding rejects input chunks longer than its internal buffer (32 KiB), so text is fed in slices.
const INPUT_CHUNK_LENGTH = 16384;

export interface NativeBackendOptions {
  /** Whole-file parses go through the flat-tree add-on when it is built (the default); `false` copies through a cursor. */
  readonly flatTree?: boolean;
}

/** Loads the native binding; throws when the prebuilt module cannot be loaded in this process. */
export function createNativeBackend(options: NativeBackendOptions = {}): ParserBackend {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Parser = require('tree-sitter') as new () => NativeParser;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cpp = require('tree-sitter-cpp') as { nodeSubclasses?: unknown; language?: unknown };
  shareNodeClass(cpp, Parser as unknown as { SyntaxNode?: unknown });
  const parser = new Parser();
  parser.setLanguage(cpp);
  // A whole-file parse has no use for the binding's tree, only for its copy, which the add-on makes in one call.
  const parseFlat = options.flatTree === false ? undefined : loadFlatTreeParser(cpp.language);
  return {
    name: 'native',
    parse(text: string): SyntaxTree {
      const flat = parseFlat?.(text);
      if (flat) return { rootNode: flat, dispose: () => undefined };
      const tree = parser.parse((index: number) => text.slice(index, index + INPUT_CHUNK_LENGTH));
      return { rootNode: copyTree(tree.walk()), dispose: () => undefined };
    },
    createSession() {
      return new IncrementalParseSession((text, previous) => parser.parse((index: number) => text.slice(index, index + INPUT_CHUNK_LENGTH), previous));
    },
  };
}

interface NativeParser {
  setLanguage(language: unknown): void;
  parse(input: (index: number) => string, previous?: EditableTree): EditableTree;
}

/**
 * On its first `setLanguage` the binding compiles a JavaScript class per node type with `eval` (about 25 ms of every
 * server start). This backend reads trees only through cursors and never asks the binding for node objects, so every
 * node type can share the binding's base node class, and the classes are never built.
 */
function shareNodeClass(language: { nodeSubclasses?: unknown }, binding: { SyntaxNode?: unknown }): void {
  const base = binding.SyntaxNode;
  if (language.nodeSubclasses !== undefined || typeof base !== 'function') return;
  language.nodeSubclasses = new Proxy([], { get: (target, key) => (typeof key === 'string' && /^\d+$/.test(key) ? base : Reflect.get(target, key)) });
}
