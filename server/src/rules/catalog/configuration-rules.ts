// Rules about the linter's own configuration in the source (DK0xx): suppression directives.
import { unusedSuppression } from '../dk001-unused-suppression';
import type { Rule } from '../rule';

export const CONFIGURATION_RULES: readonly Rule[] = [unusedSuppression];
