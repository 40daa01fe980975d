// Case table for DK705 scsi-physical-interconnect: SCSI controller personalities with and without the interconnect keys.
import { scsiPhysicalInterconnect } from '../../server/src/rules/dk705-scsi-physical-interconnect';
import { dextInfoPlist, dict, str, type Lines } from '../helpers/plist-builder';
import { ruleTester } from '../helpers/rule-tester';

const BUNDLE = 'com.example.driverkit.FibreDext';

const scsiController = (name: string, ...extra: Lines[]): Lines =>
  dict(
    name,
    str('CFBundleIdentifier', '$(PRODUCT_BUNDLE_IDENTIFIER)'),
    str('CFBundleIdentifierKernel', 'com.apple.iokit.IOSCSIParallelFamily'),
    str('IOClass', 'IOUserSCSIParallelInterfaceController'),
    str('IOProviderClass', 'IOPCIDevice'),
    str('IOPCIPrimaryMatch', '0x21001077'),
    str('IOUserClass', 'FibreHba'),
    str('IOUserServerName', '$(PRODUCT_BUNDLE_IDENTIFIER)'),
    ...extra,
  );

ruleTester(scsiPhysicalInterconnect, {
  valid: [
    {
      name: 'Fibre Channel HBA with both keys at the top of the personality',
      files: { 'FibreDext/Info.plist': dextInfoPlist(BUNDLE, scsiController('FibreHba', str('Physical Interconnect', 'Fibre Channel Interface'), str('Physical Interconnect Location', 'External'))) },
    },
    {
      name: 'both keys inside a Protocol Characteristics dictionary (as AppleSCSIHBAEmulator does)',
      files: { 'FibreDext/Info.plist': dextInfoPlist(BUNDLE, scsiController('FibreHba', dict('Protocol Characteristics', str('Physical Interconnect', 'SAS'), str('Physical Interconnect Location', 'Internal')))) },
    },
    {
      name: 'a PCI dext that is not a SCSI controller needs neither key',
      files: {
        'PciDext/Info.plist': dextInfoPlist(
          BUNDLE,
          dict('PciEcho', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOPCIDevice'), str('IOUserClass', 'PciEcho'), str('IOUserServerName', BUNDLE)),
        ),
      },
    },
    {
      name: 'several personalities, each with the keys, and a non-plist file kind left alone',
      files: {
        'FibreDext/Info.plist': dextInfoPlist(
          BUNDLE,
          scsiController('FibreHbaA', str('Physical Interconnect', 'Fibre Channel Interface'), str('Physical Interconnect Location', 'External')),
          scsiController('FibreHbaB', str('Physical Interconnect', 'Fibre Channel Interface'), str('Physical Interconnect Location', 'Internal')),
        ),
        'FibreDext/FibreDext.entitlements': dextInfoPlist(BUNDLE, scsiController('NotAPersonality')),
      },
    },
    {
      name: 'a malformed plist yields nothing',
      files: { 'FibreDext/Info.plist': dextInfoPlist(BUNDLE, scsiController('FibreHba')).replace('</dict>\n</plist>', '</plist>') },
    },
  ],
  invalid: [
    {
      name: 'the seed story: a Fibre Channel HBA without either key shows up as SCSI in diskutil',
      files: { 'FibreDext/Info.plist': dextInfoPlist(BUNDLE, scsiController('⟦FibreHba⟧')) },
      findings: [{ message: "has no 'Physical Interconnect' and 'Physical Interconnect Location', so the kernel reports \"SCSI Parallel Interface\" and \"Internal/External\"", noFix: true }],
    },
    {
      name: 'the location is missing',
      files: { 'FibreDext/Info.plist': dextInfoPlist(BUNDLE, scsiController('⟦FibreHba⟧', str('Physical Interconnect', 'Fibre Channel Interface'))) },
      findings: [{ message: "has no 'Physical Interconnect Location', so the kernel reports \"Internal/External\"" }],
    },
    {
      name: 'the interconnect is missing (the location alone is not enough)',
      files: { 'FibreDext/Info.plist': dextInfoPlist(BUNDLE, scsiController('⟦FibreHba⟧', dict('Protocol Characteristics', str('Physical Interconnect Location', 'External')))) },
      findings: [{ message: "has no 'Physical Interconnect', so the kernel reports \"SCSI Parallel Interface\"" }],
    },
    {
      name: 'only the personality that lacks the keys is reported, with CRLF line ends',
      files: {
        'FibreDext/Info.plist': dextInfoPlist(BUNDLE, scsiController('FibreHbaA', str('Physical Interconnect', 'SAS'), str('Physical Interconnect Location', 'Internal')), scsiController('⟦FibreHbaB⟧')).replace(/\n/g, '\r\n'),
      },
      findings: [{ message: "SCSI controller personality 'FibreHbaB'" }],
    },
  ],
});
