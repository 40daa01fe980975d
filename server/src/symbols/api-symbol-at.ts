// Finds the DriverKit API (class, method, function or iig annotation) named at an offset of a document, for hover.
import {
  apiClass,
  apiFunction,
  apiMethod,
  classesDeclaring,
  iigAnnotationReference,
  type ApiClass,
  type ApiFunction,
  type ApiMethod,
  type IigAnnotationReference,
} from '../knowledge/api-reference';
import type { IigAnnotation } from '../iig/mask-annotations';
import { enclosingFunction, slice } from '../model/calls';
import type { FileModel, OffsetRange } from '../model/file-model';
import type { SyntaxNode } from '../parser/syntax-node';
import { receiverClassOf } from '../rules/support/plumbing/receiver-type';
import type { WorkspaceView } from '../rules/rule';
import { lookUpMethod, type ClassScope } from './class-chain';

export type ApiSymbol =
  | { readonly kind: 'class'; readonly name: string; readonly range: OffsetRange; readonly entry: ApiClass }
  | {
      readonly kind: 'method';
      readonly className: string;
      readonly name: string;
      readonly range: OffsetRange;
      readonly entry: ApiMethod;
      /** True when the method is named inside `TYPE(...)`, i.e. as a callback prototype to copy. */
      readonly asTypeArgument: boolean;
    }
  | { readonly kind: 'function'; readonly name: string; readonly range: OffsetRange; readonly entry: ApiFunction }
  | { readonly kind: 'annotation'; readonly name: string; readonly range: OffsetRange; readonly entry: IigAnnotationReference };

const NAME_NODES = new Set(['identifier', 'type_identifier', 'field_identifier', 'namespace_identifier']);

/** The API symbol at `offset`, or undefined when the offset is on whitespace, punctuation or a name the reference lacks. */
export function findApiSymbolAt(file: FileModel, offset: number, workspace: WorkspaceView): ApiSymbol | undefined {
  const scope: ClassScope = { file, workspace };
  const annotation = file.annotations.find((a) => a.start <= offset && offset < a.end);
  if (annotation) return annotationSymbol(scope, annotation, offset);
  const leaf = file.tree ? nameLeafAt(file.tree.rootNode, offset) : undefined;
  if (!leaf) return undefined;
  const name = slice(file.text, leaf);
  const range = { start: leaf.startIndex, end: leaf.endIndex };

  const macro = iigAnnotationReference(name);
  if (macro && leaf.type === 'identifier') return { kind: 'annotation', name, range, entry: macro };

  const owner = declaredMethodOwner(file, offset);
  if (owner) return methodSymbol(scope, { className: owner.className, name: owner.methodName, range });

  const parent = leaf.parent;
  if (parent?.type === 'qualified_identifier') {
    const scopeNode = parent.childForFieldName('scope');
    if (scopeNode === leaf || (scopeNode && leaf.startIndex < scopeNode.endIndex)) return classSymbol(name, range);
    const qualifier = scopeNode ? slice(file.text, scopeNode) : undefined;
    // With the superclass unknown, `super::init` still names the one method the reference has under that name.
    return methodSymbol(scope, { className: qualifier === 'super' ? superOf(scope, offset) : qualifier, name, range });
  }
  if (parent?.type === 'field_expression' && parent.childForFieldName('field') === leaf && isCallee(parent)) {
    const receiver = parent.childForFieldName('argument');
    const fn = enclosingFunction(file.functions, offset);
    const className = receiver && fn ? receiverClassOf({ file, fn, workspace }, receiver) : undefined;
    return methodSymbol(scope, { className, name, range });
  }
  if (leaf.type === 'identifier' && parent && isCallee(leaf)) {
    const fn = apiFunction(name);
    if (fn) return { kind: 'function', name, range, entry: fn };
    // An unqualified call inside a member function calls a method of the class (or a base) on `this`.
    return methodSymbol(scope, { className: enclosingFunction(file.functions, offset)?.className, name, range });
  }
  const fn = apiFunction(name);
  if (fn) return { kind: 'function', name, range, entry: fn };
  return classSymbol(name, range);
}

function annotationSymbol(scope: ClassScope, annotation: IigAnnotation, offset: number): ApiSymbol | undefined {
  const { argument, argumentStart, argumentEnd } = annotation;
  if (annotation.name === 'TYPE' && argument && argumentStart !== undefined && argumentEnd !== undefined && offset >= argumentStart && offset < argumentEnd) {
    const prototype = typeArgumentMethod(scope, argument, argumentStart);
    if (prototype) return { kind: 'method', ...prototype, range: { start: argumentStart, end: argumentEnd }, asTypeArgument: true };
  }
  const entry = iigAnnotationReference(annotation.name);
  return entry ? { kind: 'annotation', name: annotation.name, range: { start: annotation.start, end: annotation.end }, entry } : undefined;
}

/** `TYPE(Class::Method)`, or `TYPE(Method)` on a parameter, where the class is the one being declared or a base. */
function typeArgumentMethod(scope: ClassScope, argument: string, at: number): { className: string; name: string; entry: ApiMethod } | undefined {
  const qualified = /^(\w+)\s*::\s*(\w+)$/.exec(argument);
  if (qualified) {
    const found = lookUpMethod(scope, qualified[1], qualified[2]);
    return typeof found === 'object' ? { className: found.className, name: qualified[2], entry: found.entry } : undefined;
  }
  if (!/^\w+$/.test(argument)) return undefined;
  const host = scope.file.classes.find((c) => c.range.start <= at && at < c.range.end);
  const found = host ? lookUpMethod(scope, host.name, argument) : 'unknown';
  if (typeof found === 'object') return { className: found.className, name: argument, entry: found.entry };
  return found === 'unknown' ? uniqueMethod(argument) : undefined;
}

/** The class and method whose definition or declaration names the method at `offset` (`IMPL(C, M)`, `C::M_Impl`). */
function declaredMethodOwner(file: FileModel, offset: number): { className: string; methodName: string } | undefined {
  const inside = (r: OffsetRange): boolean => r.start <= offset && offset < r.end;
  const definition = file.functions.find((f) => f.className !== undefined && inside(f.nameRange));
  if (definition?.className) {
    // The class of an override is where the search starts; its own name is never in the reference, so look above it.
    return { className: definition.className, methodName: definition.methodName };
  }
  for (const decl of file.classes) {
    const method = decl.methods.find((m) => inside(m.nameRange));
    if (method) return { className: decl.name, methodName: method.name };
  }
  return undefined;
}

function methodSymbol(scope: ClassScope, target: { className: string | undefined; name: string; range: OffsetRange }): ApiSymbol | undefined {
  const { className, name, range } = target;
  const found = className !== undefined ? lookUpMethod(scope, className, name) : 'unknown';
  if (found === 'absent') return undefined;
  const resolved = typeof found === 'object' ? { className: found.className, entry: found.entry } : uniqueMethod(name);
  return resolved ? { kind: 'method', className: resolved.className, name, range, entry: resolved.entry, asTypeArgument: false } : undefined;
}

/** The method when exactly one class of the reference declares `name`; with two or more, guessing would mislead. */
function uniqueMethod(name: string): { className: string; name: string; entry: ApiMethod } | undefined {
  const owners = classesDeclaring(name);
  if (owners.length !== 1) return undefined;
  const entry = apiMethod(owners[0], name);
  return entry ? { className: owners[0], name, entry } : undefined;
}

function classSymbol(name: string, range: OffsetRange): ApiSymbol | undefined {
  const entry = apiClass(name);
  return entry ? { kind: 'class', name, range, entry } : undefined;
}

/** The superclass of the class whose member function contains `offset`, for `super::Method`. */
function superOf(scope: ClassScope, offset: number): string | undefined {
  const className = enclosingFunction(scope.file.functions, offset)?.className;
  if (!className) return undefined;
  const local = scope.file.classes.find((c) => c.name === className);
  return local?.baseClass ?? scope.workspace.findIigClass(className)?.decl.baseClass;
}

function isCallee(node: SyntaxNode): boolean {
  const call = node.parent;
  return call?.type === 'call_expression' && call.childForFieldName('function') === node;
}

/** The innermost name token that contains `offset`; undefined on whitespace, punctuation and literals. */
function nameLeafAt(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  let node = root;
  for (;;) {
    const child = node.children.find((c) => c.startIndex <= offset && offset < c.endIndex);
    if (!child) break;
    node = child;
  }
  return NAME_NODES.has(node.type) && node.startIndex <= offset && offset < node.endIndex ? node : undefined;
}
