// Case table for DK703 transport-entitlement-mismatch: personalities against the entitlements beside the Info.plist.
import { transportEntitlementMismatch } from '../../server/src/rules/dk703-transport-entitlement-mismatch';
import { array, bool, dextInfoPlist, dict, int, itemDict, itemString, plist, str, type Lines } from '../helpers/plist-builder';
import { ruleTester } from '../helpers/rule-tester';

const VAR = '$(PRODUCT_BUNDLE_IDENTIFIER)';
const PCI = 'com.apple.developer.driverkit.transport.pci';
const SCSI = 'com.apple.developer.driverkit.family.scsicontroller';

const hba = (match: string, ...extra: Lines[]): Lines =>
  dict('RaidHba', str('IOClass', 'IOUserSCSIParallelInterfaceController'), str('CFBundleIdentifierKernel', 'com.apple.iokit.IOSCSIParallelFamily'), str('IOProviderClass', 'IOPCIDevice'), str('IOPCIPrimaryMatch', match), str('IOUserClass', 'RaidHba'), str('IOUserServerName', VAR), ...extra);

const entitlements = (...entries: Lines[]): string => plist(bool('com.apple.developer.driverkit'), ...entries);
const pciVendor = (...matches: string[]): Lines => array(PCI, ...matches.map((m) => itemDict(str('IOPCIPrimaryMatch', m))));

const usb = (vendor: number): Lines => dict('Reader', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOUSBHostInterface'), int('idVendor', vendor), int('idProduct', 0x1234), int('bInterfaceNumber', 0), int('bConfigurationValue', 1), str('IOUserClass', 'Reader'), str('IOUserServerName', VAR));

ruleTester(transportEntitlementMismatch, {
  valid: [
    {
      name: 'the vendor mask covers every device of the personality (Apple sample shape)',
      files: { 'Raid/Info.plist': dextInfoPlist(VAR, hba('0x005d1000 0x00971000')), 'Raid/Raid.entitlements': entitlements(bool(SCSI), pciVendor('0x00001000&amp;0x0000FFFF')) },
    },
    {
      name: 'an exact device match in the entitlement, plus the built-in string element',
      files: { 'Raid/Info.plist': dextInfoPlist(VAR, hba('0x005d1000')), 'Raid/Raid.entitlements': entitlements(bool(SCSI), array(PCI, itemDict(str('IOPCIPrimaryMatch', '0x005d1000')), itemString('com.apple.developer.driverkit.builtin'))) },
    },
    {
      name: 'no entitlements beside the Info.plist: nothing to compare',
      files: { 'Raid/Info.plist': dextInfoPlist(VAR, hba('0x005d1000')), 'Other/Other.entitlements': entitlements() },
    },
    {
      name: 'USB vendor granted as an integer, and an entitlement dictionary with keys the rule cannot compare',
      files: {
        'Usb/Info.plist': dextInfoPlist(VAR, usb(1452), hba('0x005d1000')),
        'Usb/Usb.entitlements': entitlements(bool(SCSI), array('com.apple.developer.driverkit.transport.usb', itemDict(int('idVendor', 1452))), array(PCI, itemDict(str('IOPCIClassMatch', '0x01040000&amp;0xffff0000')))),
      },
    },
  ],
  invalid: [
    {
      name: 'the PCI entitlement names another vendor',
      files: { 'Raid/Info.plist': dextInfoPlist(VAR, hba('0x005d1000 0x21001077').map((l) => l.replace('<key>IOPCIPrimaryMatch</key>', '<key>⟦IOPCIPrimaryMatch⟧</key>'))), 'Raid/Raid.entitlements': entitlements(bool(SCSI), pciVendor('0x00001000&amp;0x0000FFFF')) },
      findings: [{ message: "does not cover '0x21001077' (it allows '0x00001000&0x0000FFFF')", noFix: true }],
    },
    {
      name: 'no PCI transport entitlement and a misspelled family entitlement',
      files: {
        'Raid/Info.plist': dextInfoPlist(VAR, hba('0x005d1000').map((l) => l.replace('<key>IOProviderClass</key>', '<key>⟦IOProviderClass⟧</key>').replace('<key>IOClass</key>', '<key>⟦IOClass⟧</key>'))),
        'Raid/Raid.entitlements': entitlements(bool('com.apple.developer.driverkit.family.scsi-controller')),
      },
      findings: [
        { message: "requires the 'com.apple.developer.driverkit.family.scsicontroller' entitlement, which 'Raid.entitlements' does not grant as <true/> ('com.apple.developer.driverkit.family.scsi-controller' is not that key)" },
        { message: `has no '${PCI}'` },
      ],
    },
    {
      name: 'transport.pci set to true',
      files: { 'Raid/Info.plist': dextInfoPlist(VAR, hba('0x005d1000').map((l) => l.replace('<key>IOProviderClass</key>', '<key>⟦IOProviderClass⟧</key>'))), 'Raid/Raid.entitlements': entitlements(bool(SCSI), bool(PCI)) },
      findings: [{ message: "must be an array of match dictionaries naming the devices; '<true/>' is reserved for Apple" }],
    },
    {
      name: 'the USB entitlement grants another vendor',
      files: {
        'Usb/Info.plist': dextInfoPlist(VAR, usb(1452).map((l) => l.replace('<key>idVendor</key>', '<key>⟦idVendor⟧</key>'))),
        'Usb/Usb.entitlements': entitlements(array('com.apple.developer.driverkit.transport.usb', itemDict(int('idVendor', 1133)))),
      },
      findings: [{ message: 'allows idVendor 1133, not 1452' }],
    },
  ],
});
