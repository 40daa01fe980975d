// Timer clocks of IOTimerDispatchSource::WakeAtTime and what a deadline expression reads its time from (DK301).
import type { FileModel } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { readCall } from '../../../model/calls';
import type { EvaluationContext } from './constants';
import { unwrapExpression } from './syntax';

export type Clock = 'machAbsolute' | 'machContinuous' | 'uptime' | 'monotonic' | 'realtime';

export interface ClockInfo {
  /** The `kIOTimerClock…` constant for this clock. */
  readonly option: string;
  /** An expression that reads the current time on this clock. */
  readonly read: string;
  /** Mach ticks rather than nanoseconds. */
  readonly ticks: boolean;
  /** The nanosecond clock that counts the same time (Mach absolute = uptime, Mach continuous = monotonic). */
  readonly inNanoseconds: Clock;
}

/** core-apis §3.3: the clock constants, their values, units and matching time reads. */
export const CLOCKS: Readonly<Record<Clock, ClockInfo>> = {
  uptime: { option: 'kIOTimerClockUptimeRaw', read: 'clock_gettime_nsec_np(CLOCK_UPTIME_RAW)', ticks: false, inNanoseconds: 'uptime' },
  monotonic: { option: 'kIOTimerClockMonotonicRaw', read: 'clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW)', ticks: false, inNanoseconds: 'monotonic' },
  realtime: { option: 'kIOTimerClockRealTime', read: 'clock_gettime_nsec_np(CLOCK_REALTIME)', ticks: false, inNanoseconds: 'realtime' },
  machAbsolute: { option: 'kIOTimerClockMachAbsoluteTime', read: 'mach_absolute_time()', ticks: true, inNanoseconds: 'uptime' },
  machContinuous: { option: 'kIOTimerClockMachContinuousTime', read: 'mach_continuous_time()', ticks: true, inNanoseconds: 'monotonic' },
};

const OPTION_NAMES: Readonly<Record<string, Clock>> = {
  kIOTimerClockUptimeRaw: 'uptime',
  kIOTimerClockMonotonicRaw: 'monotonic',
  kIOTimerClockRealTime: 'realtime',
  kIOTimerClockWallTime: 'realtime',
  kIOTimerClockMachAbsoluteTime: 'machAbsolute',
  kIOTimerClockMachContinuousTime: 'machContinuous',
};

const OPTION_VALUES: ReadonlyMap<bigint, Clock> = new Map([
  [0x88n, 'uptime'],
  [0x84n, 'monotonic'],
  [0x80n, 'realtime'],
  [0xc8n, 'machAbsolute'],
  [0xc4n, 'machContinuous'],
]);

const CLOCK_IDS: Readonly<Record<string, Clock>> = { CLOCK_UPTIME_RAW: 'uptime', CLOCK_MONOTONIC_RAW: 'monotonic', CLOCK_REALTIME: 'realtime' };

export type OptionReading = { readonly kind: 'clock'; readonly clock: Clock } | { readonly kind: 'invalid' } | { readonly kind: 'unknown' };

/** What the `options` argument selects: a known clock, a literal that is no clock (such as 0), or unknown. */
export function readOption(node: SyntaxNode, at: EvaluationContext): OptionReading {
  const { file, constants } = at;
  const inner = unwrapExpression(node);
  const text = file.text.slice(inner.startIndex, inner.endIndex);
  if (inner.type === 'identifier' && Object.prototype.hasOwnProperty.call(OPTION_NAMES, text)) return { kind: 'clock', clock: OPTION_NAMES[text] };
  if (inner.type !== 'number_literal') return { kind: 'unknown' };
  const value = constants.evaluate(inner)?.value;
  const clock = value === undefined ? undefined : OPTION_VALUES.get(value);
  return clock ? { kind: 'clock', clock } : value === undefined ? { kind: 'unknown' } : { kind: 'invalid' };
}

export type DeadlineReading =
  | {
      readonly kind: 'read';
      readonly clock: Clock;
      /** The time-reading call; `inArgument` is false when it sits in the initialiser of a local. */
      readonly readNode: SyntaxNode;
      readonly inArgument: boolean;
      /** Every other term is a constant and at least one is built from a nanosecond unit such as NSEC_PER_MSEC. */
      readonly nanosecondDelay: boolean;
    }
  | { readonly kind: 'relative'; readonly value: bigint; readonly nanoseconds: boolean }
  | { readonly kind: 'unknown' };

/** Where a term sits: its sign, whether it is written in the argument itself, and how many locals were followed. */
interface TermPosition {
  readonly negative: boolean;
  readonly inArgument: boolean;
  readonly depth: number;
}

interface Term {
  readonly node: SyntaxNode;
  readonly negative: boolean;
  readonly inArgument: boolean;
}

/** Largest deadline taken as a delay; larger constants are "never" sentinels such as 0xFFFFFFFFFFFFFFFF. */
const FAR_FUTURE = 1n << 62n;

/** Reads a deadline: one clock read plus terms, or a constant (a relative delay), following constant-initialised locals. */
export function readDeadline(node: SyntaxNode, at: EvaluationContext): DeadlineReading {
  const { file, fn, constants } = at;
  const whole = constants.evaluate(node, fn);
  if (whole) return whole.value > 0n && whole.value < FAR_FUTURE ? { kind: 'relative', ...whole } : { kind: 'unknown' };
  const terms = flatten(node, { ...at, negative: false, inArgument: true, depth: 0 });
  if (!terms) return { kind: 'unknown' };
  const reads = terms.map((t) => ({ term: t, clock: clockRead(file, t.node) }));
  if (reads.some((r) => r.clock === 'unknown')) return { kind: 'unknown' };
  const clockReads = reads.filter((r) => r.clock !== undefined);
  if (clockReads.length !== 1 || clockReads[0].term.negative) return { kind: 'unknown' };
  const others = terms.filter((t) => t !== clockReads[0].term).map((t) => constants.evaluate(t.node, fn));
  const nanosecondDelay = others.length > 0 && others.every((c) => c !== undefined) && others.some((c) => c?.nanoseconds === true);
  const read = clockReads[0];
  return { kind: 'read', clock: read.clock as Clock, readNode: read.term.node, inArgument: read.term.inArgument, nanosecondDelay };
}

/** The additive terms of `node`; a non-constant local is replaced by the terms of its initialiser. */
function flatten(node: SyntaxNode, at: EvaluationContext & TermPosition): Term[] | undefined {
  const { file, fn, constants } = at;
  const inner = unwrapExpression(node);
  if (inner.type === 'binary_expression') {
    const operator = inner.childForFieldName('operator');
    const op = operator ? file.text.slice(operator.startIndex, operator.endIndex) : '';
    const left = inner.childForFieldName('left');
    const right = inner.childForFieldName('right');
    if ((op === '+' || op === '-') && left && right) {
      const leftTerms = flatten(left, at);
      const rightTerms = flatten(right, { ...at, negative: op === '-' ? !at.negative : at.negative });
      return leftTerms && rightTerms ? [...leftTerms, ...rightTerms] : undefined;
    }
  }
  if (inner.type === 'identifier' && at.depth < 3 && !constants.evaluate(inner, fn)) {
    const initializer = localInitializer(inner, at);
    if (initializer) return flatten(initializer, { ...at, inArgument: false, depth: at.depth + 1 });
  }
  return [{ node: inner, negative: at.negative, inArgument: at.inArgument }];
}

/** A clock read (`mach_absolute_time()`, `clock_gettime_nsec_np(CLOCK_…)`), `unknown` for other clock ids. */
function clockRead(file: FileModel, node: SyntaxNode): Clock | 'unknown' | undefined {
  const call = readCall(file.text, unwrapExpression(node));
  if (!call || call.receiver !== undefined || call.qualifiedName !== undefined) return undefined;
  if (call.name === 'mach_absolute_time') return call.args.length === 0 ? 'machAbsolute' : 'unknown';
  if (call.name === 'mach_continuous_time') return call.args.length === 0 ? 'machContinuous' : 'unknown';
  if (call.name !== 'clock_gettime_nsec_np') return call.name.startsWith('mach_') || call.name.startsWith('clock_') ? 'unknown' : undefined;
  const id = call.args.length === 1 ? file.text.slice(call.args[0].startIndex, call.args[0].endIndex).trim() : '';
  return Object.prototype.hasOwnProperty.call(CLOCK_IDS, id) ? CLOCK_IDS[id] : 'unknown';
}

/** The initialiser of a local declared once in `fn` before `use` and never assigned again. */
function localInitializer(use: SyntaxNode, at: EvaluationContext): SyntaxNode | undefined {
  const { file, fn } = at;
  const name = file.text.slice(use.startIndex, use.endIndex);
  let found: SyntaxNode | undefined;
  let count = 0;
  let written = false;
  const visit = (node: SyntaxNode): void => {
    if (node.type === 'init_declarator' && nameOf(file, node.childForFieldName('declarator')) === name) {
      count++;
      if (node.startIndex < use.startIndex) found = node.childForFieldName('value') ?? undefined;
    } else if (node.type === 'declaration' && node.namedChildren.some((c) => c.type === 'identifier' && file.text.slice(c.startIndex, c.endIndex) === name)) {
      count++;
    } else if (node.type === 'assignment_expression' || node.type === 'update_expression') {
      const target = node.childForFieldName(node.type === 'assignment_expression' ? 'left' : 'argument');
      if (target && file.text.slice(target.startIndex, target.endIndex).trim() === name) written = true;
    } else if (node.type === 'pointer_expression' && file.text.slice(node.startIndex, node.endIndex).replace(/\s+/g, '') === `&${name}`) {
      written = true;
    }
    for (const child of node.namedChildren) visit(child);
  };
  visit(fn.body);
  return count === 1 && !written && !fn.params.some((p) => p.name === name) ? found : undefined;
}

function nameOf(file: FileModel, declarator: SyntaxNode | null): string | undefined {
  let node = declarator;
  while (node && node.type !== 'identifier') node = node.childForFieldName('declarator');
  return node ? file.text.slice(node.startIndex, node.endIndex) : undefined;
}
