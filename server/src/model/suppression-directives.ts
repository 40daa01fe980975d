// Finds `driverkit-lint-disable…` directives in a file's comment nodes and describes what each one suppresses.
import type { SyntaxNode } from '../parser/syntax-node';
import type { FileModel, OffsetRange } from './file-model';
import { nodesOfType } from './node-index';

/** `next-line`: the line after the comment; `line`: the comment's own line; `file`: the whole file. */
export type SuppressionScope = 'next-line' | 'line' | 'file';

/** One rule code or name written in a directive, with its place in the document. */
export interface DirectiveCode {
  readonly text: string;
  readonly range: OffsetRange;
}

export interface SuppressionDirective {
  readonly scope: SuppressionScope;
  /** The whole comment holding the directive. */
  readonly range: OffsetRange;
  /** The keyword (`driverkit-lint-disable-next-line`). */
  readonly keyword: string;
  /** The rules it names, in order; empty when it names none, which means every rule. */
  readonly codes: readonly DirectiveCode[];
}

/**
 * What the engine learnt about a directive while applying it, handed to the rule that reports unused suppressions.
 * `used`: it suppressed at least one finding. Per code: `used`, `unused` (the rule ran, or is off, and nothing of it
 * was suppressed here) or `unknown` (no rule has that code or name).
 */
export interface DirectiveUsage {
  readonly directive: SuppressionDirective;
  readonly used: boolean;
  readonly codes: readonly { readonly code: DirectiveCode; readonly status: 'used' | 'unused' | 'unknown' }[];
}

export const DIRECTIVE_PREFIX = 'driverkit-lint-disable';

const KEYWORDS: readonly { readonly keyword: string; readonly scope: SuppressionScope }[] = [
  { keyword: `${DIRECTIVE_PREFIX}-next-line`, scope: 'next-line' },
  { keyword: `${DIRECTIVE_PREFIX}-line`, scope: 'line' },
  { keyword: DIRECTIVE_PREFIX, scope: 'file' },
];

/**
 * The directives of a file, in source order. Only real comments count (found as comment nodes of the tree), so a
 * directive quoted in a string literal or written inside `#if 0` text that is not a comment suppresses nothing.
 */
export function findSuppressionDirectives(file: FileModel): SuppressionDirective[] {
  // Most files have no directive at all; skip the comment walk for them.
  if (!file.tree || !file.text.includes(DIRECTIVE_PREFIX)) return [];
  const directives: SuppressionDirective[] = [];
  for (const comment of nodesOfType(file.tree.rootNode, 'comment')) {
    const directive = readDirective(file.text, comment);
    if (directive) directives.push(directive);
  }
  return directives;
}

/** Reads `// driverkit-lint-disable-line DK201, leaked-retained-object -- reason` (or the block comment form). */
function readDirective(text: string, comment: SyntaxNode): SuppressionDirective | undefined {
  // tree-sitter-cpp ends a line comment after the \r of a CRLF line break; the directive ends before it.
  let commentEnd = comment.endIndex;
  while (commentEnd > comment.startIndex && (text[commentEnd - 1] === '\r' || text[commentEnd - 1] === '\n')) commentEnd--;
  const raw = text.slice(comment.startIndex, commentEnd);
  const isBlock = raw.startsWith('/*');
  if (!isBlock && !raw.startsWith('//')) return undefined;
  let bodyStart = comment.startIndex + 2;
  const bodyEnd = isBlock && raw.endsWith('*/') && raw.length >= 4 ? commentEnd - 2 : commentEnd;
  while (bodyStart < bodyEnd && isBlank(text[bodyStart])) bodyStart++;
  const match = KEYWORDS.find(({ keyword }) => text.startsWith(keyword, bodyStart) && (bodyStart + keyword.length === bodyEnd || isBlank(text[bodyStart + keyword.length])));
  if (!match) return undefined;
  // ESLint's convention: everything after ` -- ` explains the suppression and names no rule.
  let listEnd = bodyEnd;
  const reason = text.slice(bodyStart + match.keyword.length, bodyEnd).search(/(^|\s)--(\s|$)/);
  if (reason >= 0) listEnd = bodyStart + match.keyword.length + reason;
  const codes: DirectiveCode[] = [];
  const list = /[^\s,*]+/g;
  const listText = text.slice(bodyStart + match.keyword.length, listEnd);
  for (let found = list.exec(listText); found; found = list.exec(listText)) {
    const start = bodyStart + match.keyword.length + found.index;
    codes.push({ text: found[0], range: { start, end: start + found[0].length } });
  }
  return { scope: match.scope, range: { start: comment.startIndex, end: commentEnd }, keyword: match.keyword, codes };
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r' || char === '*';
}
