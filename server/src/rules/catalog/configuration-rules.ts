// Project configuration rules (DK7xx): Info.plist personalities and entitlements, checked against the .iig classes.
import { personalityClassUnknown } from '../dk701-personality-class-unknown';
import { personalityServerName } from '../dk702-personality-server-name';
import { transportEntitlementMismatch } from '../dk703-transport-entitlement-mismatch';
import { userClientEntitlements } from '../dk704-user-client-entitlements';
import { scsiPhysicalInterconnect } from '../dk705-scsi-physical-interconnect';
import { personalityFamilyClass } from '../dk706-personality-family-class';
import { pciTunnelCompatible } from '../dk707-pci-tunnel-compatible';
import { misspelledDriverKitEntitlement } from '../dk708-misspelled-driverkit-entitlement';
import type { Rule } from '../rule';

export const CONFIGURATION_RULES: readonly Rule[] = [personalityClassUnknown, personalityServerName, transportEntitlementMismatch, userClientEntitlements, scsiPhysicalInterconnect, personalityFamilyClass, pciTunnelCompatible, misspelledDriverKitEntitlement];
