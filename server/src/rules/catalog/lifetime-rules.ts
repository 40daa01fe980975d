// Object lifetime rules (DK2xx): retain/release, init/free and ivars.
import { leakedRetainedObject } from '../dk201-leaked-retained-object';
import { directFreeCall } from '../dk202-direct-free-call';
import type { Rule } from '../rule';

export const LIFETIME_RULES: readonly Rule[] = [leakedRetainedObject, directFreeCall];
