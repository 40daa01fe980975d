// Case table for DK707 pci-tunnel-compatible: PCI personalities with and without IOPCITunnelCompatible.
import { pciTunnelCompatible } from '../../server/src/rules/dk707-pci-tunnel-compatible';
import { bool, dextInfoPlist, dict, str, type Lines } from '../helpers/plist-builder';
import { ruleTester } from '../helpers/rule-tester';

const VAR = '$(PRODUCT_BUNDLE_IDENTIFIER)';
const pci = (name: string, providerKey: string, ...extra: Lines[]): Lines =>
  dict(name, str('IOClass', 'IOUserService'), str(providerKey, 'IOPCIDevice'), str('IOPCIPrimaryMatch', '0x87d010b5'), str('IOUserClass', 'PciEcho'), str('IOUserServerName', VAR), ...extra);

ruleTester(pciTunnelCompatible, {
  valid: [
    { name: "Apple's PEX8733 shape: the key is true", files: { 'Dext/Info.plist': dextInfoPlist(VAR, pci('PciEcho', 'IOProviderClass', bool('IOPCITunnelCompatible'))) } },
    {
      name: 'a USB dext and a virtual dext need no PCI key',
      files: {
        'Dext/Info.plist': dextInfoPlist(
          VAR,
          dict('Reader', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOUSBHostInterface'), str('IOUserClass', 'Reader'), str('IOUserServerName', VAR)),
          dict('Virtual', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOUserResources'), str('IOUserClass', 'Virtual'), str('IOUserServerName', VAR)),
        ),
      },
    },
    { name: 'a kext-style PCI personality (no IOUserServerName) is not a dext personality', files: { 'Kext/Info.plist': dextInfoPlist(VAR, dict('Legacy', str('IOClass', 'com_example_Legacy'), str('IOProviderClass', 'IOPCIDevice'))) } },
  ],
  invalid: [
    {
      name: 'no IOPCITunnelCompatible: the key is added after IOProviderClass',
      files: { 'Dext/Info.plist': dextInfoPlist(VAR, pci('PciEcho', '⟦IOProviderClass⟧')) },
      findings: [
        {
          message: "PCI personality 'PciEcho' has no 'IOPCITunnelCompatible', so it never matches a device behind Thunderbolt",
          fixTitles: ['Add IOPCITunnelCompatible <true/>'],
          output: { 'Dext/Info.plist': dextInfoPlist(VAR, dict('PciEcho', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOPCIDevice'), bool('IOPCITunnelCompatible'), str('IOPCIPrimaryMatch', '0x87d010b5'), str('IOUserClass', 'PciEcho'), str('IOUserServerName', VAR))) },
        },
      ],
    },
    {
      name: 'the key written as a string',
      files: { 'Dext/Info.plist': dextInfoPlist(VAR, pci('PciEcho', 'IOProviderClass', str('⟦IOPCITunnelCompatible⟧', 'true'))) },
      findings: [{ message: "'IOPCITunnelCompatible' must be the boolean <true/>", noFix: true }],
    },
    {
      name: 'false, and a second personality without the key, with CRLF line ends',
      files: { 'Dext/Info.plist': dextInfoPlist(VAR, pci('PciEcho', 'IOProviderClass', bool('⟦IOPCITunnelCompatible⟧', false)), pci('PciEchoGen2', '⟦IOProviderClass⟧')).replace(/\n/g, '\r\n') },
      findings: [
        { message: "'IOPCITunnelCompatible' must be the boolean <true/>" },
        {
          message: "PCI personality 'PciEchoGen2' has no 'IOPCITunnelCompatible'",
          output: {
            'Dext/Info.plist': dextInfoPlist(VAR, pci('PciEcho', 'IOProviderClass', bool('IOPCITunnelCompatible', false)), dict('PciEchoGen2', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOPCIDevice'), bool('IOPCITunnelCompatible'), str('IOPCIPrimaryMatch', '0x87d010b5'), str('IOUserClass', 'PciEcho'), str('IOUserServerName', VAR))).replace(/\n/g, '\r\n'),
          },
        },
      ],
    },
  ],
});
