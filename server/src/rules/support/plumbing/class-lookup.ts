// Looks a method up along a class chain: the workspace's .iig classes first, then the SDK knowledge.
import { sdkBaseOf, sdkDispatchOf, type Dispatch } from '../../../knowledge/sdk-methods';
import type { MethodDecl } from '../../../model/file-model';
import type { WorkspaceView } from '../../rule';

const MAX_DEPTH = 16;

/** A class, named as in the code, and the workspace whose .iig files describe it and its bases. */
export interface ClassScope {
  readonly className: string;
  readonly workspace: WorkspaceView;
}

export interface MethodLookup {
  /** How the method is dispatched, when some class on the chain says so with certainty. */
  readonly dispatch?: Dispatch;
  /** True when a base class declares the method too, so that `super` has an implementation to reach. */
  readonly inherited: boolean;
  /** The declaration in the class's own .iig, if the workspace has it. */
  readonly own?: MethodDecl;
}

/**
 * How `method` is dispatched on `className`. The most derived declaration that says LOCALONLY (or declares the
 * method anew, which makes it RPC) decides; an `override` defers to its base. Every class derives from OSObject,
 * so `init` and `free` are LOCALONLY even when the rest of the chain is unknown.
 */
export function lookupMethod({ className, workspace }: ClassScope, method: string): MethodLookup {
  let dispatch: Dispatch | undefined;
  let inherited = false;
  let own: MethodDecl | undefined;
  let current: string | undefined = className;
  for (let depth = 0; current !== undefined && depth < MAX_DEPTH; depth++) {
    const located = workspace.findIigClass(current);
    if (!located) {
      const sdk = sdkDispatchOf(current, method);
      if (sdk !== undefined) {
        dispatch ??= sdk;
        inherited ||= depth > 0;
      }
      break;
    }
    const declared = located.decl.methods.find((m) => m.name === method);
    if (declared) {
      if (depth === 0) own = declared;
      inherited ||= depth > 0 || declared.isOverride;
      if (declared.isLocalOnly) dispatch ??= 'localOnly';
      else if (!declared.isOverride) dispatch ??= 'rpc';
    }
    current = located.decl.baseClass;
  }
  if (dispatch === undefined) {
    const root = sdkDispatchOf('OSObject', method);
    if (root !== undefined) return { dispatch: root, inherited: true, own };
  }
  return { dispatch, inherited, own };
}

/** The base classes of `className`, nearest first, as far as the workspace and the SDK knowledge tell. */
export function ancestorsOf({ className, workspace }: ClassScope): string[] {
  const found: string[] = [];
  let current: string | undefined = baseOf(className, workspace);
  while (current !== undefined && found.length < MAX_DEPTH && !found.includes(current)) {
    found.push(current);
    current = baseOf(current, workspace);
  }
  return found;
}

export function baseOf(className: string, workspace: WorkspaceView): string | undefined {
  const located = workspace.findIigClass(className);
  return located ? located.decl.baseClass : sdkBaseOf(className);
}
