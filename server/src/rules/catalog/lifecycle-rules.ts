// Service lifecycle and power rules (DK4xx): Start, Stop and SetPowerState reaching the kernel.
import type { Rule } from '../rule';

export const LIFECYCLE_RULES: readonly Rule[] = [];
