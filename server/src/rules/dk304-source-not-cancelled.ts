// DK304: sources, actions and queues a class creates must be cancelled when it stops.
import type { FileModel } from '../model/file-model';
import { defineRule, type Finding, type RuleContext } from './rule';
import { classScopes, iigMethod, type ClassScope } from './support/dispatch/class-scope';
import { createdObjects, isRelease, ivarUses, usesOf, type CreatedKind, type CreatedObject } from './support/dispatch/objects';
import { stopCode } from './support/dispatch/stop-code';
import { blockStatementOf } from './support/dispatch/syntax';

const ALL_KINDS: ReadonlySet<CreatedKind> = new Set(['timer', 'interrupt', 'dataQueue', 'queue', 'action']);

export const sourceNotCancelled = defineRule(
  {
    code: 'DK304',
    name: 'source-not-cancelled',
    summary: 'Cancel in `Stop` every dispatch source, action and queue the class creates and keeps in its ivars, and call `Stop(provider, SUPERDISPATCH)` from the last cancel handler.',
    category: 'dispatch',
    defaultSeverity: 'warning',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const scope of classScopes(file, context)) {
      const objects = firstPerIvar(createdObjects(scope, ALL_KINDS));
      if (objects.length === 0) continue;
      const stop = stopCode(scope);
      // No Stop here: report only when the .iig shows a service (it overrides Start) that does not override Stop.
      const hasNoStop = stop === undefined && scope.iig !== undefined && iigMethod(scope, 'Start') !== undefined && iigMethod(scope, 'Stop') === undefined;
      if ((stop === undefined && !hasNoStop) || stop?.opaque === true) continue;
      for (const object of objects) {
        const path = object.ivar as string;
        // A Cancel anywhere in the class, or a release outside free() and the creating function (a completion
        // handler dropping a per-request action, a teardown helper), is lifetime management this rule leaves alone.
        const uses = ivarUses(scope, { path });
        if (uses.some((u) => u.role === 'receiver' && u.call.name === 'Cancel')) continue;
        if (uses.some((u) => u.role !== 'escape' && isRelease(u.call) && u.fn !== object.fn && u.fn.methodName !== 'free')) continue;
        if (releasedRightAway(scope, object)) continue;
        if (stop) {
          const inStop = ivarUses(scope, { path, within: stop.functions });
          // Released, handed to a helper or stored elsewhere during Stop: the reference does not outlive Stop here.
          if (inStop.some((u) => u.role === 'escape' || u.role === 'argument' || (u.role === 'receiver' && isRelease(u.call)))) continue;
        }
        findings.push({ range: object.call.calleeRange, message: messageFor(object, { path, classWithoutStop: stop === undefined ? scope.name : undefined }) });
      }
    }
    return findings;
  },
);

/** Objects kept in a plain ivar (not an array slot), the first creation of each. */
function firstPerIvar(objects: readonly CreatedObject[]): CreatedObject[] {
  const seen = new Set<string>();
  return objects.filter((o) => {
    if (o.ivar === undefined || seen.has(o.ivar)) return false;
    seen.add(o.ivar);
    return true;
  });
}

/** Released by a top-level statement of the creating function after the creation: the ivar never keeps it. */
function releasedRightAway(scope: ClassScope, object: CreatedObject): boolean {
  const body = object.fn.body;
  return usesOf(scope, object).some(
    (u) => u.fn === object.fn && u.role !== 'escape' && isRelease(u.call) && u.call.node.startIndex > object.call.node.startIndex && blockStatementOf(u.call.node, body)?.parent === body,
  );
}

function messageFor(object: CreatedObject, about: { readonly path: string; readonly classWithoutStop?: string }): string {
  const { path, classWithoutStop } = about;
  if (classWithoutStop !== undefined) {
    return `'${path}' is never cancelled because '${classWithoutStop}' does not override 'Stop'; override Stop, cancel it there and call 'Stop(provider, SUPERDISPATCH)' from the last cancel handler.`;
  }
  switch (object.kind) {
    case 'action':
      return `Action '${path}' is never cancelled or released in 'Stop', and an action keeps this driver retained until it is cancelled; call '${path}->Cancel(...)' in Stop.`;
    case 'queue':
      return `Queue '${path}', created by this class, is never cancelled in 'Stop'; call '${path}->Cancel(...)' in Stop and finish Stop from its cancel handler.`;
    default:
      return `'${path}' is never cancelled in 'Stop', so it can still deliver callbacks after the driver stops; call '${path}->Cancel(...)' in Stop and finish Stop from the last cancel handler.`;
  }
}
