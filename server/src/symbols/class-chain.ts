// Looks a method up along a class's superclass chain: the file's own classes, the workspace's .iig classes, then the SDK.
import { apiClass, apiMethod, apiSuperclassOf, type ApiMethod } from '../knowledge/api-reference';
import { isSdkClass } from '../knowledge/sdk-methods';
import type { FileModel } from '../model/file-model';
import type { WorkspaceView } from '../rules/rule';

/** Where a method was found, or why not: `absent` when the whole chain is known and none declares it. */
export type MethodLookup = { readonly className: string; readonly entry: ApiMethod } | 'absent' | 'unknown';

export interface ClassScope {
  readonly file: FileModel;
  readonly workspace: WorkspaceView;
}

const MAX_DEPTH = 16;

/** The superclass of `className` as this file, the workspace or the SDK reference declares it. */
export function superclassOf(scope: ClassScope, className: string): string | undefined {
  const local = scope.file.classes.find((c) => c.name === className);
  if (local) return local.baseClass;
  const declared = scope.workspace.findIigClass(className);
  if (declared) return declared.decl.baseClass;
  return apiSuperclassOf(className);
}

/** The nearest class from `className` upwards that the reference lists `method` for. */
export function lookUpMethod(scope: ClassScope, className: string, method: string): MethodLookup {
  let current: string | undefined = className;
  for (let depth = 0; current !== undefined && depth < MAX_DEPTH; depth++) {
    const entry = apiMethod(current, method);
    if (entry) return { className: current, entry };
    const next = superclassOf(scope, current);
    // A chain that ends at a class the reference knows (OSObject, a struct) is complete; any other end is a gap.
    if (next === undefined) return apiClass(current) || isSdkClass(current) ? 'absent' : 'unknown';
    current = next;
  }
  return 'unknown';
}
