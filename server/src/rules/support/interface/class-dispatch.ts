// How a method declared in a user class's .iig is reached: message-dispatched (rpc) or plain C++ (LOCALONLY).
import { callbackSourceClass } from '../../../knowledge/knowledge-base';
import { isSdkClass, sdkBaseOf, sdkDispatchOf, type Dispatch } from '../../../knowledge/sdk-methods';
import type { ClassDecl, MethodDecl } from '../../../model/file-model';
import { methodsNamed } from '../../../model/methods-by-name';
import type { WorkspaceView } from '../../rule';

const MAX_CHAIN = 16;

/** `init` and `free` are LOCALONLY in OSObject, which every DriverKit class derives from (core-apis §1.2). */
const OSOBJECT_LOCAL_ONLY: ReadonlySet<string> = new Set(['init', 'free']);

export interface ClassChain {
  /** The user classes above `cls` whose .iig is in the workspace, nearest first. */
  readonly userBases: readonly ClassDecl[];
  /** The first class of the chain that the SDK knowledge base describes; undefined when the chain leaves what is known. */
  readonly sdkBase?: string;
}

/** Follows `cls`'s base classes through the workspace's .iig files until an SDK class the knowledge base knows. */
export function classChainOf(cls: ClassDecl, workspace: WorkspaceView): ClassChain {
  const userBases: ClassDecl[] = [];
  const seen = new Set([cls.name]);
  let name = cls.baseClass;
  for (let depth = 0; name !== undefined && depth < MAX_CHAIN && !seen.has(name); depth++) {
    if (isSdkClass(name)) return { userBases, sdkBase: name };
    seen.add(name);
    const next = workspace.findIigClass(name);
    if (!next) break;
    userBases.push(next.decl);
    name = next.decl.baseClass;
  }
  return { userBases };
}

/** The only declaration called `name` in the class body; undefined when there is none or it is overloaded. */
export function soleMethod(cls: ClassDecl, name: string): MethodDecl | undefined {
  const found = methodsNamed(cls, name);
  return found.length === 1 ? found[0] : undefined;
}

export interface DispatchVerdict {
  readonly dispatch: Dispatch;
  /** Why, for messages: `a TYPE(...) handler`, `declared LOCALONLY in the .iig`, `inherited from IOService`. */
  readonly reason: string;
}

/**
 * The dispatch the .iig or the SDK knowledge makes certain for `method` of `cls`; undefined when nothing certain can
 * be said (an unannotated method of the user's own, a class chain the knowledge base does not reach, or a
 * declaration whose annotations contradict each other). A caller asking about many methods of one class passes the
 * class's `chain`, so that it is followed once.
 */
export function certainDispatchOf(cls: ClassDecl, method: MethodDecl, workspace: WorkspaceView, chain?: ClassChain): DispatchVerdict | undefined {
  const inherited = method.isStatic ? undefined : inheritedDispatch(cls, method.name, workspace, chain);
  if (method.typeReference) {
    if (method.isLocalOnly || inherited?.dispatch === 'localOnly') return undefined;
    return { dispatch: 'rpc', reason: 'a TYPE(...) handler' };
  }
  if (method.isLocalOnly) return inherited?.dispatch === 'rpc' ? undefined : { dispatch: 'localOnly', reason: 'declared LOCALONLY in the .iig' };
  return inherited;
}

function inheritedDispatch(cls: ClassDecl, name: string, workspace: WorkspaceView, chain: ClassChain | undefined): DispatchVerdict | undefined {
  if (OSOBJECT_LOCAL_ONLY.has(name)) return { dispatch: 'localOnly', reason: 'LOCALONLY in OSObject' };
  const { sdkBase } = chain ?? classChainOf(cls, workspace);
  if (sdkBase === undefined) return undefined;
  const dispatch = sdkDispatchOf(sdkBase, name);
  if (dispatch === undefined) return undefined;
  // Name the SDK class that declares the method, which is the one the user will look up.
  let declarer = sdkBase;
  for (let base = sdkBaseOf(declarer); base !== undefined && sdkDispatchOf(base, name) === dispatch; base = sdkBaseOf(base)) declarer = base;
  return { dispatch, reason: dispatch === 'rpc' ? `message-dispatched in ${declarer}` : `LOCALONLY in ${declarer}` };
}

/** True when `name` certainly names a class rather than a typedef: an SDK class we know or a class of the workspace. */
export function isKnownClassName(name: string, workspace: WorkspaceView): boolean {
  return isSdkClass(name) || callbackSourceClass(name) !== undefined || workspace.findIigClass(name) !== undefined;
}
