// Finds the declared class of a call's receiver from the declarations visible in the same file.
import { slice } from '../../../model/calls';
import type { FileModel, FunctionDef } from '../../../model/file-model';
import { nodesOfType } from '../../../model/node-index';
import { walk } from '../../../model/syntax-helpers';
import type { SyntaxNode } from '../../../parser/syntax-node';
import type { WorkspaceView } from '../../rule';

const CASTS = new Set(['OSDynamicCast', 'OSRequiredCast']);

/** The member function a call sits in, with its file and the workspace. */
export interface FunctionScope {
  readonly file: FileModel;
  readonly fn: FunctionDef;
  readonly workspace: WorkspaceView;
}

/**
 * The class a receiver is declared as: `this`; a local or parameter (`IOPCIDevice * pci`); an ivar
 * (`ivars->pci`, declared in `struct <Class>_IVars` in this file); or `OSDynamicCast(Class, x)`. Undefined when
 * the declaration is not in view.
 */
export function receiverClassOf(scope: FunctionScope, receiver: SyntaxNode): string | undefined {
  const { file, fn } = scope;
  if (receiver.type === 'this') return fn.className;
  if (receiver.type === 'parenthesized_expression' && receiver.namedChildren.length === 1) return receiverClassOf(scope, receiver.namedChildren[0]);
  if (receiver.type === 'identifier') return localClassOf(scope, slice(file.text, receiver));
  if (receiver.type === 'field_expression') {
    const object = receiver.childForFieldName('argument');
    const field = receiver.childForFieldName('field');
    if (object?.type !== 'identifier' || slice(file.text, object) !== 'ivars' || !field || !fn.className) return undefined;
    const ivars = findStruct(file, `${fn.className}_IVars`);
    return ivars ? declaredClass(file, { root: ivars, name: slice(file.text, field), kind: 'field_declaration' }) : undefined;
  }
  if (receiver.type === 'call_expression') {
    const callee = receiver.childForFieldName('function');
    const first = receiver.childForFieldName('arguments')?.namedChildren[0];
    if (callee && first && CASTS.has(slice(file.text, callee))) return slice(file.text, first).trim();
  }
  return undefined;
}

function localClassOf({ file, fn, workspace }: FunctionScope, name: string): string | undefined {
  const local = declaredClass(file, { root: fn.body, name, kind: 'declaration' });
  if (local !== undefined) return local;
  const parameter = fn.params.find((p) => p.name === name);
  if (parameter) return classOfType(parameter.type);
  // IMPL(Class, Method) takes its parameters from the .iig declaration.
  if (fn.form !== 'impl-macro' || fn.className === undefined) return undefined;
  const declared = workspace.findIigClass(fn.className)?.decl.methods.find((m) => m.name === fn.methodName);
  const fromIig = declared?.params.find((p) => p.name === name);
  return fromIig ? classOfType(fromIig.type) : undefined;
}

interface DeclarationQuery {
  readonly root: SyntaxNode;
  readonly name: string;
  readonly kind: 'declaration' | 'field_declaration';
}

/** The class of the single declaration of `name` among the `kind` nodes under `root`; undefined if none or several. */
function declaredClass(file: FileModel, { root, name, kind }: DeclarationQuery): string | undefined {
  const types = new Set<string>();
  walk(root, (node) => {
    if (node.type !== kind) return;
    const type = node.childForFieldName('type');
    if (!type) return;
    for (const declarator of node.namedChildren) {
      if (declaredName(file, declarator) === name) types.add(slice(file.text, type));
    }
  });
  if (types.size !== 1) return undefined;
  return classOfType([...types][0]);
}

function declaredName(file: FileModel, declarator: SyntaxNode): string | undefined {
  let node: SyntaxNode | null = declarator;
  while (node && (node.type === 'init_declarator' || node.type === 'pointer_declarator' || node.type === 'reference_declarator')) {
    node = node.childForFieldName('declarator');
  }
  return node && (node.type === 'identifier' || node.type === 'field_identifier') ? slice(file.text, node) : undefined;
}

function findStruct(file: FileModel, name: string): SyntaxNode | undefined {
  if (!file.tree) return undefined;
  return nodesOfType(file.tree.rootNode, 'struct_specifier').find((node) => {
    const structName = node.childForFieldName('name');
    return structName !== null && slice(file.text, structName) === name && node.childForFieldName('body') !== null;
  });
}

/** `IOPCIDevice *` → `IOPCIDevice`; anything that is not a plain class name (or is `auto`) gives undefined. */
function classOfType(type: string): string | undefined {
  const name = type.replace(/\bconst\b/g, '').replace(/[*&\s]/g, '');
  return /^[A-Za-z_]\w*$/.test(name) && name !== 'auto' ? name : undefined;
}
