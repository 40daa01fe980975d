// Reads the outline of one file as plain data: classes and structs with their methods and fields, and definitions.
import type { SyntaxNode } from '../parser/syntax-node';
import type { ClassDecl, DefinitionForm, FileModel, FunctionDef, MethodDecl, OffsetRange } from './file-model';
import { rangeOf, unwrapFunctionDeclarator } from './syntax-helpers';

export interface OutlineField {
  readonly name: string;
  readonly nameRange: OffsetRange;
  /** The whole member declaration (shared by `int a, b;`). */
  readonly range: OffsetRange;
}

export interface OutlineMethod {
  readonly name: string;
  readonly nameRange: OffsetRange;
  readonly range: OffsetRange;
  /** The iig annotations and `override` as written, e.g. `TYPE(IOTimerDispatchSource::TimerOccurred) LOCALONLY`. */
  readonly detail: string;
}

export interface OutlineRecord {
  readonly name: string;
  readonly keyword: 'class' | 'struct';
  readonly nameRange: OffsetRange;
  readonly range: OffsetRange;
  readonly baseClass?: string;
  readonly methods: readonly OutlineMethod[];
  readonly fields: readonly OutlineField[];
}

export interface OutlineDefinition {
  readonly className?: string;
  /** The class name as written in the definition (`IMPL(Class, …)` or `Class::…`). */
  readonly classNameRange?: OffsetRange;
  readonly methodName: string;
  readonly form: DefinitionForm;
  readonly nameRange: OffsetRange;
  readonly range: OffsetRange;
}

/** What a file declares and defines. Plain data with offset ranges: no syntax nodes, so it may outlive the tree. */
export interface FileOutline {
  readonly records: readonly OutlineRecord[];
  /** Method declarations outside any class (a handler written at file scope). */
  readonly looseMethods: readonly OutlineMethod[];
  readonly definitions: readonly OutlineDefinition[];
}

const EMPTY_OUTLINE: FileOutline = { records: [], looseMethods: [], definitions: [] };

/** Never throws: a file the parser could not read has an empty outline. */
export function readOutline(model: FileModel): FileOutline {
  try {
    const bodies = recordBodies(model.tree?.rootNode);
    return {
      records: model.classes.map((c) => readRecord(model.text, c, bodies.get(c.range.start))),
      looseMethods: model.looseDeclarations.map(readMethod),
      definitions: model.functions.map(readDefinition),
    };
  } catch {
    return EMPTY_OUTLINE;
  }
}

/** `TYPE(Source::Method)`, `QUEUENAME(Aux)`, `LOCALONLY`… in source order, then `override`. */
export function annotationDetail(method: MethodDecl): string {
  const words = [...method.annotations].sort((a, b) => a.start - b.start).map((a) => (a.argument !== undefined ? `${a.name}(${a.argument})` : a.name));
  if (method.isOverride) words.push('override');
  return words.join(' ');
}

function readMethod(method: MethodDecl): OutlineMethod {
  return { name: method.name, nameRange: method.nameRange, range: method.range, detail: annotationDetail(method) };
}

function readRecord(text: string, decl: ClassDecl, body: SyntaxNode | undefined): OutlineRecord {
  return {
    name: decl.name,
    keyword: text.startsWith('struct', decl.range.start) ? 'struct' : 'class',
    nameRange: decl.nameRange,
    range: decl.range,
    baseClass: decl.baseClass,
    methods: decl.methods.map(readMethod),
    fields: body ? readFields(text, body) : [],
  };
}

function readDefinition(def: FunctionDef): OutlineDefinition {
  const classNode = def.className !== undefined ? classNameNode(def) : undefined;
  return {
    className: def.className,
    classNameRange: classNode ? rangeOf(classNode) : undefined,
    methodName: def.methodName,
    form: def.form,
    nameRange: def.nameRange,
    range: def.range,
  };
}

/** The `Class` of `IMPL(Class, Method)` or of `Class::Method…`. */
function classNameNode(def: FunctionDef): SyntaxNode | undefined {
  const fn = unwrapFunctionDeclarator(def.node.childForFieldName('declarator'))?.fn;
  if (!fn) return undefined;
  if (def.form === 'impl-macro') return fn.childForFieldName('parameters')?.namedChildren[0];
  return fn.childForFieldName('declarator')?.childForFieldName('scope') ?? undefined;
}

/** The bodies of every class and struct specifier, keyed by the specifier's start (which is a ClassDecl's range start). */
function recordBodies(root: SyntaxNode | undefined): Map<number, SyntaxNode> {
  const found = new Map<number, SyntaxNode>();
  if (!root) return found;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'class_specifier' || node.type === 'struct_specifier') {
      const body = node.childForFieldName('body');
      if (body) found.set(node.startIndex, body);
    }
    // Classes declared inside function bodies are not part of the outline (extract-classes skips them too).
    if (node.type !== 'compound_statement') stack.push(...node.namedChildren);
  }
  return found;
}

/** Data members of a class body; member functions are methods, not fields. */
function readFields(text: string, body: SyntaxNode): OutlineField[] {
  const fields: OutlineField[] = [];
  for (const member of body.namedChildren) {
    if (member.type !== 'field_declaration') continue;
    for (const declarator of member.namedChildren) {
      if (declarator === member.childForFieldName('type') || declarator.type === 'comment') continue;
      const name = fieldName(declarator);
      if (name) fields.push({ name: text.slice(name.startIndex, name.endIndex), nameRange: rangeOf(name), range: rangeOf(member) });
    }
  }
  return fields;
}

/** The identifier a data-member declarator declares (through pointers, references and arrays); none for functions. */
function fieldName(declarator: SyntaxNode): SyntaxNode | undefined {
  let node: SyntaxNode | null = declarator;
  for (let depth = 0; node && depth < 32; depth++) {
    if (node.type === 'field_identifier') return node;
    if (node.type === 'function_declarator' || !/declarator$/.test(node.type)) return undefined;
    node = node.childForFieldName('declarator') ?? node.namedChildren.find((c) => c.type === 'field_identifier' || /declarator$/.test(c.type)) ?? null;
  }
  return undefined;
}
