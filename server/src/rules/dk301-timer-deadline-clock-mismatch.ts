// DK301: WakeAtTime takes an absolute deadline on the clock its options select; a mismatch fires at the wrong time.
import type { FileModel } from '../model/file-model';
import type { SyntaxNode } from '../parser/syntax-node';
import { enclosingFunction, findCalls, type CallSite } from '../model/calls';
import { defineRule, type Finding, type Fix, type TextEdit } from './rule';
import { ConstantEvaluator, type ConstantValue, type EvaluationContext } from './support/dispatch/constants';
import { CLOCKS, readDeadline, readOption, type Clock, type DeadlineReading } from './support/dispatch/timer-clocks';

const LABELS: Readonly<Record<Clock, string>> = {
  uptime: 'uptime in nanoseconds',
  monotonic: 'monotonic time in nanoseconds',
  realtime: 'wall-clock time in nanoseconds',
  machAbsolute: 'Mach absolute time in ticks',
  machContinuous: 'Mach continuous time in ticks',
};

/** What a fix changes: the option, the clock read inside the deadline, or a clock read added before a delay. */
interface Plan {
  readonly option?: Clock;
  readonly read?: Clock;
  readonly prefix?: Clock;
}

export const timerDeadlineClockMismatch = defineRule(
  {
    code: 'DK301',
    name: 'timer-deadline-clock-mismatch',
    summary: "Pass `WakeAtTime` an absolute deadline read from the clock its options select, such as `WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + delay, leeway)`.",
    category: 'dispatch',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel): Finding[] => {
    const findings: Finding[] = [];
    if (!file.tree) return findings;
    const constants = new ConstantEvaluator(file);
    for (const call of findCalls(file.text, file.tree.rootNode)) {
      if (call.name !== 'WakeAtTime' || call.receiver === undefined || call.args.length !== 3) continue;
      const fn = enclosingFunction(file.functions, call.node.startIndex);
      if (!fn) continue;
      const finding = check(call, { file, fn, constants });
      if (finding) findings.push(finding);
    }
    return findings;
  },
);

function check(call: CallSite, at: EvaluationContext): Finding | undefined {
  const { file, fn, constants } = at;
  const [optionNode, deadlineNode, leewayNode] = call.args;
  const option = readOption(optionNode, at);
  const deadline = readDeadline(deadlineNode, at);
  const leeway = constants.evaluate(leewayNode, fn);
  const optionText = textOf(file, optionNode);
  const deadlineText = textOf(file, deadlineNode);
  const report = (node: SyntaxNode, { message, plan }: { message: string; plan: Plan | undefined }): Finding => ({
    range: { start: node.startIndex, end: node.endIndex },
    message,
    fixes: plan ? [fixFor(plan, { file, optionNode, deadlineNode, deadline })] : [],
  });

  if (option.kind === 'invalid') {
    const hint = deadline.kind === 'read' ? ` ('${CLOCKS[deadline.clock].option}' for '${textOf(file, deadline.readNode)}')` : '';
    const message = `'WakeAtTime' option '${optionText}' is not a timer clock; pass the 'kIOTimerClock…' constant of the clock the deadline is read from${hint}.`;
    return report(optionNode, { message, plan: planForInvalidOption(deadline) });
  }
  const clock = option.kind === 'clock' ? option.clock : undefined;
  if (deadline.kind === 'relative') {
    const suggested = clock === undefined ? 'uptime' : deadline.nanoseconds ? CLOCKS[clock].inNanoseconds : clock;
    const message = `'WakeAtTime' deadline '${deadlineText}' is a delay, but WakeAtTime takes an absolute time, so the timer fires at once; add the current time, as in '${CLOCKS[suggested].read} + ${deadlineText}'.`;
    return report(deadlineNode, { message, plan: clock === undefined ? undefined : planForDelay({ clock, nanoseconds: deadline.nanoseconds, leeway }) });
  }
  if (deadline.kind !== 'read') return undefined;
  const read = textOf(file, deadline.readNode);
  if (clock !== undefined && clock !== deadline.clock) {
    const message = `'WakeAtTime' option '${optionText}' selects ${LABELS[clock]}, but the deadline is read from '${read}' (${LABELS[deadline.clock]}); use '${CLOCKS[deadline.clock].option}', or read the deadline from '${CLOCKS[clock].read}'.`;
    return report(optionNode, { message, plan: planForMismatch({ clock, deadline, leeway }) });
  }
  if (CLOCKS[deadline.clock].ticks && deadline.nanosecondDelay) {
    const target = CLOCKS[deadline.clock].inNanoseconds;
    const message = `'WakeAtTime' deadline adds a nanosecond constant to '${read}', which counts Mach ticks that equal nanoseconds only when mach_timebase_info is 1/1; use '${CLOCKS[target].option}' with '${CLOCKS[target].read}'.`;
    const plan = option.kind === 'clock' && deadline.inArgument && leewayKeeps(leeway, target) ? { option: target, read: target } : undefined;
    return report(deadlineNode, { message, plan });
  }
  return undefined;
}

function planForInvalidOption(deadline: DeadlineReading): Plan | undefined {
  if (deadline.kind === 'relative') return deadline.nanoseconds ? { option: 'uptime', prefix: 'uptime' } : undefined;
  if (deadline.kind !== 'read') return undefined;
  if (!CLOCKS[deadline.clock].ticks || !deadline.nanosecondDelay) return { option: deadline.clock };
  const target = CLOCKS[deadline.clock].inNanoseconds;
  return deadline.inArgument ? { option: target, read: target } : undefined;
}

function planForDelay(input: { readonly clock: Clock; readonly nanoseconds: boolean; readonly leeway: ConstantValue | undefined }): Plan | undefined {
  const { clock, nanoseconds, leeway } = input;
  if (!CLOCKS[clock].ticks || !nanoseconds) return { prefix: clock };
  const target = CLOCKS[clock].inNanoseconds;
  return leewayKeeps(leeway, target) ? { option: target, prefix: target } : undefined;
}

function planForMismatch(input: { readonly clock: Clock; readonly deadline: Extract<DeadlineReading, { kind: 'read' }>; readonly leeway: ConstantValue | undefined }): Plan | undefined {
  const { clock, deadline, leeway } = input;
  if (CLOCKS[deadline.clock].ticks && deadline.nanosecondDelay) {
    // The delay is in nanoseconds, so the time read is the odd one out.
    return !CLOCKS[clock].ticks && deadline.inArgument ? { read: clock } : undefined;
  }
  const unitsChange = CLOCKS[clock].ticks !== CLOCKS[deadline.clock].ticks;
  return unitsChange && !leewayKeeps(leeway, deadline.clock) ? undefined : { option: deadline.clock };
}

/** The leeway is in the option's units too: a fix that changes ticks to nanoseconds must not change its meaning. */
function leewayKeeps(leeway: ConstantValue | undefined, target: Clock): boolean {
  return leeway !== undefined && (leeway.value === 0n || (!CLOCKS[target].ticks && leeway.nanoseconds));
}

function fixFor(plan: Plan, nodes: { readonly file: FileModel; readonly optionNode: SyntaxNode; readonly deadlineNode: SyntaxNode; readonly deadline: DeadlineReading }): Fix {
  const { file } = nodes;
  const edits: TextEdit[] = [];
  const titles: string[] = [];
  const replace = (node: SyntaxNode, newText: string): void => {
    edits.push({ uri: file.uri, range: { start: node.startIndex, end: node.endIndex }, newText });
  };
  if (plan.option) {
    replace(nodes.optionNode, CLOCKS[plan.option].option);
    titles.push(`use '${CLOCKS[plan.option].option}'`);
  }
  if (plan.read && nodes.deadline.kind === 'read') {
    replace(nodes.deadline.readNode, CLOCKS[plan.read].read);
    titles.push(`read the deadline from '${CLOCKS[plan.read].read}'`);
  }
  if (plan.prefix) {
    replace(nodes.deadlineNode, `${CLOCKS[plan.prefix].read} + ${operand(file, nodes.deadlineNode)}`);
    titles.push(`add '${CLOCKS[plan.prefix].read}' to the delay`);
  }
  const title = titles.join(' and ');
  return { title: title.charAt(0).toUpperCase() + title.slice(1), isPreferred: true, edits };
}

/** The delay's text, parenthesised unless it already binds tighter than `+`. */
function operand(file: FileModel, node: SyntaxNode): string {
  const text = textOf(file, node);
  const operator = node.type === 'binary_expression' ? textOf(file, node.childForFieldName('operator') ?? node) : '';
  const tight = ['identifier', 'number_literal', 'call_expression', 'parenthesized_expression', 'field_expression'].includes(node.type) || ['*', '/', '%', '+', '-'].includes(operator);
  return tight ? text : `(${text})`;
}

function textOf(file: FileModel, node: SyntaxNode): string {
  return file.text.slice(node.startIndex, node.endIndex);
}
