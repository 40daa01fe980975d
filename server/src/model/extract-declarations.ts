// Builds MethodDecls for function declarations and attaches the iig annotations that belong to each.
import type { IigAnnotation } from '../iig/mask-annotations';
import type { SyntaxNode } from '../parser/syntax-node';
import type { MethodDecl, TypeReference } from './file-model';
import { extractParameters } from './extract-parameters';
import { hasChildOfType, rangeOf, unwrapFunctionDeclarator } from './syntax-helpers';
import { normalizeTypeText } from './type-text';

const DECLARATION_TYPES = new Set(['field_declaration', 'declaration', 'function_definition']);

/**
 * Reads a member or file-scope declaration as a method when its declarator is a function declarator.
 * `leading` are annotations written between the previous declaration and this one; `inside` are those within it.
 * `maskedText` is the document with annotations blanked, so that type spellings never include annotation words.
 */
export function readMethodDeclaration(
  maskedText: string,
  node: SyntaxNode,
  leading: readonly IigAnnotation[],
  inside: readonly IigAnnotation[],
): MethodDecl | undefined {
  if (!DECLARATION_TYPES.has(node.type)) return undefined;
  const unwrapped = unwrapFunctionDeclarator(node.childForFieldName('declarator'));
  if (!unwrapped) return undefined;
  const nameNode = unwrapped.fn.childForFieldName('declarator');
  if (!nameNode || !['field_identifier', 'identifier', 'destructor_name'].includes(nameNode.type)) return undefined;
  const parameterList = unwrapped.fn.childForFieldName('parameters');
  const params = extractParameters(maskedText, parameterList, inside);
  const parameterAnnotations = new Set(params.flatMap((p) => p.annotations));
  const ownAnnotations = [...leading, ...inside.filter((a) => !parameterAnnotations.has(a))];
  const typeNode = node.childForFieldName('type');
  const returnType = typeNode
    ? normalizeTypeText(maskedText.slice(returnTypeStart(node, typeNode), typeNode.endIndex) + unwrapped.pointerSuffix)
    : '';
  const queue = ownAnnotations.find((a) => a.name === 'QUEUENAME');
  return {
    name: maskedText.slice(nameNode.startIndex, nameNode.endIndex),
    nameRange: rangeOf(nameNode),
    range: { start: leading.length > 0 ? Math.min(leading[0].start, node.startIndex) : node.startIndex, end: node.endIndex },
    returnType,
    params,
    isVirtual: hasChildOfType(node, 'virtual'),
    isStatic: node.namedChildren.some((c) => c.type === 'storage_class_specifier' && maskedText.slice(c.startIndex, c.endIndex) === 'static'),
    isOverride: unwrapped.fn.namedChildren.some((c) => c.type === 'virtual_specifier' && maskedText.slice(c.startIndex, c.endIndex) === 'override'),
    isPureVirtual: isPureVirtual(maskedText, node),
    annotations: ownAnnotations,
    leadingAnnotations: leading,
    typeReference: readTypeReference(ownAnnotations),
    isLocalOnly: ownAnnotations.some((a) => a.name === 'LOCALONLY'),
    queueName: queue?.argument,
  };
}

/** `const` and other qualifiers before the type belong to the return type; `virtual`/`static` do not. */
function returnTypeStart(node: SyntaxNode, typeNode: SyntaxNode): number {
  const qualifier = node.namedChildren.find((c) => c.type === 'type_qualifier' && c.startIndex < typeNode.startIndex);
  return qualifier ? qualifier.startIndex : typeNode.startIndex;
}

function isPureVirtual(maskedText: string, node: SyntaxNode): boolean {
  const defaultValue = node.childForFieldName('default_value');
  return defaultValue !== null && maskedText.slice(defaultValue.startIndex, defaultValue.endIndex).trim() === '0';
}

function readTypeReference(annotations: readonly IigAnnotation[]): TypeReference | undefined {
  const type = annotations.find((a) => a.name === 'TYPE');
  if (!type) return undefined;
  const argument = type.argument ?? '';
  const separator = argument.lastIndexOf('::');
  const range = { start: type.start, end: type.end };
  if (separator < 0) return { methodName: argument, range };
  return { className: argument.slice(0, separator), methodName: argument.slice(separator + 2), range };
}
