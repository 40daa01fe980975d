// Finds the SCSI controller classes a file implements (those whose .iig base chain reaches the SDK controller class).
import { parameterName } from '../../../analysis/paths/class-calls';
import { findCalls, slice, type CallSite } from '../../../model/calls';
import type { ClassDecl, FileModel, FunctionDef } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import type { LocatedClass, RuleContext, WorkspaceView } from '../../rule';
import { classScopes } from '../dispatch/class-scope';
import { isDeferredRoot } from '../dispatch/syntax';
import { SCSI, type OutParameterMethod } from './facts';

const MAX_DEPTH = 16;

export interface ControllerScope {
  readonly file: FileModel;
  readonly className: string;
  /** The class's member function definitions in this file. */
  readonly functions: readonly FunctionDef[];
  readonly iig: LocatedClass;
  /** The class's declaration and its workspace bases up to the SDK controller class, nearest first. */
  readonly chain: readonly ClassDecl[];
  readonly findClass: (name: string) => ClassDecl | undefined;
}

/**
 * The declarations along the chain from `className` up to the SDK controller class, nearest first; undefined when
 * the chain leaves the workspace's .iig files before reaching it (then the class is not known to be a controller).
 */
export function controllerChain(className: string, workspace: WorkspaceView, own?: ClassDecl): ClassDecl[] | undefined {
  const chain: ClassDecl[] = [];
  let decl = own ?? workspace.findIigClass(className)?.decl;
  for (let depth = 0; decl && depth < MAX_DEPTH; depth++) {
    chain.push(decl);
    const base = decl.baseClass;
    if (base === SCSI.controllerClass) return chain;
    if (base === undefined || chain.some((c) => c.name === base)) return undefined;
    decl = workspace.findIigClass(base)?.decl;
  }
  return undefined;
}

/** The SCSI controller classes whose member functions this file defines. */
export function controllerScopes(file: FileModel, context: RuleContext): ControllerScope[] {
  const scopes: ControllerScope[] = [];
  for (const { name: className, functions, iig } of classScopes(file, context)) {
    const chain = iig ? controllerChain(className, context.workspace, iig.decl) : undefined;
    if (!iig || !chain) continue;
    scopes.push({ file, className, functions, iig, chain, findClass: (name) => context.workspace.findIigClass(name)?.decl });
  }
  return scopes;
}

/** The one message-dispatched definition of a framework method in this file; undefined when there is none or several. */
export function frameworkDefinition(scope: ControllerScope, method: string): FunctionDef | undefined {
  const found = scope.functions.filter((f) => f.methodName === method && f.form !== 'plain');
  return found.length === 1 ? found[0] : undefined;
}

/** The name a framework method's definition gives its parameter (`id` of `UserReportInitiatorIdentifier(uint64_t * id)`). */
export function parameterOf(scope: ControllerScope, fn: FunctionDef, parameter: { readonly index: number; readonly sdkName: string }): string | undefined {
  return parameterName(scope, { definition: fn, index: parameter.index, sdkName: parameter.sdkName });
}

/** The definition of a one-out-parameter framework method and its parameter's name, when both are known. */
export function outParameterMethod(scope: ControllerScope, method: OutParameterMethod): { fn: FunctionDef; name: string } | undefined {
  const fn = frameworkDefinition(scope, method.name);
  const name = fn ? parameterOf(scope, fn, { index: 0, sdkName: method.parameter }) : undefined;
  return fn && name ? { fn, name } : undefined;
}

/** A call on the object itself: bare, through `this->`, or qualified with the class's own name. */
export function isOwnCall(scope: ControllerScope, call: CallSite): boolean {
  if (call.receiver) return slice(scope.file.text, call.receiver).trim() === 'this';
  return call.qualifiedName === undefined || call.qualifiedName === `${scope.className}::${call.name}`;
}

/** Calls of `method` on the object itself under `root`, in source order. */
export function ownCallsOf(scope: ControllerScope, root: SyntaxNode, method: string): CallSite[] {
  return findCalls(scope.file.text, root).filter((call) => call.name === method && isOwnCall(scope, call));
}

/** True when `node` sits in a block literal or lambda under `root`: code that runs later, elsewhere. */
export function isDeferred(node: SyntaxNode, root: SyntaxNode): boolean {
  for (let current = node.parent; current && current !== root; current = current.parent) if (isDeferredRoot(current)) return true;
  return false;
}

/**
 * False when the class's .iig declares a method (other than a pure virtual one) that this file does not define:
 * another file implements part of the class.
 */
export function wholeClassInFile(scope: ControllerScope): boolean {
  const defined = new Set(scope.functions.map((f) => f.methodName));
  return scope.iig.decl.methods.every((m) => m.isPureVirtual || defined.has(m.name));
}
