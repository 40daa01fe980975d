// DK303: a dispatch source that is never given a handler has nobody to deliver its events to.
import type { FileModel } from '../model/file-model';
import { defineRule, type Finding, type RuleContext } from './rule';
import { classScopes } from './support/dispatch/class-scope';
import { createdObjects, isRelease, usesOf } from './support/dispatch/objects';

const HANDLER_SETTERS = new Set(['SetHandler', 'SetDataAvailableHandler', 'SetDataServicedHandler']);
/** A data queue drained by polling (say, from a timer) needs no DataAvailable handler. */
const DATA_QUEUE_READERS = new Set(['Dequeue', 'DequeueWithCoalesce', 'Peek', 'IsDataAvailable']);

export const sourceWithoutHandler = defineRule(
  {
    code: 'DK303',
    name: 'source-without-handler',
    summary: 'Give every dispatch source you create a handler (`SetHandler`, or `SetDataAvailableHandler` / `SetDataServicedHandler` for a data queue); a source without one has nobody to deliver its events to.',
    category: 'dispatch',
    defaultSeverity: 'warning',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const scope of classScopes(file, context)) {
      const reported = new Set<string>();
      for (const source of createdObjects(scope, new Set(['timer', 'interrupt', 'dataQueue']))) {
        if (source.escapes || (source.ivar !== undefined && !scope.wholeClassInFile)) continue;
        const uses = usesOf(scope, source);
        // Handed to other code, the source may get its handler there.
        if (uses.some((u) => u.role === 'escape' || (u.role === 'argument' && !isRelease(u.call)))) continue;
        const called = new Set(uses.flatMap((u) => (u.role === 'receiver' ? [u.call.name] : [])));
        if ([...called].some((name) => HANDLER_SETTERS.has(name))) continue;
        if (source.kind === 'dataQueue' && [...called].some((name) => DATA_QUEUE_READERS.has(name))) continue;
        const name = source.ivar ?? (source.local as string);
        const key = source.ivar ?? `${source.fn.range.start}:${name}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push({ range: source.call.calleeRange, message: messageFor(source.kind, name) });
      }
    }
    return findings;
  },
);

function messageFor(kind: string, name: string): string {
  if (kind === 'dataQueue') {
    return `Data queue '${name}' is never given a handler and never read; call '${name}->SetDataAvailableHandler(action)' on the consumer side (or 'SetDataServicedHandler' on the producer side).`;
  }
  const what = kind === 'timer' ? 'Timer' : 'Interrupt source';
  return `${what} '${name}' is created but never given a handler, so its events reach nothing; create an action with 'CreateAction<Handler>' and pass it to '${name}->SetHandler(action)'.`;
}
