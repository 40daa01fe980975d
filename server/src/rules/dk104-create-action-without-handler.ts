// DK104: CreateAction<Name> exists only when the class's .iig declares Name with TYPE(...); otherwise it is never generated.
import { callbackSourceClass, type PrototypeParameter } from '../knowledge/knowledge-base';
import { sdkBaseOf } from '../knowledge/sdk-methods';
import { enclosingFunction, findCalls, type CallSite } from '../model/calls';
import type { FileModel, FunctionDef, MethodDecl } from '../model/file-model';
import { normalizeTypeText } from '../model/type-text';
import { defineRule, type Finding, type Fix, type LocatedClass, type RuleContext } from './rule';
import { closestName } from './support/edit-distance';
import { addDeclarationToClass } from './support/iig-insertion';
import { actionSourceOf, type ActionSource } from './support/interface/action-source';
import { classChainOf } from './support/interface/class-dispatch';
import { effectiveParameters, formatParameterText } from './support/interface/parameter-match';
import { compiledAgainst } from './support/interface/source-layout';

const PREFIX = 'CreateAction';

/** TYPE handlers the SDK classes themselves declare, whose factories subclasses inherit (core-apis §1.4: IOUserClient's KernelCompletion). */
const SDK_HANDLERS: Readonly<Record<string, readonly string[]>> = { IOUserClient: ['KernelCompletion'] };

export const createActionWithoutHandler = defineRule(
  {
    code: 'DK104',
    name: 'create-action-without-handler',
    summary: "`CreateAction<Name>` exists only when the class's .iig declares a method `Name` with `TYPE(Source::Prototype)`; calling it for any other name does not compile.",
    category: 'interface',
    defaultSeverity: 'error',
    fixable: 'unsafe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    if (!file.tree) return findings;
    const calls: CallSite[] = [];
    for (const call of findCalls(file.text, file.tree.rootNode)) {
      if (!call.name.startsWith(PREFIX) || call.name.length === PREFIX.length || call.qualifiedName !== undefined) continue;
      if (!call.receiver || file.text.slice(call.receiver.startIndex, call.receiver.endIndex).trim() === 'this') calls.push(call);
    }
    const called = new Set(calls.map((c) => c.name));
    for (const call of calls) {
      const fn = enclosingFunction(file.functions, call.node.startIndex);
      const owner = fn?.className !== undefined ? context.workspace.findIigClass(fn.className) : undefined;
      if (!fn || !owner || !compiledAgainst(file, owner.uri)) continue;
      const finding = checkCall(file, context, { call, fn, owner, handler: call.name.slice(PREFIX.length), called });
      if (finding) findings.push(finding);
    }
    return findings;
  },
);

interface CallInClass {
  readonly call: CallSite;
  readonly fn: FunctionDef;
  readonly owner: LocatedClass;
  readonly handler: string;
  /** Every factory name this file calls. */
  readonly called: ReadonlySet<string>;
}

function checkCall(file: FileModel, context: RuleContext, site: CallInClass): Finding | undefined {
  const { owner, handler, call } = site;
  const chain = classChainOf(owner.decl, context.workspace);
  const classes = [owner.decl, ...chain.userBases];
  if (classes.some((c) => c.methods.some((m) => m.name === handler && m.typeReference !== undefined))) return undefined;
  // A base class outside the workspace and the knowledge base may declare the handler itself.
  if (chain.sdkBase === undefined || inheritsSdkHandler(chain.sdkBase, handler)) return undefined;
  // A helper of the project that merely starts with the prefix is not a generated factory.
  const helper = classes.some((c) => c.methods.some((m) => m.name === call.name)) || file.looseDeclarations.some((m) => m.name === call.name);
  if (helper || file.functions.some((f) => f.methodName === call.name)) return undefined;
  const declared = classes.flatMap((c) => c.methods.filter((m) => m.name === handler));
  const declarer = classes.find((c) => c.methods.some((m) => m.name === handler));
  const source = call.args.length === 2 ? actionSourceOf(file, site.fn, call.args[1]) : undefined;
  const range = nameRangeOf(call);
  if (declared.length > 0) {
    const own = owner.decl.methods.filter((m) => m.name === handler);
    const fix = own.length === 1 && declared.length === 1 && source ? addTypeFix(owner, own[0], source) : undefined;
    const annotation = source ? `'TYPE(${source.sourceClass}::${source.prototype})'` : 'TYPE(Source::Prototype)';
    return {
      range,
      message: `'${call.name}' is never generated because '${handler}' is declared in ${declarer?.name ?? owner.decl.name}'s .iig without TYPE(...); add ${annotation} to its declaration${declared.some((m) => m.isLocalOnly) ? ' in place of LOCALONLY' : ''}.`,
      fixes: fix ? [fix] : [],
    };
  }
  const suggestion = suggestHandler(site, source);
  const declaration = source ? `'${handlerDeclaration(handler, source, prototypeOf(source))}'` : `'${handler}' with TYPE(Source::Prototype)`;
  const hint = suggestion !== undefined ? `did you mean '${PREFIX}${suggestion}'?` : `declare ${declaration} in the class body.`;
  const fix = suggestion !== undefined ? renameFix(file, call, suggestion) : source ? declareFix(file, site, source) : undefined;
  return {
    range,
    message: `'${call.name}' is never generated because ${owner.decl.name}'s .iig declares no TYPE handler '${handler}'; ${hint}`,
    fixes: fix ? [fix] : [],
  };
}

function inheritsSdkHandler(sdkBase: string, handler: string): boolean {
  for (let cls: string | undefined = sdkBase; cls !== undefined; cls = sdkBaseOf(cls)) {
    if (Object.prototype.hasOwnProperty.call(SDK_HANDLERS, cls) && SDK_HANDLERS[cls].includes(handler)) return true;
  }
  return false;
}

function nameRangeOf(call: CallSite): { start: number; end: number } {
  const callee = call.node.childForFieldName('function');
  const field = callee?.type === 'field_expression' ? callee.childForFieldName('field') : null;
  return field ? { start: field.startIndex, end: field.endIndex } : call.calleeRange;
}

function prototypeOf(source: ActionSource): readonly PrototypeParameter[] {
  return callbackSourceClass(source.sourceClass)?.prototypes[source.prototype] ?? [];
}

function handlerDeclaration(handler: string, source: ActionSource, params: readonly PrototypeParameter[]): string {
  return `virtual void ${handler}(${params.map((p) => formatParameterText(normalizeTypeText(p.type), p.name)).join(', ')}) TYPE(${source.sourceClass}::${source.prototype});`;
}

/**
 * A near-miss of a handler the class declares (for the same source, when the source is known) is a misspelled
 * factory, unless the file already calls that handler's factory: then a second handler was probably meant.
 */
function suggestHandler(site: CallInClass, source: ActionSource | undefined): string | undefined {
  const handlers = site.owner.decl.methods.filter(
    (m) =>
      m.typeReference !== undefined &&
      !site.called.has(`${PREFIX}${m.name}`) &&
      (!source || (m.typeReference.className === source.sourceClass && m.typeReference.methodName === source.prototype)),
  );
  return closestName(site.handler, handlers.map((m) => m.name));
}

function renameFix(file: FileModel, call: CallSite, handler: string): Fix {
  return { title: `Call '${PREFIX}${handler}'`, isPreferred: true, edits: [{ uri: file.uri, range: nameRangeOf(call), newText: `${PREFIX}${handler}` }] };
}

/**
 * Declares the handler in the .iig when this file already implements it in a message-dispatched form
 * (`IMPL(Class, Name)` or `Class::Name_Impl(...)` with the prototype's parameter types), so the result links.
 */
function declareFix(file: FileModel, site: CallInClass, source: ActionSource): Fix | undefined {
  const prototype = prototypeOf(source);
  if (prototype.length === 0) return undefined;
  const definitions = file.functions.filter((f) => f.className === site.owner.decl.name && f.methodName === site.handler);
  if (definitions.length !== 1 || definitions[0].form === 'plain') return undefined;
  const definition = definitions[0];
  let params = prototype;
  if (definition.form === 'impl-suffix') {
    const own = effectiveParameters(definition.params);
    if (own.length !== prototype.length || own.some((p, i) => p.type !== normalizeTypeText(prototype[i].type))) return undefined;
    // The explicit _Impl body uses its own parameter names; the declaration may as well.
    params = prototype.map((p, i) => ({ type: p.type, name: own[i].name ?? p.name }));
  }
  return {
    title: `Declare '${site.handler}' in ${site.owner.decl.name}'s .iig with TYPE(${source.sourceClass}::${source.prototype})`,
    isPreferred: true,
    edits: addDeclarationToClass(site.owner, handlerDeclaration(site.handler, source, params), callbackSourceClass(source.sourceClass)?.header),
  };
}

/** Adds the TYPE annotation to a declaration that already has the prototype's shape and no conflicting annotation. */
function addTypeFix(owner: LocatedClass, method: MethodDecl, source: ActionSource): Fix | undefined {
  const prototype = prototypeOf(source);
  const matches = method.params.length === prototype.length && method.params.every((p, i) => p.type === normalizeTypeText(prototype[i].type));
  const end = method.range.end - 1;
  if (!matches || method.returnType !== 'void' || method.isStatic || method.isLocalOnly || method.isOverride || method.isPureVirtual || owner.text[end] !== ';') return undefined;
  return {
    title: `Add 'TYPE(${source.sourceClass}::${source.prototype})' to '${method.name}'`,
    isPreferred: true,
    edits: [{ uri: owner.uri, range: { start: end, end }, newText: ` TYPE(${source.sourceClass}::${source.prototype})` }],
  };
}
