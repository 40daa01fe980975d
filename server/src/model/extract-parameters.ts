// Reads a parameter_list into ParameterDecls with normalised types and their iig annotations.
import type { IigAnnotation } from '../iig/mask-annotations';
import type { SyntaxNode } from '../parser/syntax-node';
import type { ParameterDecl } from './file-model';
import { rangeOf } from './syntax-helpers';
import { normalizeTypeText } from './type-text';

const PARAMETER_TYPES = new Set(['parameter_declaration', 'optional_parameter_declaration', 'variadic_parameter_declaration']);

export function extractParameters(text: string, list: SyntaxNode | null, annotations: readonly IigAnnotation[]): ParameterDecl[] {
  if (!list) return [];
  return list.namedChildren
    .filter((p) => PARAMETER_TYPES.has(p.type))
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
        annotations: annotations.filter((a) => a.start >= p.startIndex && a.end <= p.endIndex),
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
