// Finds how a local variable (or an ivars field) is declared, and where a name is mentioned, for the memory rules.
import { slice } from '../../../model/calls';
import type { FileModel, FunctionDef } from '../../../model/file-model';
import { walk } from '../../../model/syntax-helpers';
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

/** The one declaration of `name` in the body (lambdas and blocks included); undefined when there is none or several. */
export function findLocal({ text, body }: BodyText, name: string): LocalDeclaration | undefined {
  const found: LocalDeclaration[] = [];
  walk(body, (node) => {
    if (node.type !== 'declaration') return;
    const type = node.childForFieldName('type');
    for (const declarator of node.namedChildren) {
      const read = readDeclarator(declarator);
      if (read?.nameNode && slice(text, read.nameNode) === name && type) {
        found.push({ name, statement: node, typeText: slice(text, type).trim(), ...read, nameNode: read.nameNode });
      }
    }
  });
  return found.length === 1 ? found[0] : undefined;
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

/** Identifier nodes spelling `name` in the body, in source order (field names like `x.name` are not identifiers). */
export function mentionsOf({ text, body }: BodyText, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  walk(body, (node) => {
    if (node.type === 'identifier' && slice(text, node) === name) found.push(node);
  });
  return found.sort((a, b) => a.startIndex - b.startIndex);
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
  walk(file.tree?.rootNode as SyntaxNode, (node) => {
    if (type !== undefined || node.type !== 'struct_specifier') return;
    const name = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    if (!name || !body || slice(file.text, name) !== ivarsName) return;
    for (const member of body.namedChildren) {
      if (member.type !== 'field_declaration') continue;
      const memberType = member.childForFieldName('type');
      const declares = member.namedChildren.some((d) => d.type !== 'comment' && d.startIndex !== memberType?.startIndex && declaredField(file.text, d) === field);
      if (declares && memberType) type = slice(file.text, memberType).trim();
    }
  });
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
