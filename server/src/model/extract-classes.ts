// Finds class bodies and file-scope declarations, distributing the iig annotations to the declarations they annotate.
import type { IigAnnotation } from '../iig/mask-annotations';
import type { SyntaxNode } from '../parser/syntax-node';
import type { ClassDecl, MethodDecl } from './file-model';
import { readMethodDeclaration } from './extract-declarations';
import { rangeOf, walk } from './syntax-helpers';

const CLASS_TYPES = new Set(['class_specifier', 'struct_specifier']);
const FUNCTION_BODY_TYPES = new Set(['compound_statement', 'field_declaration_list']);

export interface ExtractedDeclarations {
  readonly classes: ClassDecl[];
  readonly looseDeclarations: MethodDecl[];
}

export function extractDeclarations(maskedText: string, root: SyntaxNode, annotations: readonly IigAnnotation[]): ExtractedDeclarations {
  const classes: ClassDecl[] = [];
  const declarations: SyntaxNode[] = [];
  if (CLASS_TYPES.has(root.type)) {
    const decl = readClass(maskedText, root, annotations);
    if (decl) classes.push(decl);
  }
  for (const child of root.namedChildren) {
    const found = subtreeDeclarations(child);
    for (const node of found.classes) {
      const decl = readClass(maskedText, node, annotations);
      if (decl) classes.push(decl);
    }
    for (const node of found.declarations) declarations.push(node);
  }
  const outsideClasses = annotations.filter((a) => !classes.some((c) => a.start >= c.range.start && a.end <= c.range.end));
  const looseDeclarations = readMembers(maskedText, declarations, root.startIndex, root.endIndex, outsideClasses);
  return { classes, looseDeclarations };
}

/** The class nodes and the file-scope declaration nodes of one top-level subtree, in source order. */
interface SubtreeDeclarations {
  readonly classes: readonly SyntaxNode[];
  readonly declarations: readonly SyntaxNode[];
}

/**
 * Which nodes of a top-level subtree are classes and file-scope declarations depends on the subtree alone, so it is
 * found once per subtree object: an incremental parse keeps the subtrees an edit did not touch, and after a keystroke
 * only the edited one is walked again. The declarations themselves are read again each time, because which
 * annotations they get depends on the whole file (and there are few of them outside function bodies).
 */
const declarationsBySubtree = new WeakMap<SyntaxNode, SubtreeDeclarations>();

function subtreeDeclarations(node: SyntaxNode): SubtreeDeclarations {
  let found = declarationsBySubtree.get(node);
  if (!found) {
    const classes: SyntaxNode[] = [];
    walk(
      node,
      (n) => {
        if (CLASS_TYPES.has(n.type)) classes.push(n);
      },
      (n) => n.type === 'compound_statement',
    );
    const declarations: SyntaxNode[] = [];
    collectFileScopeDeclarations(node, declarations);
    found = { classes, declarations };
    declarationsBySubtree.set(node, found);
  }
  return found;
}

function readClass(maskedText: string, node: SyntaxNode, annotations: readonly IigAnnotation[]): ClassDecl | undefined {
  const nameNode = node.childForFieldName('name');
  const body = node.childForFieldName('body');
  if (!nameNode || !body) return undefined;
  const baseClause = node.namedChildren.find((c) => c.type === 'base_class_clause');
  const baseName = baseClause?.namedChildren.find((c) => c.type === 'type_identifier' || c.type === 'qualified_identifier');
  const members = body.namedChildren;
  return {
    name: maskedText.slice(nameNode.startIndex, nameNode.endIndex),
    nameRange: rangeOf(nameNode),
    range: rangeOf(node),
    bodyStart: body.startIndex + 1,
    bodyEnd: Math.max(body.startIndex + 1, body.endIndex - 1),
    baseClass: baseName ? maskedText.slice(baseName.startIndex, baseName.endIndex) : undefined,
    annotations: annotations.filter((a) => a.start >= node.startIndex && a.end <= body.startIndex),
    methods: readMembers(maskedText, members, body.startIndex + 1, body.endIndex, annotations),
  };
}

/**
 * Reads the method declarations among `members`. An annotation inside a declaration belongs to it; one between two
 * declarations was written before the second (iig wants it after), so it is attached to the second as leading.
 */
function readMembers(
  maskedText: string,
  members: readonly SyntaxNode[],
  regionStart: number,
  regionEnd: number,
  annotations: readonly IigAnnotation[],
): MethodDecl[] {
  const methods: MethodDecl[] = [];
  let gapStart = regionStart;
  for (const member of members) {
    const leading = annotations.filter((a) => a.start >= gapStart && a.end <= member.startIndex && a.end <= regionEnd);
    const inside = annotations.filter((a) => a.start >= member.startIndex && a.end <= member.endIndex);
    const method = readMethodDeclaration(maskedText, member, leading, inside);
    if (method) methods.push(method);
    gapStart = member.endIndex;
  }
  return methods;
}

/** Declarations at file scope, looking through namespaces, `extern "C"` blocks and preprocessor conditionals. */
function collectFileScopeDeclarations(node: SyntaxNode, found: SyntaxNode[]): void {
  if (node.type === 'declaration' || node.type === 'field_declaration') found.push(node);
  else if (!FUNCTION_BODY_TYPES.has(node.type) && isContainer(node.type)) {
    for (const child of node.namedChildren) collectFileScopeDeclarations(child, found);
  }
}

function isContainer(type: string): boolean {
  return type === 'namespace_definition' || type === 'declaration_list' || type === 'linkage_specification' || type.startsWith('preproc_');
}
