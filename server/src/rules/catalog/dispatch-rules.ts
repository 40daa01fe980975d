// Dispatch source and timing rules (DK3xx): timers, interrupts, handlers and queues at run time.
import { timerDeadlineClockMismatch } from '../dk301-timer-deadline-clock-mismatch';
import { interruptSourceNeverEnabled } from '../dk302-interrupt-source-never-enabled';
import { sourceWithoutHandler } from '../dk303-source-without-handler';
import { sourceNotCancelled } from '../dk304-source-not-cancelled';
import { blockingInDispatchContext } from '../dk305-blocking-in-dispatch-context';
import { actionReferenceWithoutSize } from '../dk306-action-reference-without-size';
import type { Rule } from '../rule';

export const DISPATCH_RULES: readonly Rule[] = [
  timerDeadlineClockMismatch,
  interruptSourceNeverEnabled,
  sourceWithoutHandler,
  sourceNotCancelled,
  blockingInDispatchContext,
  actionReferenceWithoutSize,
];
