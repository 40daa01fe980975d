// Rules about the linter's own directives in the source (DK0xx): suppression comments.
import { unusedSuppression } from '../dk001-unused-suppression';
import type { Rule } from '../rule';

export const SUPPRESSION_RULES: readonly Rule[] = [unusedSuppression];
