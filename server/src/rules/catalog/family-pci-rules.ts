// Device-family contracts for PCI, user clients and app-side matching (DK604, DK606, DK607, DK608).
import type { Rule } from '../rule';

export const FAMILY_PCI_RULES: readonly Rule[] = [];
