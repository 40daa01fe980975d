// The rule registry. Each category keeps its own list in catalog/, so adding a rule touches one line there.
import { CONFIGURATION_RULES } from './catalog/configuration-rules';
import { DISPATCH_PLUMBING_RULES } from './catalog/dispatch-plumbing-rules';
import { DISPATCH_RULES } from './catalog/dispatch-rules';
import { FAMILY_PCI_RULES } from './catalog/family-pci-rules';
import { FAMILY_RULES } from './catalog/family-rules';
import { INTERFACE_RULES } from './catalog/interface-rules';
import { LIFECYCLE_RULES } from './catalog/lifecycle-rules';
import { LIFETIME_RULES } from './catalog/lifetime-rules';
import { MEMORY_RULES } from './catalog/memory-rules';
import { SUPPRESSION_RULES } from './catalog/suppression-rules';
import type { Rule } from './rule';
import { byCodeUnits } from '../text/code-unit-order';

export const ALL_RULES: readonly Rule[] = [...INTERFACE_RULES, ...DISPATCH_PLUMBING_RULES, ...LIFETIME_RULES, ...DISPATCH_RULES, ...LIFECYCLE_RULES, ...MEMORY_RULES, ...FAMILY_RULES, ...FAMILY_PCI_RULES, ...CONFIGURATION_RULES, ...SUPPRESSION_RULES].sort((a, b) =>
  byCodeUnits(a.meta.code, b.meta.code),
);

export function findRule(codeOrName: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.code === codeOrName || r.meta.name === codeOrName);
}
