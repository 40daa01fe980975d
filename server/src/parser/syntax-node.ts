// The subset of a tree-sitter node that both parser backends provide; the only tree shape the rest of the server sees.

/**
 * A node of the concrete syntax tree. Offsets are UTF-16 code-unit indices into the parsed text. Both backends copy
 * their trees into plain nodes (parser/plain-tree.ts), so these are plain properties whatever the backend.
 */
export interface SyntaxNode {
  readonly type: string;
  /** False for anonymous nodes: punctuation and keywords such as `(`, `;`, `return`. */
  readonly isNamed: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  /** A node tree-sitter inserted to recover from an error (zero width). */
  readonly isMissing: boolean;
  readonly parent: SyntaxNode | null;
  readonly children: readonly SyntaxNode[];
  readonly namedChildren: readonly SyntaxNode[];
  readonly childCount: number;
  readonly namedChildCount: number;
  readonly nextSibling: SyntaxNode | null;
  readonly previousSibling: SyntaxNode | null;
  readonly nextNamedSibling: SyntaxNode | null;
  readonly previousNamedSibling: SyntaxNode | null;
  childForFieldName(fieldName: string): SyntaxNode | null;
}

/** A parsed document. Call `dispose` when the tree is no longer needed: wasm trees live outside the JS heap. */
export interface SyntaxTree {
  readonly rootNode: SyntaxNode;
  dispose(): void;
}

export type ParserBackendName = 'native' | 'wasm';

/** One tree-sitter implementation able to parse C++. */
export interface ParserBackend {
  readonly name: ParserBackendName;
  /** Parses `text`; may throw (callers go through `parseSafely`). */
  parse(text: string): SyntaxTree;
  /** Starts incremental parsing of one document (see ParseSession). */
  createSession(): ParseSession;
}

/**
 * Successive parses of one document. Each parse reuses the previous one: tree-sitter reparses only around the edit
 * and the plain nodes of untouched subtrees are kept (shifted), so the previous parse's tree must no longer be read
 * once a new one was made. The session owns its trees: their `dispose` does nothing; call the session's.
 */
export interface ParseSession {
  parse(text: string): SyntaxTree;
  dispose(): void;
}
