// DK305: sleeping, spinning or waiting in a callback blocks its serial dispatch queue and every callback behind it.
import { perDefinition } from '../model/definition-memo';
import type { FileModel, FunctionDef } from '../model/file-model';
import type { SyntaxNode } from '../parser/syntax-node';
import { walk } from '../model/syntax-helpers';
import { defineRule, type Finding, type RuleContext } from './rule';
import { BLOCKING_THRESHOLD_US, isUnboundedRegisterPoll, sleepCost } from './support/dispatch/blocking';
import { classScopes, isImplDefinition, typeHandlerNames } from './support/dispatch/class-scope';
import { ConstantEvaluator } from './support/dispatch/constants';
import { currentQueueTests, type CurrentQueueTest } from './support/dispatch/queues';
import { callsUnder, compactText, isDeferredRoot } from './support/dispatch/syntax';

/** Methods that run on a dispatch queue the kernel also needs for Stop and SetPowerState. */
const QUEUE_METHODS = new Set(['Start', 'Stop', 'SetPowerState', 'ExternalMethod']);
const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement']);

export const blockingInDispatchContext = defineRule(
  {
    code: 'DK305',
    name: 'blocking-in-dispatch-context',
    summary: 'Do not sleep, spin or wait in a TYPE handler, `Start`, `Stop`, `SetPowerState` or `ExternalMethod`: they run on a serial dispatch queue that can deliver nothing else, Stop and SetPowerState included, until they return.',
    category: 'dispatch',
    defaultSeverity: 'information',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    const constants = new ConstantEvaluator(file);
    for (const scope of classScopes(file, context)) {
      const handlers = typeHandlerNames(scope);
      const queueTests = currentQueueTests(scope, constants);
      const waited = new Set(scope.functions.flatMap((f) => willWaitReceivers(f, file.text)));
      for (const fn of scope.functions) {
        const isHandler = handlers.has(fn.methodName) && isImplDefinition(fn);
        if (!isHandler && !QUEUE_METHODS.has(fn.methodName)) continue;
        const label = isHandler ? `handler '${fn.methodName}'` : `'${fn.methodName}'`;
        findings.push(...checkFunction(file, { fn, label, constants, waited, onCurrentQueue: queueTests(fn) }));
      }
    }
    return findings;
  },
);

/** The receivers a function calls `WillWait` on, compacted. */
const willWaitReceivers = perDefinition((fn, text) => callsUnder(text, fn.body).flatMap((c) => (c.name === 'WillWait' && c.receiver ? [compactText(text, c.receiver)] : [])));

interface Context {
  readonly fn: FunctionDef;
  /** How messages name the method: `'Start'`, `handler 'TimerFired'`. */
  readonly label: string;
  readonly constants: ConstantEvaluator;
  /** Receivers the class calls `WillWait` on: the actions it may `Wait` for. */
  readonly waited: ReadonlySet<string>;
  readonly onCurrentQueue: CurrentQueueTest | undefined;
}

function checkFunction(file: FileModel, { fn, label, constants, waited, onCurrentQueue }: Context): Finding[] {
  const findings: Finding[] = [];
  const polls: SyntaxNode[] = [];
  walk(
    fn.body,
    (node) => {
      if (!LOOPS.has(node.type) || polls.some((p) => p.startIndex <= node.startIndex && node.endIndex <= p.endIndex) || !isUnboundedRegisterPoll(file, node)) return;
      polls.push(node);
      const keyword = node.children[0];
      findings.push({
        range: { start: keyword.startIndex, end: keyword.endIndex },
        message: `${capitalise(label)} polls a device register in a loop with no timeout, blocking its serial dispatch queue until the device answers; bound the loop with a retry count or poll from a timer.`,
      });
    },
    (node) => node !== fn.body && isDeferredRoot(node),
  );
  for (const call of callsUnder(file.text, fn.body, { skipDeferred: true })) {
    const range = { start: call.node.startIndex, end: call.node.endIndex };
    const receiver = call.receiver ? compactText(file.text, call.receiver) : undefined;
    if (polls.some((p) => p.startIndex <= call.node.startIndex && call.node.endIndex <= p.endIndex)) continue;
    const cost = sleepCost(call, { file, fn, constants });
    if (cost && cost.microseconds >= BLOCKING_THRESHOLD_US) {
      const duration = `${cost.inLoop ? 'up to ' : ''}${cost.microseconds / 1000n} ms${cost.inLoop ? ' in this loop' : ''}`;
      findings.push({
        range,
        message: `'${file.text.slice(range.start, range.end)}' blocks ${label} for ${duration}, and its serial dispatch queue runs nothing else meanwhile (Stop and SetPowerState included); re-arm a timer to continue later instead.`,
      });
    } else if (call.name === 'Wait' && call.args.length === 3 && receiver !== undefined && waited.has(receiver)) {
      findings.push({
        range,
        message: `'${receiver}->Wait(...)' blocks ${label} until the action completes, and its serial dispatch queue runs nothing else meanwhile; continue the work from the action's callback instead.`,
      });
    } else if ((call.name === 'DispatchSync' || call.name === 'DispatchSync_f') && call.receiver && onCurrentQueue?.(call.receiver, fn)) {
      findings.push({
        range,
        message: `'${receiver}->${call.name}' targets the queue ${label} is already running on, so it waits for itself; run the code directly or use 'DispatchAsync'.`,
      });
    }
  }
  return findings;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
