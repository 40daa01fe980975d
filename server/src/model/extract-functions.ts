// Finds function definitions in a source file and reads how each names its class and method.
import type { SyntaxNode } from '../parser/syntax-node';
import type { DefinitionForm, FunctionDef, OffsetRange, ParameterDecl } from './file-model';
import { extractParameters } from './extract-parameters';
import { rangeOf, unwrapFunctionDeclarator } from './syntax-helpers';
import { normalizeTypeText } from './type-text';

const IMPL_SUFFIX = '_Impl';

/**
 * The definitions read from one top-level subtree, and where the subtree started when they were read. An incremental
 * parse keeps the subtrees an edit did not touch (the same node objects, moved), so after a keystroke only the edited
 * subtree is read again; the others' definitions are kept, the same objects, with their ranges moved as far as their
 * subtree moved. Every range of a definition lies inside its subtree, so one delta fits all.
 */
interface SubtreeDefinitions {
  start: number;
  readonly defs: readonly FunctionDef[];
}

const definitionsBySubtree = new WeakMap<SyntaxNode, SubtreeDefinitions>();

export function extractFunctions(maskedText: string, root: SyntaxNode): FunctionDef[] {
  const found: FunctionDef[] = [];
  for (const child of root.namedChildren) {
    if (child.type !== 'function_definition' && !isContainer(child.type)) continue;
    for (const def of subtreeDefinitions(maskedText, child)) found.push(def);
  }
  return found;
}

function subtreeDefinitions(maskedText: string, node: SyntaxNode): readonly FunctionDef[] {
  const known = definitionsBySubtree.get(node);
  if (known) {
    if (known.start !== node.startIndex) {
      for (const def of known.defs) moveDefinition(def, node.startIndex - known.start);
      known.start = node.startIndex;
    }
    return known.defs;
  }
  const defs: FunctionDef[] = [];
  collectDefinitions(maskedText, node, defs);
  definitionsBySubtree.set(node, { start: node.startIndex, defs });
  return defs;
}

function collectDefinitions(maskedText: string, node: SyntaxNode, found: FunctionDef[]): void {
  if (node.type === 'function_definition') {
    const def = readFunction(maskedText, node);
    if (def) found.push(def);
    return;
  }
  for (const child of node.namedChildren) {
    if (child.type === 'function_definition' || isContainer(child.type)) collectDefinitions(maskedText, child, found);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Moves a definition's ranges with its shifted nodes. The definition is updated in place so that it keeps its
 * identity across keystrokes (a cache keyed by it stays valid), but with new range objects, so that a range an
 * earlier finding holds keeps the offsets of the text it was found in.
 */
function moveDefinition(def: FunctionDef, delta: number): void {
  const moved = def as Mutable<FunctionDef>;
  moved.range = shiftRange(def.range, delta);
  moved.nameRange = shiftRange(def.nameRange, delta);
  for (const param of def.params) (param as Mutable<ParameterDecl>).range = shiftRange(param.range, delta);
}

function shiftRange(range: OffsetRange, delta: number): OffsetRange {
  return { start: range.start + delta, end: range.end + delta };
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
