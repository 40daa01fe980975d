// Queue names: those a class declares with QUEUENAME along its chain, and the names SetDispatchQueue calls spell.
import { sdkBaseOf } from '../../../knowledge/sdk-methods';
import { slice } from '../../../model/calls';
import type { ClassDecl, FileModel } from '../../../model/file-model';
import { walk } from '../../../model/syntax-helpers';
import type { SyntaxNode } from '../../../parser/syntax-node';
import type { ClassScope } from './class-lookup';
import { sdkQueueNames, sdkQueueNameConstant } from './sdk-facts';

const MAX_DEPTH = 16;

export interface DeclaredQueues {
  readonly names: readonly string[];
  /** False when some class on the chain is neither in the workspace nor in the SDK knowledge. */
  readonly complete: boolean;
}

/** Every QUEUENAME declared by `className`, its workspace base classes and the SDK classes above them. */
export function declaredQueueNames({ className, workspace }: ClassScope): DeclaredQueues {
  const names: string[] = [];
  let current: string | undefined = className;
  for (let depth = 0; current !== undefined && depth < MAX_DEPTH; depth++) {
    const located = workspace.findIigClass(current);
    if (located) {
      for (const method of located.decl.methods) if (method.queueName !== undefined) names.push(method.queueName);
      current = located.decl.baseClass;
      // A workspace class that names no base leaves the rest of the chain unknown.
      if (current === undefined) return { names, complete: false };
      continue;
    }
    const sdk = sdkQueueNames(current);
    if (sdk === undefined) return { names, complete: false };
    names.push(...sdk);
    current = sdkBaseOf(current);
    if (current === undefined) return { names, complete: true };
  }
  return { names, complete: false };
}

/** The text of a plain string literal (`"Name"`), or undefined for prefixed, escaped or concatenated strings. */
export function stringLiteralValue(text: string, node: SyntaxNode): string | undefined {
  if (node.type !== 'string_literal' || text[node.startIndex] !== '"') return undefined;
  const parts = node.namedChildren;
  if (parts.length === 0) return '';
  return parts.length === 1 && parts[0].type === 'string_content' ? slice(text, parts[0]) : undefined;
}

/**
 * The queue name an argument spells: a string literal, an SDK macro such as `kIOServiceDefaultQueueName`, or a
 * name this file defines once as a string (`#define kQueueName "Name"`, `static const char kQueueName[] = "Name";`).
 * Undefined when it cannot be known from this file.
 */
export function resolveQueueName(file: FileModel, node: SyntaxNode): string | undefined {
  const literal = stringLiteralValue(file.text, node);
  if (literal !== undefined) return literal;
  if (node.type !== 'identifier') return undefined;
  const name = slice(file.text, node);
  return sdkQueueNameConstant(name) ?? fileStringConstant(file, name);
}

function fileStringConstant(file: FileModel, name: string): string | undefined {
  if (!file.tree) return undefined;
  const values = new Set<string | undefined>();
  walk(file.tree.rootNode, (node) => {
    if (node.type === 'preproc_def' && nameOf(file, node) === name) values.add(macroString(file, node));
    else if (node.type === 'declaration') {
      const constant = node.namedChildren.some((c) => c.type === 'type_qualifier' && slice(file.text, c) === 'const');
      for (const declarator of node.namedChildren.filter((c) => c.type === 'init_declarator')) {
        if (nameOf(file, declarator) !== name) continue;
        const value = declarator.childForFieldName('value');
        values.add(constant && value ? stringLiteralValue(file.text, value) : undefined);
      }
    } else if (node.type === 'assignment_expression' && nameOf(file, node.childForFieldName('left')) === name) {
      values.add(undefined);
    }
  });
  return values.size === 1 ? [...values][0] : undefined;
}

function nameOf(file: FileModel, node: SyntaxNode | null): string | undefined {
  let current = node?.type === 'preproc_def' || node?.type === 'init_declarator' ? node.childForFieldName(node.type === 'preproc_def' ? 'name' : 'declarator') : node;
  while (current && (current.type === 'array_declarator' || current.type === 'pointer_declarator')) current = current.childForFieldName('declarator');
  return current?.type === 'identifier' ? slice(file.text, current) : undefined;
}

/** The string a `#define` stands for when its whole body is one plain string literal. */
function macroString(file: FileModel, definition: SyntaxNode): string | undefined {
  const body = definition.childForFieldName('value');
  const value = body ? slice(file.text, body).trim() : '';
  return /^"[^"\\\r\n]*"$/.test(value) ? value.slice(1, -1) : undefined;
}

/** True when the file defines every method the class's .iig declares with a body, so it holds the whole class. */
export function definesWholeClass(file: FileModel, decl: ClassDecl): boolean {
  return decl.methods.every((m) => m.isPureVirtual || file.functions.some((f) => f.className === decl.name && f.methodName === m.name));
}
