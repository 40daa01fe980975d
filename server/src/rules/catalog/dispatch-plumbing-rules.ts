// SUPERDISPATCH, handler types and queue names (DK106, DK107, DK109, DK110).
import type { Rule } from '../rule';

export const DISPATCH_PLUMBING_RULES: readonly Rule[] = [];
