// Device-family contracts (DK6xx): SCSI controllers, PCI devices, USB pipes and user clients.
import type { Rule } from '../rule';

export const FAMILY_RULES: readonly Rule[] = [];
