// The rule registry: the one list that adding a rule touches.
import { typeCallbackDeclaration } from './dk101-type-callback-declaration';
import { osactionRawCreate } from './dk103-osaction-raw-create';
import { leakedRetainedObject } from './dk201-leaked-retained-object';
import { directFreeCall } from './dk202-direct-free-call';
import type { Rule } from './rule';

export const ALL_RULES: readonly Rule[] = [typeCallbackDeclaration, osactionRawCreate, leakedRetainedObject, directFreeCall];

export function findRule(codeOrName: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.code === codeOrName || r.meta.name === codeOrName);
}
