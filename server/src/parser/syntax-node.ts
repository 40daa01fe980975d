// The subset of a tree-sitter node that both parser backends provide; the only tree shape the rest of the server sees.

/**
 * A node of the concrete syntax tree. Offsets are UTF-16 code-unit indices into the parsed text. Only members that
 * both backends expose as properties are listed (`isNamed` and `hasError` are methods in web-tree-sitter).
 */
export interface SyntaxNode {
  readonly type: string;
  readonly startIndex: number;
  readonly endIndex: number;
  /** A node tree-sitter inserted to recover from an error (zero width). */
  readonly isMissing: boolean;
  readonly parent: SyntaxNode | null;
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
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
