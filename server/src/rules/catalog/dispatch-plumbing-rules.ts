// SUPERDISPATCH, handler types and queue names (DK106, DK107, DK109, DK110).
import { missingSuperdispatch } from '../dk106-missing-superdispatch';
import { superdispatchOnLocalonly } from '../dk107-superdispatch-on-localonly';
import { handlerTypeMismatch } from '../dk109-handler-type-mismatch';
import { queueNameMismatch } from '../dk110-queue-name-mismatch';
import type { Rule } from '../rule';

export const DISPATCH_PLUMBING_RULES: readonly Rule[] = [missingSuperdispatch, superdispatchOnLocalonly, handlerTypeMismatch, queueNameMismatch];
