// DK105: a method's definition must use the form its dispatch gives it: `_Impl`/IMPL for message-dispatched methods, plain for LOCALONLY.
import type { ClassDecl, FileModel, FunctionDef, MethodDecl, OffsetRange } from '../model/file-model';
import { unwrapFunctionDeclarator } from '../model/syntax-helpers';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';
import { certainDispatchOf, classChainOf, soleMethod, type ClassChain, type DispatchVerdict } from './support/interface/class-dispatch';
import { declaredParameterText, effectiveParameters, parametersCertainlyDiffer } from './support/interface/parameter-match';
import { compiledAgainst } from './support/interface/source-layout';

const IMPL_SUFFIX = '_Impl';

export const implFormMismatch = defineRule(
  {
    code: 'DK105',
    name: 'impl-form-mismatch',
    summary:
      'Define message-dispatched methods (TYPE handlers and overrides such as `Start`) as `Class::Method_Impl(...)` or `IMPL(Class, Method)`, and LOCALONLY methods (`init`, `free`, `ExternalMethod`, helpers marked LOCALONLY) as plain `Class::Method(...)`, with the parameter types of the .iig.',
    category: 'interface',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    // A class is looked up once, however many of its methods the file defines (this rule runs on every keystroke).
    const owners = new Map<string, Owner | undefined>();
    for (const fn of file.functions) {
      if (fn.className === undefined) continue;
      let owner = owners.get(fn.className);
      if (owner === undefined && !owners.has(fn.className)) owners.set(fn.className, (owner = ownerOf(file, fn.className, context)));
      const method = owner ? soleMethod(owner.decl, fn.methodName) : undefined;
      if (!owner || !method) continue;
      const verdict = certainDispatchOf(owner.decl, method, context.workspace, owner.chain);
      const site: Definition = { file, fn, method, className: fn.className, context };
      const finding = verdict?.dispatch === 'rpc' ? checkDispatched(site, verdict) : verdict?.dispatch === 'localOnly' ? checkLocalOnly(site, verdict) : undefined;
      if (finding) findings.push(finding);
    }
    return findings;
  },
);

/** The .iig declaration this file compiles against for a class, with the class's chain of bases. */
interface Owner {
  readonly decl: ClassDecl;
  readonly chain: ClassChain;
}

function ownerOf(file: FileModel, className: string, context: RuleContext): Owner | undefined {
  const located = context.workspace.findIigClass(className);
  if (!located || !compiledAgainst(file, located.uri)) return undefined;
  return { decl: located.decl, chain: classChainOf(located.decl, context.workspace) };
}

interface Definition {
  readonly file: FileModel;
  readonly fn: FunctionDef;
  readonly method: MethodDecl;
  readonly className: string;
  readonly context: RuleContext;
}

function checkDispatched(site: Definition, verdict: DispatchVerdict): Finding | undefined {
  const { fn, method, className } = site;
  const name = method.name;
  const differ = parametersCertainlyDiffer(fn.params, method.params, site.context.workspace);
  if (fn.form === 'impl-suffix' && differ) {
    return {
      range: fn.nameRange,
      message: `'${className}::${name}${IMPL_SUFFIX}' takes (${typesOf(fn.params)}) but the .iig declares '${name}(${typesOf(method.params)})', so the definition matches no declaration; use the .iig's parameter types.`,
      fixes: [],
    };
  }
  if (fn.form !== 'plain') return undefined;
  // A body written against these parameters keeps them when only `_Impl` is added; other types need a person.
  const fix = differ || definedElsewhere(site, 'dispatched') ? undefined : insertionFix(site, `Define as '${className}::${name}${IMPL_SUFFIX}'`, fn.nameRange.end, IMPL_SUFFIX);
  return {
    range: fn.nameRange,
    message: `'${className}::${name}' is defined in plain form, but '${name}' is ${verdict.reason}, so iig declares only '${name}${IMPL_SUFFIX}' and this definition matches no declaration; define it as '${className}::${name}${IMPL_SUFFIX}(...)' or 'IMPL(${className}, ${name})'.`,
    fixes: fix ? [fix] : [],
  };
}

function checkLocalOnly(site: Definition, verdict: DispatchVerdict): Finding | undefined {
  const { fn, method, className, file } = site;
  const name = method.name;
  if (fn.form === 'plain') return undefined;
  const spelled = fn.form === 'impl-macro' ? `IMPL(${className}, ${name})` : `${className}::${name}${IMPL_SUFFIX}`;
  const title = `Define as plain '${className}::${name}'`;
  let fix: Fix | undefined;
  if (!definedElsewhere(site, 'plain')) {
    if (fn.form === 'impl-macro') {
      // IMPL gave the body the .iig's parameters, so spelling them out keeps every name the body uses.
      const head = headOf(fn);
      fix = head ? replacementFix(file, title, head, `${className}::${name}(${declaredParameterText(method.params)})`) : undefined;
    } else if (!parametersCertainlyDiffer(fn.params, method.params, site.context.workspace)) {
      fix = replacementFix(file, title, { start: fn.nameRange.end - IMPL_SUFFIX.length, end: fn.nameRange.end }, '');
    }
  }
  return {
    range: fn.nameRange,
    message: `'${spelled}' is used for '${name}', which is ${verdict.reason}, so iig generates no '${name}${IMPL_SUFFIX}' or '${className}_${name}_Args'; define it as a plain '${className}::${name}(...)'.`,
    fixes: fix ? [fix] : [],
  };
}

function typesOf(params: FunctionDef['params']): string {
  return effectiveParameters(params)
    .map((p) => p.type)
    .join(', ');
}

/** Whether the file already defines the method in the other form, so renaming this definition would duplicate it. */
function definedElsewhere(site: Definition, wanted: 'dispatched' | 'plain'): boolean {
  return site.file.functions.some(
    (f) => f !== site.fn && f.className === site.className && f.methodName === site.method.name && (wanted === 'plain' ? f.form === 'plain' : f.form !== 'plain'),
  );
}

/** From the declarator's name to the closing parenthesis of its parameter list. */
function headOf(fn: FunctionDef): OffsetRange | undefined {
  const declarator = unwrapFunctionDeclarator(fn.node.childForFieldName('declarator'))?.fn;
  const name = declarator?.childForFieldName('declarator');
  const params = declarator?.childForFieldName('parameters');
  return name && params ? { start: name.startIndex, end: params.endIndex } : undefined;
}

function insertionFix(site: Definition, title: string, at: number, text: string): Fix {
  return replacementFix(site.file, title, { start: at, end: at }, text);
}

function replacementFix(file: FileModel, title: string, range: OffsetRange, newText: string): Fix {
  return { title, isPreferred: true, edits: [{ uri: file.uri, range, newText }] };
}
