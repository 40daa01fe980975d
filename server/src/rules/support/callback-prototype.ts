// Resolves the prototype a TYPE(Class::Method) annotation names, from the knowledge base or the workspace's .iig.
import { callbackSourceClass, callbackSourceClassNames, type PrototypeParameter } from '../../knowledge/knowledge-base';
import type { TypeReference } from '../../model/file-model';
import type { WorkspaceView } from '../rule';
import { closestName } from './edit-distance';

export type PrototypeResolution =
  | { readonly kind: 'known'; readonly params: readonly PrototypeParameter[] }
  | { readonly kind: 'unknown-class'; readonly suggestion: string }
  | { readonly kind: 'unknown-method'; readonly className: string; readonly suggestion?: string }
  /** Nothing certain can be said: a class we do not fully know. Rules stay silent. */
  | { readonly kind: 'unverifiable' };

export function resolvePrototype(reference: TypeReference, workspace: WorkspaceView): PrototypeResolution {
  const className = reference.className;
  if (className === undefined) return { kind: 'unverifiable' };
  const known = callbackSourceClass(className);
  if (known) {
    const params = known.prototypes[reference.methodName];
    if (params) return { kind: 'known', params };
    if (!known.complete) return { kind: 'unverifiable' };
    return { kind: 'unknown-method', className, suggestion: closestName(reference.methodName, Object.keys(known.prototypes)) };
  }
  const declared = workspace.findIigClass(className);
  if (declared) {
    const method = declared.decl.methods.find((m) => m.name === reference.methodName);
    if (method) return { kind: 'known', params: method.params.map((p, i) => ({ type: p.type, name: p.name ?? `arg${i}` })) };
    const suggestion = closestName(reference.methodName, declared.decl.methods.map((m) => m.name));
    return { kind: 'unknown-method', className, suggestion };
  }
  // Only a near-miss of a class we know is certainly a typo; any other name may be an SDK class we do not model.
  const suggestion = closestName(className, callbackSourceClassNames());
  return suggestion !== undefined && suggestion !== className ? { kind: 'unknown-class', suggestion } : { kind: 'unverifiable' };
}
