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
  walk(
    root,
    (node) => {
      if (CLASS_TYPES.has(node.type)) {
        const decl = readClass(maskedText, node, annotations);
        if (decl) classes.push(decl);
      }
    },
    (node) => node.type === 'compound_statement',
  );
  const outsideClasses = annotations.filter((a) => !classes.some((c) => a.start >= c.range.start && a.end <= c.range.end));
  const looseDeclarations = readMembers(maskedText, fileScopeDeclarations(root), root.startIndex, root.endIndex, outsideClasses);
  return { classes, looseDeclarations };
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
function fileScopeDeclarations(root: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const visit = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === 'declaration' || child.type === 'field_declaration') found.push(child);
      else if (!FUNCTION_BODY_TYPES.has(child.type) && isContainer(child.type)) visit(child);
    }
  };
  visit(root);
  return found;
}

function isContainer(type: string): boolean {
  return type === 'namespace_definition' || type === 'declaration_list' || type === 'linkage_specification' || type.startsWith('preproc_');
}
