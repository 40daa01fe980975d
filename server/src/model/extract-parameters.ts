// Reads a parameter_list into ParameterDecls with normalised types and their iig annotations.
import type { IigAnnotation } from '../iig/mask-annotations';
import type { SyntaxNode } from '../parser/syntax-node';
import type { ParameterDecl } from './file-model';
import { rangeOf } from './syntax-helpers';
import { normalizeTypeText } from './type-text';

const PARAMETER_TYPES = new Set(['parameter_declaration', 'optional_parameter_declaration', 'variadic_parameter_declaration']);

/**
 * Annotations inside the parentheses belong to the parameter they follow (`OSAction * action TARGET`): masking turned
 * them into spaces that tree-sitter leaves outside the parameter node, so they are assigned by position.
 */
export function extractParameters(text: string, list: SyntaxNode | null, annotations: readonly IigAnnotation[]): ParameterDecl[] {
  if (!list) return [];
  const nodes = list.namedChildren.filter((p) => PARAMETER_TYPES.has(p.type));
  const inList = annotations.filter((a) => a.start > list.startIndex && a.end < list.endIndex);
  const ownerOf = (a: IigAnnotation): SyntaxNode | undefined => [...nodes].reverse().find((p) => p.startIndex <= a.start);
  return nodes
    .map((p) => {
      const nameNode = findDeclaredName(p.childForFieldName('declarator'));
      const typeEnd = p.type === 'optional_parameter_declaration' ? (p.childForFieldName('default_value')?.startIndex ?? p.endIndex) : p.endIndex;
      const raw = nameNode
        ? text.slice(p.startIndex, nameNode.startIndex) + text.slice(nameNode.endIndex, typeEnd)
        : text.slice(p.startIndex, typeEnd);
      const typeText = normalizeTypeText(raw.replace(/=\s*$/, ''));
      return {
        type: typeText,
        name: nameNode ? text.slice(nameNode.startIndex, nameNode.endIndex) : undefined,
        range: rangeOf(p),
        annotations: inList.filter((a) => ownerOf(a) === p),
      };
    });
}

function findDeclaredName(declarator: SyntaxNode | null): SyntaxNode | undefined {
  let node = declarator;
  while (node) {
    if (node.type === 'identifier') return node;
    node = node.childForFieldName('declarator') ?? null;
  }
  return undefined;
}
