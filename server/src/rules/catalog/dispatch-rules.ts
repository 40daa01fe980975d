// Dispatch source and timing rules (DK3xx): timers, interrupts, handlers and queues at run time.
import type { Rule } from '../rule';

export const DISPATCH_RULES: readonly Rule[] = [];
