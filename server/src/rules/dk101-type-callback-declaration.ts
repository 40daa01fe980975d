// DK101: a TYPE(Source::Method) callback must be declared exactly as iig expects, or its action never dispatches.
import type { PrototypeParameter } from '../knowledge/knowledge-base';
import type { FileModel, MethodDecl } from '../model/file-model';
import { normalizeTypeText } from '../model/type-text';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';
import { resolvePrototype } from './support/callback-prototype';
import { formatParameter } from './support/source-text';

const ACTION_TYPE = 'OSAction*';

export const typeCallbackDeclaration = defineRule(
  {
    code: 'DK101',
    name: 'type-callback-declaration',
    summary: 'A TYPE(Source::Method) callback must be declared in the class body of the .iig as `virtual void Name(OSAction * action, <the prototype arguments>) TYPE(Source::Method);`.',
    category: 'interface',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['iig'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const cls of file.classes) {
      for (const method of cls.methods) {
        const finding = checkHandler(file, method, context, true);
        if (finding) findings.push(finding);
      }
    }
    for (const method of file.looseDeclarations) {
      const finding = checkHandler(file, method, context, false);
      if (finding) findings.push(finding);
    }
    return findings;
  },
);

function checkHandler(file: FileModel, method: MethodDecl, context: RuleContext, inClass: boolean): Finding | undefined {
  const reference = method.typeReference;
  if (!reference) return undefined;
  const argument = `${reference.className ? `${reference.className}::` : ''}${reference.methodName}`;
  const resolution = resolvePrototype(reference, context.workspace);
  if (resolution.kind === 'unknown-class') {
    return {
      range: reference.range,
      message: `'TYPE(${argument})' names no DriverKit callback source; did you mean '${resolution.suggestion}'?`,
    };
  }
  if (resolution.kind === 'unknown-method') {
    const hint = resolution.suggestion ? `; did you mean '${resolution.suggestion}'?` : '.';
    return { range: reference.range, message: `'${resolution.className}' declares no callback prototype '${reference.methodName}'${hint}` };
  }
  const expected = resolution.kind === 'known' ? resolution.params : undefined;
  const problems = listProblems(method, expected, inClass);
  if (problems.length === 0) return undefined;
  const signatureWrong = problems.some((p) => p.inSignature);
  return {
    range: signatureWrong ? method.nameRange : reference.range,
    message: `Callback '${method.name}' for 'TYPE(${argument})' ${problems.map((p) => p.text).join(', ')}; declare it as '${canonicalDeclaration(method, argument, expected)}'.`,
    // Without a known prototype the parameter list cannot be repaired with certainty, only moved annotations can.
    fixes: inClass && (expected !== undefined || method.params[0]?.type === ACTION_TYPE) ? [rewriteFix(file, method, argument, expected)] : [],
  };
}

interface Problem {
  readonly text: string;
  readonly inSignature: boolean;
}

function listProblems(method: MethodDecl, expected: readonly PrototypeParameter[] | undefined, inClass: boolean): Problem[] {
  const problems: Problem[] = [];
  if (!inClass) problems.push({ text: 'is declared outside a class body', inSignature: false });
  if (method.leadingAnnotations.some((a) => a.name === 'TYPE')) problems.push({ text: 'has TYPE(...) before the declaration instead of after the parameter list', inSignature: false });
  if (method.isLocalOnly) problems.push({ text: 'is LOCALONLY, which gives it no message ID to dispatch to', inSignature: false });
  if (method.returnType !== 'void') problems.push({ text: `returns '${method.returnType}' instead of 'void'`, inSignature: true });
  if (method.params[0]?.type !== ACTION_TYPE) problems.push({ text: "does not take 'OSAction * action' first", inSignature: true });
  else if (expected && !sameTypes(method.params.map((p) => p.type), expected.map((p) => p.type))) {
    problems.push({ text: `takes (${method.params.map((p) => p.type).join(', ')}) instead of (${expected.map((p) => normalizeTypeText(p.type)).join(', ')})`, inSignature: true });
  }
  return problems;
}

function sameTypes(actual: readonly string[], expected: readonly string[]): boolean {
  return actual.length === expected.length && actual.every((type, i) => type === normalizeTypeText(expected[i]));
}

/**
 * The declaration iig accepts. Parameter names the user chose are kept where the type still matches, because the
 * IMPL body refers to parameters by the names written in the .iig.
 */
function canonicalDeclaration(method: MethodDecl, argument: string, expected: readonly PrototypeParameter[] | undefined): string {
  const params = expected ? keptNames(method, expected) : withLeadingAction(method);
  return `virtual void ${method.name}(${params.join(', ')}) TYPE(${argument})${keptAnnotations(method)};`;
}

/** Other annotations the declaration carried (a QUEUENAME choosing the handler's queue) survive the rewrite. */
function keptAnnotations(method: MethodDecl): string {
  const kept = method.annotations.filter((a) => a.name !== 'TYPE' && a.name !== 'LOCALONLY');
  return kept.map((a) => (a.argument !== undefined ? ` ${a.name}(${a.argument})` : ` ${a.name}`)).join('');
}

/** Aligns the user's parameters with the prototype (allowing for a missing leading action) to keep their names. */
function keptNames(method: MethodDecl, expected: readonly PrototypeParameter[]): string[] {
  const shift = method.params[0]?.type !== ACTION_TYPE && normalizeTypeText(expected[0]?.type ?? '') === ACTION_TYPE ? 1 : 0;
  const used = new Set<string>();
  return expected.map((p, i) => {
    const own = method.params[i - shift];
    const keep = own?.name !== undefined && own.type === normalizeTypeText(p.type) && !used.has(own.name);
    const name = keep ? (own.name as string) : p.name;
    used.add(name);
    return formatParameter(p.type, name);
  });
}

function withLeadingAction(method: MethodDecl): string[] {
  const own = method.params.map((p, i) => formatParameter(p.type, p.name ?? `arg${i}`));
  return method.params[0]?.type === ACTION_TYPE ? own : [formatParameter(ACTION_TYPE, 'action'), ...own];
}

function rewriteFix(file: FileModel, method: MethodDecl, argument: string, expected: readonly PrototypeParameter[] | undefined): Fix {
  return {
    title: `Rewrite '${method.name}' as a ${argument} callback`,
    isPreferred: true,
    edits: [{ uri: file.uri, range: method.range, newText: canonicalDeclaration(method, argument, expected) }],
  };
}
