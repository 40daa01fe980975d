// Object lifetime rules (DK2xx): retain/release, init/free and ivars.
import { leakedRetainedObject } from '../dk201-leaked-retained-object';
import { directFreeCall } from '../dk202-direct-free-call';
import { freeMissingSuper } from '../dk203-free-missing-super';
import { initMissingSuper } from '../dk204-init-missing-super';
import { freeUnguardedIvars } from '../dk205-free-unguarded-ivars';
import { ivarsNontrivialMember } from '../dk206-ivars-nontrivial-member';
import { mappingUsedAfterRelease } from '../dk207-mapping-used-after-release';
import { clientMemoryNotRetained } from '../dk208-client-memory-not-retained';
import { completionStoredWithoutRetain } from '../dk209-completion-stored-without-retain';
import { releaseMacroInUnbracedIf } from '../dk210-release-macro-in-unbraced-if';
import type { Rule } from '../rule';

export const LIFETIME_RULES: readonly Rule[] = [
  leakedRetainedObject,
  directFreeCall,
  freeMissingSuper,
  initMissingSuper,
  freeUnguardedIvars,
  ivarsNontrivialMember,
  mappingUsedAfterRelease,
  clientMemoryNotRetained,
  completionStoredWithoutRetain,
  releaseMacroInUnbracedIf,
];
