// DK705: a SCSI controller personality must say how the HBA is attached, or the kernel calls it parallel SCSI.
import type { FileModel } from '../model/file-model';
import { asDict, entryOf } from '../plist/plist-access';
import type { PlistDict } from '../plist/plist-value';
import { defineRule, type Finding } from './rule';
import { literalString, personalitiesOf } from './support/configuration/personalities';

const SCSI_CONTROLLER = 'IOUserSCSIParallelInterfaceController';
const INTERCONNECT = 'Physical Interconnect';
const LOCATION = 'Physical Interconnect Location';
const PROTOCOL_CHARACTERISTICS = 'Protocol Characteristics';

export const scsiPhysicalInterconnect = defineRule(
  {
    code: 'DK705',
    name: 'scsi-physical-interconnect',
    summary:
      "Give a SCSI controller personality `Physical Interconnect` and `Physical Interconnect Location`: without them the kernel reports the HBA as \"SCSI Parallel Interface\" at \"Internal/External\", which is why `diskutil` shows `SCSI` for a Fibre Channel or SAS controller.",
    category: 'configuration',
    defaultSeverity: 'warning',
    fixable: 'none',
    appliesTo: ['info-plist'],
  },
  (file: FileModel): Finding[] => {
    const findings: Finding[] = [];
    for (const personality of personalitiesOf(file)) {
      if (literalString(personality.dict, 'IOClass')?.value !== SCSI_CONTROLLER) continue;
      const missing = [INTERCONNECT, LOCATION].filter((key) => !hasKey(personality.dict, key));
      if (missing.length === 0) continue;
      const keys = missing.map((k) => `'${k}'`).join(' and ');
      const defaults = missing.map((k) => (k === INTERCONNECT ? '"SCSI Parallel Interface"' : '"Internal/External"')).join(' and ');
      findings.push({
        range: personality.entry.keyRange,
        message: `SCSI controller personality '${personality.name}' has no ${keys}, so the kernel reports ${defaults} for the HBA (diskutil shows 'SCSI'); add ${missing.length === 1 ? 'the key' : 'both keys'} with the real values, e.g. 'Fibre Channel Interface', 'SAS' or 'PCI', and 'Internal' or 'External'.`,
      });
    }
    return findings;
  },
);

/** The kernel reads the keys from the controller's own properties, directly or inside 'Protocol Characteristics'. */
function hasKey(personality: PlistDict, key: string): boolean {
  return entryOf(personality, key) !== undefined || entryOf(asDict(entryOf(personality, PROTOCOL_CHARACTERISTICS)?.value), key) !== undefined;
}
