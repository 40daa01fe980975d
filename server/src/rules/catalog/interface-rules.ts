// Interface and dispatch plumbing rules (DK1xx): how methods are declared in the .iig and reached from the .cpp.
import { typeCallbackDeclaration } from '../dk101-type-callback-declaration';
import { iigAnnotationOutsideIig } from '../dk102-iig-annotation-outside-iig';
import { osactionRawCreate } from '../dk103-osaction-raw-create';
import { createActionWithoutHandler } from '../dk104-create-action-without-handler';
import { implFormMismatch } from '../dk105-impl-form-mismatch';
import { helperMissingLocalonly } from '../dk108-helper-missing-localonly';
import type { Rule } from '../rule';

export const INTERFACE_RULES: readonly Rule[] = [
  typeCallbackDeclaration,
  iigAnnotationOutsideIig,
  osactionRawCreate,
  createActionWithoutHandler,
  implFormMismatch,
  helperMissingLocalonly,
];
