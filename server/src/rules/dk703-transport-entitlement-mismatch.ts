// DK703: the dext's entitlements must grant the transport and family its personalities use, for the devices they match.
import { ENTITLEMENTS, kernelClassFacts } from '../knowledge/personality-families';
import type { FileModel } from '../model/file-model';
import { asArray, entryOf, isTrue } from '../plist/plist-access';
import type { PlistDict } from '../plist/plist-value';
import { defineRule, type Finding, type LocatedPlist, type RuleContext } from './rule';
import { dextEntitlements, entitlementEntries, fileNameOf, relatedTo } from './support/configuration/dext-entitlements';
import { literalString, personalitiesOf, type Personality } from './support/configuration/personalities';
import { covers, parsePciMatch, type PciPattern } from './support/configuration/pci-match';

const USB_PROVIDERS = new Set(['IOUSBHostDevice', 'IOUSBHostInterface']);
const PCI_MATCH_KEYS = new Set(['IOPCIPrimaryMatch', 'IOPCIMatch']);

export const transportEntitlementMismatch = defineRule(
  {
    code: 'DK703',
    name: 'transport-entitlement-mismatch',
    summary:
      "The dext's entitlements must grant the transport its personalities match on (PCI vendor and device, USB vendor, HID) and the family its `IOClass` belongs to: the kernel checks them when the dext starts and kills it on a mismatch (\"Entitlements check failed\").",
    category: 'configuration',
    defaultSeverity: 'error',
    fixable: 'none',
    appliesTo: ['info-plist'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const entitlements = dextEntitlements(file.uri, context.workspace);
    if (entitlements.length === 0) return [];
    const names = entitlements.map((e) => `'${fileNameOf(e.uri)}'`).join(' or ');
    const findings: Finding[] = [];
    for (const personality of personalitiesOf(file).filter((p) => p.isDext)) {
      findings.push(...transportFindings(personality, entitlements, names), ...familyFindings(personality, entitlements, names));
    }
    return findings;
  },
);

function transportFindings(personality: Personality, entitlements: readonly LocatedPlist[], names: string): Finding[] {
  const provider = literalString(personality.dict, 'IOProviderClass');
  if (!provider) return [];
  const key = provider.value === 'IOPCIDevice' ? ENTITLEMENTS.pci : USB_PROVIDERS.has(provider.value) ? ENTITLEMENTS.usb : provider.value === 'IOHIDInterface' ? ENTITLEMENTS.hid : undefined;
  if (!key) return [];
  const granted = entitlementEntries(entitlements, key);
  if (granted.length === 0) {
    return [{ range: provider.entry.keyRange, message: `Personality '${personality.name}' matches an '${provider.value}', but ${names} has no '${key}'; the kernel refuses the dext ("Entitlements check failed"). Add the entitlement.`, related: entitlements.map((e) => relatedTo(e, 'the dext entitlements')) }];
  }
  if (key === ENTITLEMENTS.hid) return granted.some((g) => isTrue(g.entry.value)) ? [] : [{ range: provider.entry.keyRange, message: `'${key}' must be <true/> for a dext that matches an IOHIDInterface.`, related: granted.map((g) => relatedTo(g.file, 'the entitlement', g.entry)) }];
  const arrays = granted.map((g) => asArray(g.entry.value));
  if (arrays.every((a) => a === undefined)) {
    return [{ range: provider.entry.keyRange, message: `'${key}' must be an array of match dictionaries naming the devices; '<true/>' is reserved for Apple, so the kernel refuses the dext ("Entitlements check failed").`, related: granted.map((g) => relatedTo(g.file, 'the entitlement', g.entry)) }];
  }
  const dicts = arrays.flatMap((a) => a?.items ?? []).flatMap((item) => (item.kind === 'dict' ? [item] : []));
  const related = granted.map((g) => relatedTo(g.file, 'the entitlement', g.entry));
  return key === ENTITLEMENTS.pci ? pciFindings(personality, dicts, related) : usbFindings(personality, dicts, related);
}

function pciFindings(personality: Personality, granted: readonly PlistDict[], related: Finding['related']): Finding[] {
  const match = literalString(personality.dict, 'IOPCIPrimaryMatch');
  const wanted = match ? parsePciMatch(match.value) : undefined;
  const allowed = entitlementPatterns(granted);
  if (!match || !wanted || !allowed) return [];
  const uncovered = wanted.filter((p) => !allowed.some((a) => covers(a, p)));
  if (uncovered.length === 0) return [];
  return [
    {
      range: match.entry.keyRange,
      message: `The dext's '${ENTITLEMENTS.pci}' entitlement does not cover ${uncovered.map((p) => `'${p.text}'`).join(', ')} (it allows ${allowed.map((p) => `'${p.text}'`).join(', ')}), so the kernel kills the dext on that device ("provider entitlements check failed"); request an entitlement for the vendor, or match only the devices it covers.`,
      related,
    },
  ];
}

/** Every alternative of every match dictionary, or undefined when a dictionary uses keys this rule cannot compare. */
function entitlementPatterns(dicts: readonly PlistDict[]): PciPattern[] | undefined {
  const patterns: PciPattern[] = [];
  for (const dict of dicts) {
    if (dict.entries.length === 0 || dict.entries.some((e) => !PCI_MATCH_KEYS.has(e.key))) return undefined;
    for (const entry of dict.entries) {
      const parsed = entry.value?.kind === 'string' ? parsePciMatch(entry.value.value) : undefined;
      if (!parsed) return undefined;
      patterns.push(...parsed);
    }
  }
  return patterns;
}

function usbFindings(personality: Personality, granted: readonly PlistDict[], related: Finding['related']): Finding[] {
  const vendor = entryOf(personality.dict, 'idVendor');
  if (vendor?.value?.kind !== 'integer' || vendor.value.value === undefined || granted.length === 0) return [];
  const vendors = granted.map((d) => entryOf(d, 'idVendor')?.value);
  // A dictionary without an integer idVendor is one this rule cannot judge, so it stays silent.
  if (vendors.some((v) => !v || v.kind !== 'integer' || v.value === undefined)) return [];
  const ids = vendors.map((v) => (v && v.kind === 'integer' ? v.value : undefined));
  if (ids.includes(vendor.value.value)) return [];
  return [
    {
      range: vendor.keyRange,
      message: `The dext's '${ENTITLEMENTS.usb}' entitlement allows idVendor ${ids.join(', ')}, not ${vendor.value.value}, so the kernel refuses the dext for this device ("Entitlements check failed"); match a vendor the entitlement grants.`,
      related,
    },
  ];
}

function familyFindings(personality: Personality, entitlements: readonly LocatedPlist[], names: string): Finding[] {
  const ioClass = literalString(personality.dict, 'IOClass');
  const family = ioClass ? kernelClassFacts(ioClass.value)?.familyEntitlement : undefined;
  if (!ioClass || !family || entitlementEntries(entitlements, family).some((g) => isTrue(g.entry.value))) return [];
  const misspelled = entitlements.flatMap((e) => e.root.entries.filter((x) => x.key !== family && x.key.startsWith('com.apple.developer.driverkit.family.') && normalised(x.key) === normalised(family)).map((x) => ({ file: e, entry: x })));
  const hint = misspelled.length > 0 ? ` ('${misspelled[0].entry.key}' is not that key)` : '';
  return [
    {
      range: ioClass.entry.keyRange,
      message: `'${ioClass.value}' belongs to a family that requires the '${family}' entitlement, which ${names} does not grant as <true/>${hint}; the family refuses the dext.`,
      related: misspelled.length > 0 ? misspelled.map((m) => relatedTo(m.file, 'a misspelled family entitlement', m.entry)) : entitlements.map((e) => relatedTo(e, 'the dext entitlements')),
    },
  ];
}

/** Spelling variants that name the same key: case, dashes, dots and underscores ignored. */
function normalised(key: string): string {
  return key.toLowerCase().replace(/[-_.]/g, '');
}
