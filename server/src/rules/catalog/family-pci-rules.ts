// Device-family contracts for PCI, user clients and app-side matching (DK604, DK606, DK607, DK608).
import { pciAccessWithoutOpen } from '../dk604-pci-access-without-open';
import { userClientSelectorUnchecked } from '../dk606-user-client-selector-unchecked';
import { appMatchesIOUserServer } from '../dk607-app-matches-iouserserver';
import { pciDeviceContract } from '../dk608-pci-device-contract';
import type { Rule } from '../rule';

export const FAMILY_PCI_RULES: readonly Rule[] = [pciAccessWithoutOpen, userClientSelectorUnchecked, appMatchesIOUserServer, pciDeviceContract];
