// Finds function definitions in a source file and reads how each names its class and method.
import type { SyntaxNode } from '../parser/syntax-node';
import type { DefinitionForm, FunctionDef } from './file-model';
import { extractParameters } from './extract-parameters';
import { rangeOf, unwrapFunctionDeclarator } from './syntax-helpers';
import { normalizeTypeText } from './type-text';

const IMPL_SUFFIX = '_Impl';

export function extractFunctions(maskedText: string, root: SyntaxNode): FunctionDef[] {
  const found: FunctionDef[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === 'function_definition') {
        const def = readFunction(maskedText, child);
        if (def) found.push(def);
      } else if (isContainer(child.type)) {
        visit(child);
      }
    }
  };
  visit(root);
  return found;
}

function readFunction(maskedText: string, node: SyntaxNode): FunctionDef | undefined {
  const body = node.childForFieldName('body');
  const unwrapped = unwrapFunctionDeclarator(node.childForFieldName('declarator'));
  if (!body || !unwrapped) return undefined;
  const nameNode = unwrapped.fn.childForFieldName('declarator');
  const parameterList = unwrapped.fn.childForFieldName('parameters');
  if (!nameNode) return undefined;
  const typeNode = node.childForFieldName('type');
  const returnType = typeNode ? normalizeTypeText(maskedText.slice(typeNode.startIndex, typeNode.endIndex) + unwrapped.pointerSuffix) : '';
  const common = { range: rangeOf(node), returnType, node, body };
  const nameText = maskedText.slice(nameNode.startIndex, nameNode.endIndex);

  if (nameNode.type === 'identifier' && nameText === 'IMPL' && parameterList) {
    const parts = parameterList.namedChildren.map((p) => maskedText.slice(p.startIndex, p.endIndex).trim());
    if (parts.length !== 2) return undefined;
    return { ...common, className: parts[0], methodName: parts[1], form: 'impl-macro', nameRange: rangeOf(parameterList.namedChildren[1]), params: [] };
  }
  const params = extractParameters(maskedText, parameterList, []);
  if (nameNode.type === 'qualified_identifier') {
    const scope = nameNode.childForFieldName('scope');
    const name = nameNode.childForFieldName('name');
    if (!scope || !name || name.type !== 'identifier') return undefined;
    const rawName = maskedText.slice(name.startIndex, name.endIndex);
    const form: DefinitionForm = rawName.endsWith(IMPL_SUFFIX) && rawName.length > IMPL_SUFFIX.length ? 'impl-suffix' : 'plain';
    const methodName = form === 'impl-suffix' ? rawName.slice(0, -IMPL_SUFFIX.length) : rawName;
    return { ...common, className: maskedText.slice(scope.startIndex, scope.endIndex), methodName, form, nameRange: rangeOf(name), params };
  }
  if (nameNode.type === 'identifier') {
    return { ...common, methodName: nameText, form: 'plain', nameRange: rangeOf(nameNode), params };
  }
  return undefined;
}

function isContainer(type: string): boolean {
  return type === 'namespace_definition' || type === 'declaration_list' || type === 'linkage_specification' || type.startsWith('preproc_');
}
