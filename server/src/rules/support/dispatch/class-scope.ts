// Groups a file's function definitions by class, with the class's .iig declaration, for class-wide dispatch rules.
import type { CallSite } from '../../../model/calls';
import { perDefinition } from '../../../model/definition-memo';
import type { FileModel, FunctionDef, MethodDecl } from '../../../model/file-model';
import type { LocatedClass, RuleContext } from '../../rule';
import { callsUnder } from './syntax';

export interface ClassScope {
  readonly file: FileModel;
  readonly name: string;
  /** The class's member function definitions in this file. */
  readonly functions: readonly FunctionDef[];
  readonly iig?: LocatedClass;
  /**
   * False when the class's .iig declares a method (other than a pure virtual one) that this file does not define,
   * i.e. another file implements part of the class and may do what this file seems to lack. True when no .iig is
   * known: the file is then taken to be the whole class.
   */
  readonly wholeClassInFile: boolean;
}

export interface CreateActionCall {
  readonly handler: string;
  readonly call: CallSite;
  readonly fn: FunctionDef;
}

const CREATE_ACTION = 'CreateAction';

export function classScopes(file: FileModel, context: RuleContext): readonly ClassScope[] {
  const known = scopesByModel.get(file);
  if (known?.every((scope) => scope.iig?.decl === context.workspace.findIigClass(scope.name)?.decl)) return known;
  const scopes = groupByClass(file, context);
  scopesByModel.set(file, scopes);
  return scopes;
}

// Seven class-wide rules group the same model's functions; the grouping is kept per model while its classes' .iig
// declarations stay the same objects (a changed .iig is a new declaration).
const scopesByModel = new WeakMap<FileModel, readonly ClassScope[]>();

function groupByClass(file: FileModel, context: RuleContext): ClassScope[] {
  const byClass = new Map<string, FunctionDef[]>();
  for (const fn of file.functions) {
    if (fn.className === undefined) continue;
    const functions = byClass.get(fn.className);
    if (functions) functions.push(fn);
    else byClass.set(fn.className, [fn]);
  }
  return [...byClass].map(([name, functions]) => {
    const iig = context.workspace.findIigClass(name);
    const defined = new Set(functions.map((f) => f.methodName));
    const wholeClassInFile = iig === undefined || iig.decl.methods.every((m) => m.isPureVirtual || defined.has(m.name));
    return { file, name, functions, iig, wholeClassInFile };
  });
}

export function functionsNamed(scope: ClassScope, methodName: string): FunctionDef[] {
  return scope.functions.filter((f) => f.methodName === methodName);
}

export function iigMethod(scope: ClassScope, name: string): MethodDecl | undefined {
  return scope.iig?.decl.methods.find((m) => m.name === name);
}

/** True when the call has no receiver or is made on `this` (or is `Class::Method`): a method of the object itself. */
export function isSelfCall(scope: ClassScope, call: CallSite): boolean {
  if (call.qualifiedName !== undefined) return call.qualifiedName === `${scope.name}::${call.name}`;
  return call.receiver === undefined || scope.file.text.slice(call.receiver.startIndex, call.receiver.endIndex).trim() === 'this';
}

/**
 * The class's TYPE handlers: methods its .iig declares with `TYPE(...)`, and (whatever the .iig says) every `H` for
 * which the class calls the generated `CreateAction<H>`, since iig only generates that factory for TYPE methods.
 */
export function typeHandlerNames(scope: ClassScope): Set<string> {
  const names = new Set<string>();
  for (const method of scope.iig?.decl.methods ?? []) if (method.typeReference) names.add(method.name);
  for (const call of createActionCalls(scope)) names.add(call.handler);
  return names;
}

/** Calls of the generated `CreateAction<Handler>(referenceSize, &action)` factories in the class's functions. */
export function createActionCalls(scope: ClassScope): readonly CreateActionCall[] {
  let found = actionCallsByScope.get(scope);
  if (!found) {
    found = scope.functions.flatMap((fn) => factoryShapedCalls(fn, scope.file.text).flatMap((call) => (isSelfCall(scope, call) ? [{ handler: call.name.slice(CREATE_ACTION.length), call, fn }] : [])));
    actionCallsByScope.set(scope, found);
  }
  return found;
}

// Several class-wide rules ask for the same scope's factory calls (typeHandlerNames among them).
const actionCallsByScope = new WeakMap<ClassScope, readonly CreateActionCall[]>();

/** A function's calls shaped like a generated action factory, whatever their receiver (see isSelfCall). */
export const factoryShapedCalls = perDefinition((fn, text) => callsUnder(text, fn.body).filter(isFactoryShaped));

/** `CreateAction<Handler>(referenceSize, &action)`. */
function isFactoryShaped(call: CallSite): boolean {
  return call.name.startsWith(CREATE_ACTION) && call.name.length > CREATE_ACTION.length && call.args.length === 2;
}

/** True for definitions that implement a message-dispatched method: `IMPL(C, M)` or `C::M_Impl(...)`. */
export function isImplDefinition(fn: FunctionDef): boolean {
  return fn.form === 'impl-macro' || fn.form === 'impl-suffix';
}

/**
 * The name of a TYPE handler's `OSAction *` parameter: from the definition's own parameter list (`_Impl` form) or,
 * for `IMPL(C, M)` whose parameters come from the .iig, from the .iig declaration.
 */
export function actionParameterName(scope: ClassScope, fn: FunctionDef): string | undefined {
  const params = fn.form === 'impl-macro' ? (iigMethod(scope, fn.methodName)?.params ?? []) : fn.params;
  const first = params[0];
  return first && /\bOSAction\*$/.test(first.type) ? first.name : undefined;
}
