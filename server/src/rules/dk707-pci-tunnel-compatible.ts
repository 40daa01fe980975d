// DK707: a PCI dext personality without IOPCITunnelCompatible never matches a device behind Thunderbolt.
import type { FileModel } from '../model/file-model';
import { entryOf } from '../plist/plist-access';
import { defineRule, type Finding } from './rule';
import { insertEntryAfter } from './support/configuration/insert-entry';
import { literalString, personalitiesOf } from './support/configuration/personalities';

const TUNNEL = 'IOPCITunnelCompatible';

export const pciTunnelCompatible = defineRule(
  {
    code: 'DK707',
    name: 'pci-tunnel-compatible',
    summary:
      'A PCI dext personality needs `IOPCITunnelCompatible` = `<true/>` to match a device behind Thunderbolt (an external enclosure, or any Mac without PCIe slots): without it the kernel logs "needs IOPCITunnelCompatible" and the dext never loads for that device.',
    category: 'configuration',
    defaultSeverity: 'information',
    fixable: 'unsafe',
    appliesTo: ['info-plist'],
  },
  (file: FileModel): Finding[] => {
    const findings: Finding[] = [];
    for (const personality of personalitiesOf(file).filter((p) => p.isDext)) {
      const provider = literalString(personality.dict, 'IOProviderClass');
      if (provider?.value !== 'IOPCIDevice') continue;
      const tunnel = entryOf(personality.dict, TUNNEL);
      if (tunnel?.value?.kind === 'boolean' && tunnel.value.value) continue;
      if (tunnel) {
        findings.push({ range: tunnel.keyRange, message: `'${TUNNEL}' must be the boolean <true/>; any other value leaves personality '${personality.name}' unable to match a device behind Thunderbolt.` });
        continue;
      }
      const edit = insertEntryAfter({ uri: file.uri, text: file.text, after: provider.entry, key: TUNNEL, valueXml: '<true/>' });
      findings.push({
        range: provider.entry.keyRange,
        message: `PCI personality '${personality.name}' has no '${TUNNEL}', so it never matches a device behind Thunderbolt (the kernel logs 'needs "${TUNNEL}" key in plist'); add '${TUNNEL}' <true/> if the device can be attached that way and the dext handles surprise removal.`,
        fixes: edit ? [{ title: `Add ${TUNNEL} <true/>`, edits: [edit] }] : [],
      });
    }
    return findings;
  },
);
