// Service lifecycle and power rules (DK4xx): Start, Stop and SetPowerState reaching the kernel.
import { stopMissingSuperdispatch } from '../dk401-stop-missing-superdispatch';
import { setPowerStateMissingSuperdispatch } from '../dk402-setpowerstate-missing-superdispatch';
import { startMissingSuperdispatch } from '../dk403-start-missing-superdispatch';
import type { Rule } from '../rule';

export const LIFECYCLE_RULES: readonly Rule[] = [stopMissingSuperdispatch, setPowerStateMissingSuperdispatch, startMissingSuperdispatch];
