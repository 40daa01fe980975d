// Finds what the identifier at an offset refers to: a class, a method, a CreateAction handler or an ivars member.
import type { SyntaxNode } from '../parser/syntax-node';
import { enclosingFunction } from './calls';
import type { FileModel, OffsetRange } from './file-model';
import type { FileOutline } from './outline';

/** A name at the cursor and what it names; resolution against the workspace happens in the layers above. */
export type SymbolReference =
  | { readonly kind: 'class'; readonly className: string; readonly range: OffsetRange }
  | {
      readonly kind: 'method';
      readonly className: string;
      readonly methodName: string;
      readonly range: OffsetRange;
      /** True for the method named by `TYPE(Source::Method)`: when the class is known but the method is not, go to the class. */
      readonly inTypeAnnotation?: boolean;
      /** `super::Method`: `className` is the calling class, and lookup starts at its base class. */
      readonly viaSuper?: boolean;
    }
  /** `CreateActionX(...)`: the handler `X`, declared in the class of the call (when known). */
  | { readonly kind: 'action-handler'; readonly className?: string; readonly handlerName: string; readonly range: OffsetRange }
  | { readonly kind: 'ivars-member'; readonly className?: string; readonly member: string; readonly range: OffsetRange };

/** A method declaration (in a class body) that contains the offset, anywhere from its annotations to its `;`. */
export interface DeclarationAt {
  readonly className: string;
  readonly methodName: string;
}

const CREATE_ACTION = 'CreateAction';
const IDENTIFIER_TYPES = new Set(['identifier', 'field_identifier', 'type_identifier', 'namespace_identifier']);

/** Never throws; undefined when the offset is not on a name this module understands. */
export function referenceAt(model: FileModel, offset: number): SymbolReference | undefined {
  try {
    return typeReferenceAt(model, offset) ?? (model.tree ? treeReferenceAt(model, model.tree.rootNode, offset) : undefined);
  } catch {
    return undefined;
  }
}

export function declarationAt(model: FileModel, offset: number): DeclarationAt | undefined {
  for (const cls of model.classes) {
    if (offset < cls.bodyStart || offset > cls.bodyEnd) continue;
    const method = cls.methods.find((m) => m.range.start <= offset && offset <= m.range.end);
    if (method) return { className: cls.name, methodName: method.name };
  }
  return undefined;
}

/** The member `member` of the `<Class>_IVars` struct of this file (or of any `…_IVars` struct when the class is unknown). */
export function ivarsMemberIn(outline: FileOutline, reference: { className?: string; member: string }): OffsetRange | undefined {
  const structs = outline.records.filter((r) => (reference.className !== undefined ? r.name === `${reference.className}_IVars` : r.name.endsWith('_IVars')));
  for (const struct of structs) {
    const field = struct.fields.find((f) => f.name === reference.member);
    if (field) return field.nameRange;
  }
  return undefined;
}

/** Inside `TYPE(Source::Method)`: the source class part or the method part. */
function typeReferenceAt(model: FileModel, offset: number): SymbolReference | undefined {
  const annotation = model.annotations.find((a) => a.name === 'TYPE' && a.start <= offset && offset <= a.end);
  if (!annotation || annotation.argumentStart === undefined || annotation.argumentEnd === undefined) return undefined;
  const names = [...model.text.slice(annotation.argumentStart, annotation.argumentEnd).matchAll(/[A-Za-z_]\w*/g)].map((m) => ({
    text: m[0],
    range: { start: (annotation.argumentStart ?? 0) + (m.index ?? 0), end: (annotation.argumentStart ?? 0) + (m.index ?? 0) + m[0].length },
  }));
  if (names.length === 0) return undefined;
  const method = names[names.length - 1];
  if (names.length === 1) {
    // `TYPE(Method)` on a parameter names a method of the class it is written in (`SetHandler(... TYPE(DataReady))`).
    const owner = model.classes.find((c) => c.bodyStart <= annotation.start && annotation.end <= c.bodyEnd);
    return owner ? { kind: 'method', className: owner.name, methodName: method.text, range: method.range, inTypeAnnotation: true } : undefined;
  }
  const scope = names.slice(0, -1);
  const className = scope.map((n) => n.text).join('::');
  const scopeRange = { start: scope[0].range.start, end: scope[scope.length - 1].range.end };
  if (offset >= scopeRange.start && offset <= scopeRange.end) return { kind: 'class', className, range: scopeRange };
  return { kind: 'method', className, methodName: method.text, range: method.range, inTypeAnnotation: true };
}

function treeReferenceAt(model: FileModel, root: SyntaxNode, offset: number): SymbolReference | undefined {
  // A cursor just after a name (the usual place after a double click or typing) still means that name.
  const leaf = identifierAt(root, offset) ?? (offset > 0 ? identifierAt(root, offset - 1) : undefined);
  if (!leaf) return undefined;
  const range = { start: leaf.startIndex, end: leaf.endIndex };
  const name = model.text.slice(range.start, range.end);
  const fromDefinition = definitionHeaderReference(model, leaf);
  if (fromDefinition !== undefined) return fromDefinition || undefined;
  const owner = enclosingFunction(model.functions, leaf.startIndex)?.className;
  const parent = leaf.parent;
  if (parent?.type === 'qualified_identifier') return qualifiedReference(model, parent, leaf, owner);
  if (parent?.type === 'field_expression' && leaf === parent.childForFieldName('field')) return memberReference(model, parent, { name, range, owner });
  if (leaf.type === 'identifier' && parent?.type === 'call_expression' && leaf === parent.childForFieldName('function')) {
    return callReference({ name, range, owner, className: owner });
  }
  if (leaf.type === 'type_identifier') return { kind: 'class', className: name, range };
  return undefined;
}

/**
 * The class or method named in a definition's header (`IMPL(Class, Method)`, `Class::Method_Impl`, `Class::Method`).
 * False when the leaf is in a header but names neither (a parameter type), so that other readings are not tried.
 */
function definitionHeaderReference(model: FileModel, leaf: SyntaxNode): SymbolReference | false | undefined {
  const def = model.functions.find((f) => f.range.start <= leaf.startIndex && leaf.endIndex <= f.body.startIndex);
  if (!def || def.className === undefined) return undefined;
  const range = { start: leaf.startIndex, end: leaf.endIndex };
  if (leaf.startIndex >= def.nameRange.start && leaf.endIndex <= def.nameRange.end) return { kind: 'method', className: def.className, methodName: def.methodName, range };
  const name = model.text.slice(range.start, range.end);
  if (name === def.className && isClassNameOfHeader(def.form, leaf)) return { kind: 'class', className: name, range };
  return def.form === 'impl-macro' && leaf.parent?.parent?.parent?.type === 'function_declarator' ? false : undefined;
}

function isClassNameOfHeader(form: string, leaf: SyntaxNode): boolean {
  if (form === 'impl-macro') return leaf.parent?.type === 'parameter_declaration';
  return leaf.parent?.type === 'qualified_identifier' && leaf === leaf.parent.childForFieldName('scope');
}

/** `Class::Method` (a call, a member pointer `&Class::Method`) or `Class::CreateActionX`. */
function qualifiedReference(model: FileModel, qualified: SyntaxNode, leaf: SyntaxNode, owner: string | undefined): SymbolReference | undefined {
  const scope = qualified.childForFieldName('scope');
  const nameNode = qualified.childForFieldName('name');
  if (!scope || !nameNode) return undefined;
  const range = { start: leaf.startIndex, end: leaf.endIndex };
  const className = model.text.slice(scope.startIndex, scope.endIndex);
  if (leaf === scope) return { kind: 'class', className, range };
  if (leaf !== nameNode || !IDENTIFIER_TYPES.has(nameNode.type)) return undefined;
  const name = model.text.slice(range.start, range.end);
  // `super::Method` names the method as the base of the enclosing definition's class declares it.
  if (className === 'super') return owner !== undefined ? { kind: 'method', className: owner, methodName: name, range, viaSuper: true } : undefined;
  return callReference({ name, range, owner, className });
}

/** `ivars->member`, `this->Method(...)`, `this->CreateActionX(...)`. */
function memberReference(model: FileModel, field: SyntaxNode, at: { name: string; range: OffsetRange; owner?: string }): SymbolReference | undefined {
  const object = field.childForFieldName('argument');
  if (!object) return undefined;
  const objectText = model.text.slice(object.startIndex, object.endIndex).replace(/\s+/g, '');
  if (objectText === 'ivars' || objectText === 'this->ivars') return { kind: 'ivars-member', className: at.owner, member: at.name, range: at.range };
  const call = field.parent;
  if (objectText !== 'this' || call?.type !== 'call_expression' || call.childForFieldName('function') !== field) return undefined;
  return callReference({ ...at, className: at.owner });
}

function callReference(at: { name: string; range: OffsetRange; owner?: string; className?: string }): SymbolReference | undefined {
  if (at.name.startsWith(CREATE_ACTION) && at.name.length > CREATE_ACTION.length) {
    return { kind: 'action-handler', className: at.className, handlerName: at.name.slice(CREATE_ACTION.length), range: at.range };
  }
  return at.className !== undefined ? { kind: 'method', className: at.className, methodName: at.name, range: at.range } : undefined;
}

/** The innermost identifier-like node that contains `offset` (start inclusive, end exclusive). */
function identifierAt(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  let node = root;
  for (let depth = 0; depth < 10_000; depth++) {
    const child = node.children.find((c) => c.startIndex <= offset && offset < c.endIndex);
    if (!child) break;
    node = child;
  }
  return IDENTIFIER_TYPES.has(node.type) ? node : undefined;
}
