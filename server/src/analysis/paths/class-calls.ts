// Classifies calls inside a class's methods for the required-call walk: the required call itself, a helper of the
// class that (maybe) makes it, or anything else.
import { sdkDispatchOf, isSdkClass } from '../../knowledge/sdk-methods';
import { findCalls, slice, type CallSite } from '../../model/calls';
import type { ClassDecl, FileModel, FunctionDef } from '../../model/file-model';
import { walk } from '../../model/syntax-helpers';
import type { CallRole } from './required-call-walker';

export interface ClassScope {
  readonly file: FileModel;
  readonly className: string;
  /** Looks a class up in the workspace's .iig files (undefined when no .iig declares it). */
  readonly findClass: (name: string) => ClassDecl | undefined;
}

/**
 * True for `Method(...)`, `this->Method(...)`, `super::Method(...)` or `Base::Method(...)` with at least one argument:
 * the class reaching its superclass's `Method`. The `SUPERDISPATCH` argument itself is another rule's business.
 */
export function superCallOf(text: string, method: string): (call: CallSite) => boolean {
  return (call) => {
    if (call.name !== method || call.args.length === 0) return false;
    if (call.receiver) return slice(text, call.receiver).trim() === 'this';
    return call.qualifiedName === undefined || call.qualifiedName.endsWith(`::${method}`);
  };
}

/** The class's own definitions of `method` in this file (any definition form). */
export function definitionsOf(scope: ClassScope, method: string): FunctionDef[] {
  return scope.file.functions.filter((f) => f.className === scope.className && f.methodName === method);
}

/**
 * Builds a classifier: `isRequired` calls are `required`; a call to a method of the class defined in this file is
 * whatever its body reaches; a method the class (or a base declared in a workspace .iig) declares but this file does
 * not define may do anything, so it is `maybe`; SDK methods and free functions are `none`. When the class's
 * declarations are not all known, any capitalised call that is neither an SDK method nor an `IO…`/`OS…` library
 * function counts as `maybe`.
 */
export function classifierFor(scope: ClassScope, target: { readonly isRequired: (call: CallSite) => boolean; readonly definition: FunctionDef }): (call: CallSite) => CallRole {
  const { isRequired, definition } = target;
  const declared = declaredMethods(scope);
  const cache = new Map<string, CallRole>();
  const text = scope.file.text;
  const visiting = new Set<string>([definition.methodName]);

  const classify = (call: CallSite): CallRole => {
    if (isRequired(call)) return 'required';
    if (!isOwnCall(call, scope.className, text)) return 'none';
    const cached = cache.get(call.name);
    if (cached) return cached;
    let role: CallRole;
    const definitions = definitionsOf(scope, call.name);
    if (definitions.length > 0) {
      if (visiting.has(call.name)) return 'none';
      visiting.add(call.name);
      role = strongest(definitions.flatMap((d) => findCalls(text, d.body).map(classify)));
      visiting.delete(call.name);
    } else if (declared.names.has(call.name)) {
      role = 'maybe';
    } else if (declared.complete) {
      role = 'none';
    } else {
      role = isLibraryName(call.name, declared.sdkBase) ? 'none' : 'maybe';
    }
    cache.set(call.name, role);
    return role;
  };
  return classify;
}

function strongest(roles: readonly CallRole[]): CallRole {
  if (roles.includes('required')) return 'required';
  return roles.includes('maybe') ? 'maybe' : 'none';
}

/** A call on this object: bare, through `this->`, or qualified with the class's own name. */
function isOwnCall(call: CallSite, className: string, text: string): boolean {
  if (call.receiver) return slice(text, call.receiver).trim() === 'this';
  return call.qualifiedName === undefined || call.qualifiedName === `${className}::${call.name}`;
}

interface DeclaredMethods {
  readonly names: ReadonlySet<string>;
  /** True when every class between this one and an SDK base is declared in a known .iig. */
  readonly complete: boolean;
  readonly sdkBase: string;
}

function declaredMethods(scope: ClassScope): DeclaredMethods {
  const names = new Set<string>();
  let current: string | undefined = scope.className;
  for (let depth = 0; current !== undefined && depth < 16; depth++) {
    if (isSdkClass(current)) return { names, complete: true, sdkBase: current };
    const decl = scope.findClass(current);
    if (!decl) break;
    for (const method of decl.methods) names.add(method.name);
    current = decl.baseClass;
  }
  return { names, complete: false, sdkBase: 'IOService' };
}

/** SDK methods, lower-case C functions and `IOLog`/`OSSafeReleaseNULL`-style library calls. */
function isLibraryName(name: string, sdkBase: string): boolean {
  return sdkDispatchOf(sdkBase, name) !== undefined || !/^[A-Z]/.test(name) || /^(IO|OS)[A-Z]/.test(name);
}

/**
 * The name under which a definition sees its parameter `index`: as written for `Class::Method_Impl(...)`; for
 * `IMPL(Class, Method)` the name the class's .iig declares, or the SDK's name when the body uses it. Undefined when
 * it cannot be told.
 */
export function parameterName(scope: ClassScope, parameter: { readonly definition: FunctionDef; readonly index: number; readonly sdkName: string }): string | undefined {
  const { definition: fn, index, sdkName } = parameter;
  if (fn.form !== 'impl-macro') return fn.params[index]?.name;
  const declared = scope.findClass(scope.className)?.methods.find((m) => m.name === fn.methodName)?.params[index]?.name;
  if (declared !== undefined) return declared;
  let used = false;
  walk(fn.body, (node) => {
    if (node.type === 'identifier' && slice(scope.file.text, node) === sdkName) used = true;
  });
  return used ? sdkName : undefined;
}
