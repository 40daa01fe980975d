// Finds how a local variable (or an ivars field) is declared, and where a name is mentioned, for the memory rules.
import { slice } from '../../../model/calls';
import type { FileModel, FunctionDef } from '../../../model/file-model';
import { nodesOfType } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';

export interface LocalDeclaration {
  readonly name: string;
  /** The whole declaration statement. */
  readonly statement: SyntaxNode;
  /** The identifier the declarator introduces. */
  readonly nameNode: SyntaxNode;
  /** The declared type as written, without pointer stars (`uint32_t`, `IOAddressSegment`). */
  readonly typeText: string;
  readonly isPointer: boolean;
  /** The initializer, when the declarator has one. */
  readonly value?: SyntaxNode;
  /** The element count of `T name[N]`. */
  readonly arraySize?: SyntaxNode;
}

/** A function body and the document text it is in. */
export interface BodyText {
  readonly text: string;
  readonly body: SyntaxNode;
}

/**
 * Every local declaration of a body by name, read once per body node: rules ask about many names in the same bodies,
 * and an incremental parse keeps the nodes of the functions an edit did not touch.
 */
const declarationsByBody = new WeakMap<SyntaxNode, ReadonlyMap<string, readonly LocalDeclaration[]>>();

function declarationsIn(text: string, body: SyntaxNode): ReadonlyMap<string, readonly LocalDeclaration[]> {
  let byName = declarationsByBody.get(body);
  if (!byName) {
    const found = new Map<string, LocalDeclaration[]>();
    for (const node of nodesOfType(body, 'declaration')) {
      const type = node.childForFieldName('type');
      if (!type) continue;
      for (const declarator of node.namedChildren) {
        const read = readDeclarator(declarator);
        if (!read?.nameNode) continue;
        const name = slice(text, read.nameNode);
        const declaration = { name, statement: node, typeText: slice(text, type).trim(), ...read, nameNode: read.nameNode };
        const same = found.get(name);
        if (same) same.push(declaration);
        else found.set(name, [declaration]);
      }
    }
    declarationsByBody.set(body, (byName = found));
  }
  return byName;
}

/** The one declaration of `name` in the body (lambdas and blocks included); undefined when there is none or several. */
export function findLocal({ text, body }: BodyText, name: string): LocalDeclaration | undefined {
  const found = declarationsIn(text, body).get(name);
  return found?.length === 1 ? found[0] : undefined;
}

function readDeclarator(declarator: SyntaxNode): Omit<LocalDeclaration, 'name' | 'statement' | 'typeText'> | undefined {
  let node: SyntaxNode | null = declarator;
  let value: SyntaxNode | undefined;
  let arraySize: SyntaxNode | undefined;
  let isPointer = false;
  if (node.type === 'init_declarator') {
    value = node.childForFieldName('value') ?? undefined;
    node = node.childForFieldName('declarator');
  }
  while (node && node.type !== 'identifier') {
    if (node.type === 'pointer_declarator') isPointer = true;
    else if (node.type === 'array_declarator') arraySize = node.childForFieldName('size') ?? undefined;
    else if (node.type !== 'reference_declarator') return undefined;
    node = node.childForFieldName('declarator');
  }
  return node ? { nameNode: node, isPointer, value, arraySize } : undefined;
}

/** The identifiers of each body by spelling, read once per body node (see declarationsByBody). */
const mentionsByBody = new WeakMap<SyntaxNode, ReadonlyMap<string, readonly SyntaxNode[]>>();

/** Identifier nodes spelling `name` in the body, in source order (field names like `x.name` are not identifiers). */
export function mentionsOf({ text, body }: BodyText, name: string): SyntaxNode[] {
  let bySpelling = mentionsByBody.get(body);
  if (!bySpelling) {
    const found = new Map<string, SyntaxNode[]>();
    // Identifiers are leaves, so the index's pre-order is source order.
    for (const node of nodesOfType(body, 'identifier')) {
      const spelling = slice(text, node);
      const same = found.get(spelling);
      if (same) same.push(node);
      else found.set(spelling, [node]);
    }
    mentionsByBody.set(body, (bySpelling = found));
  }
  return [...(bySpelling.get(name) ?? [])];
}

/** The parameter types of a definition written with its parameter list (`Class::Method_Impl(IOService * provider)`). */
function parameterType(fn: FunctionDef, name: string): string | undefined {
  return fn.params.find((p) => p.name === name)?.type;
}

/**
 * The declared type of the variable or ivars field an expression names (`buffer`, `ivars->buffer`), as written;
 * undefined when the declaration cannot be found in this file.
 */
export function declaredTypeOf(where: { readonly file: FileModel; readonly fn: FunctionDef; readonly expression: SyntaxNode }): string | undefined {
  const { file, fn, expression } = where;
  const text = file.text;
  if (expression.type === 'identifier') {
    const name = slice(text, expression);
    const local = findLocal({ text, body: fn.body }, name);
    return local ? local.typeText : parameterType(fn, name);
  }
  if (expression.type !== 'field_expression' || !fn.className || !file.tree) return undefined;
  const object = expression.childForFieldName('argument');
  const field = expression.childForFieldName('field');
  if (object?.type !== 'identifier' || slice(text, object) !== 'ivars' || !field) return undefined;
  return ivarsFieldType(file, `${fn.className}_IVars`, slice(text, field));
}

/** The type of `field` in `struct <ivarsName> { ... }` in this file. */
function ivarsFieldType(file: FileModel, ivarsName: string, field: string): string | undefined {
  let type: string | undefined;
  for (const node of file.tree ? nodesOfType(file.tree.rootNode, 'struct_specifier') : []) {
    if (type !== undefined) break;
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    if (!name || !body || slice(file.text, name) !== ivarsName) continue;
    for (const member of body.namedChildren) {
      if (member.type !== 'field_declaration') continue;
      const memberType = member.childForFieldName('type');
      const declares = member.namedChildren.some((d) => d.type !== 'comment' && d.startIndex !== memberType?.startIndex && declaredField(file.text, d) === field);
      if (declares && memberType) type = slice(file.text, memberType).trim();
    }
  }
  return type;
}

function declaredField(text: string, declarator: SyntaxNode): string | undefined {
  let node: SyntaxNode | null = declarator;
  while (node && node.type !== 'field_identifier') {
    if (!['pointer_declarator', 'array_declarator', 'reference_declarator'].includes(node.type)) return undefined;
    node = node.childForFieldName('declarator');
  }
  return node ? slice(text, node) : undefined;
}
