// Interface and dispatch plumbing rules (DK1xx): how methods are declared in the .iig and reached from the .cpp.
import { typeCallbackDeclaration } from '../dk101-type-callback-declaration';
import { osactionRawCreate } from '../dk103-osaction-raw-create';
import type { Rule } from '../rule';

export const INTERFACE_RULES: readonly Rule[] = [typeCallbackDeclaration, osactionRawCreate];
