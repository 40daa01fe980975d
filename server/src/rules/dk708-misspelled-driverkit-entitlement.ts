// DK708: a DriverKit entitlement key that is a near miss of a documented one grants nothing.
import { ENTITLEMENTS, KNOWN_DRIVERKIT_ENTITLEMENTS } from '../knowledge/personality-families';
import type { FileModel } from '../model/file-model';
import type { PlistEntry } from '../plist/plist-value';
import { defineRule, type Finding } from './rule';
import { plistRoot } from './support/configuration/personalities';
import { editDistance } from './support/edit-distance';

const PREFIX = 'com.apple.developer.driverkit';

export const misspelledDriverKitEntitlement = defineRule(
  {
    code: 'DK708',
    name: 'misspelled-driverkit-entitlement',
    summary:
      'Spell DriverKit entitlement keys exactly as Apple documents them, and set `com.apple.developer.driverkit` to `<true/>`: a near-miss key (`family.scsi-controller`) grants nothing, so the family or the kernel refuses the dext.',
    category: 'configuration',
    defaultSeverity: 'warning',
    fixable: 'unsafe',
    appliesTo: ['entitlements'],
  },
  (file: FileModel): Finding[] => {
    const findings: Finding[] = [];
    for (const entry of plistRoot(file)?.entries ?? []) {
      if (entry.key === ENTITLEMENTS.driverKit) {
        if (!(entry.value?.kind === 'boolean' && entry.value.value)) findings.push({ range: entry.keyRange, message: `'${ENTITLEMENTS.driverKit}' must be <true/>; with any other value the system does not treat the bundle as a dext and refuses to load it.` });
        continue;
      }
      if (!entry.key.startsWith(PREFIX) || KNOWN_DRIVERKIT_ENTITLEMENTS.includes(entry.key)) continue;
      const intended = intendedKey(entry.key);
      if (intended) findings.push(misspelled(file, entry, intended));
    }
    return findings;
  },
);

/**
 * The documented key `key` is a near miss of: the same once case, dashes, dots and underscores are ignored, or
 * within two edits when the last part is long enough that two edits cannot make another real word.
 */
function intendedKey(key: string): string | undefined {
  const normal = normalised(key);
  const same = KNOWN_DRIVERKIT_ENTITLEMENTS.find((k) => normalised(k) === normal);
  if (same) return same;
  const lastPart = key.slice(key.lastIndexOf('.') + 1);
  if (lastPart.length < 6) return undefined;
  const close = KNOWN_DRIVERKIT_ENTITLEMENTS.filter((k) => editDistance(k, key) <= 2);
  return close.length === 1 ? close[0] : undefined;
}

function normalised(key: string): string {
  return key.toLowerCase().replace(/[-_.]/g, '');
}

function misspelled(file: FileModel, entry: PlistEntry, intended: string): Finding {
  return {
    range: entry.keyRange,
    message: `'${entry.key}' is not a DriverKit entitlement, so it grants nothing; Apple's key is '${intended}'.`,
    fixes: [{ title: `Rename the key to '${intended}'`, edits: [{ uri: file.uri, range: entry.keyRange, newText: intended }] }],
  };
}
