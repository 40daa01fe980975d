// DK102: iig annotations (TYPE, LOCALONLY, QUEUENAME…) written in a .h or .cpp are undefined there and never reach iig.
import type { IigAnnotation } from '../iig/mask-annotations';
import { callbackSourceClass } from '../knowledge/knowledge-base';
import type { ClassDecl, FileModel, MethodDecl } from '../model/file-model';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';
import { addDeclarationToClass } from './support/iig-insertion';
import { compiledAgainst, insideIigOnlyConditional, wholeLinesOf } from './support/interface/source-layout';

/** Where an annotation was written; annotations in no declaration position are not reported (they may be macros of the project). */
type Placement =
  | { readonly kind: 'member'; readonly cls: ClassDecl; readonly method: MethodDecl }
  | { readonly kind: 'class' | 'definition' | 'declaration' };

export const iigAnnotationOutsideIig = defineRule(
  {
    code: 'DK102',
    name: 'iig-annotation-outside-iig',
    summary: 'iig annotations such as `TYPE(...)`, `LOCALONLY` and `QUEUENAME(...)` belong in the .iig: in a .h or .cpp they are undefined macros and iig never sees them.',
    category: 'interface',
    defaultSeverity: 'error',
    fixable: 'unsafe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const annotation of file.annotations) {
      // The IIG_-prefixed spellings are defined (empty) outside iig, so they compile.
      if (annotation.name.startsWith('IIG_')) continue;
      const placement = placementOf(file, annotation);
      if (!placement || insideIigOnlyConditional(file, annotation.start)) continue;
      const fix = placement.kind === 'member' ? moveFix(file, placement.cls, placement.method, context) : undefined;
      findings.push({
        range: { start: annotation.start, end: annotation.end },
        message: `'${spellingOf(annotation)}' is an iig annotation, which is undefined in ${file.kind === 'header' ? 'a header' : 'a source file'} (a compile error) and never reaches iig, so nothing is generated for it; ${adviceFor(placement)}.`,
        fixes: fix ? [fix] : [],
      });
    }
    return findings;
  },
);

function spellingOf(annotation: IigAnnotation): string {
  return annotation.argument !== undefined ? `${annotation.name}(${annotation.argument})` : annotation.name;
}

function adviceFor(placement: Placement): string {
  switch (placement.kind) {
    case 'member':
      return `declare '${placement.method.name}' in the class body of ${placement.cls.name}'s .iig instead`;
    case 'class':
      return 'annotate the class in its .iig instead';
    case 'definition':
      return 'remove it here and annotate the declaration in the .iig';
    case 'declaration':
      return 'remove it here and declare the method in the class body of the .iig';
  }
}

function owns(method: MethodDecl, annotation: IigAnnotation): boolean {
  return method.annotations.some((a) => a.start === annotation.start) || method.params.some((p) => p.annotations.some((a) => a.start === annotation.start));
}

function placementOf(file: FileModel, annotation: IigAnnotation): Placement | undefined {
  for (const cls of file.classes) {
    if (cls.annotations.some((a) => a.start === annotation.start)) return { kind: 'class' };
    const method = cls.methods.find((m) => owns(m, annotation));
    if (method) return { kind: 'member', cls, method };
  }
  if (file.looseDeclarations.some((m) => owns(m, annotation))) return { kind: 'declaration' };
  // Between the start of a definition and its body: after the parameter list or on a parameter.
  if (file.functions.some((f) => annotation.start >= f.node.startIndex && annotation.end <= f.body.startIndex)) return { kind: 'definition' };
  return undefined;
}

/**
 * Moves a method declared in a hand-written header into its class's .iig, when the workspace has that .iig and the
 * class there does not declare the method yet. The declaration is moved as written; the header loses it.
 */
function moveFix(file: FileModel, cls: ClassDecl, method: MethodDecl, context: RuleContext): Fix | undefined {
  if (file.kind !== 'header') return undefined;
  const target = context.workspace.findIigClass(cls.name);
  if (!target || !compiledAgainst(file, target.uri) || target.decl.methods.some((m) => m.name === method.name)) return undefined;
  const declaration = file.text.slice(method.range.start, method.range.end);
  const source = method.typeReference?.className;
  const header = source !== undefined ? callbackSourceClass(source)?.header : undefined;
  return {
    title: `Move '${method.name}' into ${cls.name}'s .iig`,
    isPreferred: true,
    edits: [{ uri: file.uri, range: wholeLinesOf(file.text, method.range), newText: '' }, ...addDeclarationToClass(target, declaration, header)],
  };
}
