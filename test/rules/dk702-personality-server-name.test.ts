// Case table for DK702 personality-server-name: server name and bundle identifier, provider, and the kernel bundle.
import { personalityServerName } from '../../server/src/rules/dk702-personality-server-name';
import { dextInfoPlist, dict, str, type Lines } from '../helpers/plist-builder';
import { ruleTester } from '../helpers/rule-tester';

const BUNDLE = 'com.example.driverkit.RaidDext';
const VAR = '$(PRODUCT_BUNDLE_IDENTIFIER)';

const scsi = (name: string, ...entries: Lines[]): Lines =>
  dict(name, str('CFBundleIdentifier', VAR), str('IOClass', 'IOUserSCSIParallelInterfaceController'), str('CFBundleIdentifierKernel', 'com.apple.iokit.IOSCSIParallelFamily'), str('IOProviderClass', 'IOPCIDevice'), str('IOUserClass', 'RaidHba'), ...entries);

ruleTester(personalityServerName, {
  valid: [
    {
      name: "Xcode's template: build settings everywhere",
      files: { 'RaidDext/Info.plist': dextInfoPlist(VAR, scsi('RaidHba', str('IOUserServerName', VAR))) },
    },
    {
      name: 'literal bundle identifier, server name and personality identifier that agree',
      files: { 'RaidDext/Info.plist': dextInfoPlist(BUNDLE, dict('RaidHba', str('CFBundleIdentifier', BUNDLE), str('IOClass', 'IOUserSCSIParallelInterfaceController'), str('CFBundleIdentifierKernel', 'com.apple.iokit.IOSCSIParallelFamily'), str('IOProviderClass', 'IOPCIDevice'), str('IOUserClass', 'RaidHba'), str('IOUserServerName', BUNDLE))) },
    },
    {
      name: 'a literal server name against a build-setting bundle identifier cannot be compared',
      files: { 'RaidDext/Info.plist': dextInfoPlist(VAR, scsi('RaidHba', str('IOUserServerName', 'com.example.other'))) },
    },
    {
      name: 'IOUserService needs no CFBundleIdentifierKernel; a virtual dext on IOUserResources',
      files: { 'VirtDext/Info.plist': dextInfoPlist(BUNDLE, dict('Virt', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOUserResources'), str('IOResourceMatch', 'IOKit'), str('IOUserClass', 'Virt'), str('IOUserServerName', BUNDLE))) },
    },
  ],
  invalid: [
    {
      name: 'server name differs from the literal bundle identifier',
      files: { 'RaidDext/Info.plist': dextInfoPlist(BUNDLE, scsi('RaidHba', str('⟦IOUserServerName⟧', 'com.example.driverkit.Raid'))) },
      findings: [{ message: "IOUserServerName 'com.example.driverkit.Raid' differs from the dext's bundle identifier 'com.example.driverkit.RaidDext'", noFix: true }],
    },
    {
      name: 'personality CFBundleIdentifier differs, and no IOProviderClass',
      files: {
        'RaidDext/Info.plist': dextInfoPlist(BUNDLE, dict('⟦Virt⟧', str('⟦CFBundleIdentifier⟧', 'com.example.Old'), str('IOClass', 'IOUserService'), str('IOUserClass', 'Virt'), str('IOUserServerName', BUNDLE))),
      },
      findings: [{ message: "has no 'IOProviderClass'" }, { message: "says CFBundleIdentifier 'com.example.Old', but the dext's bundle identifier is 'com.example.driverkit.RaidDext'" }],
    },
    {
      name: 'missing CFBundleIdentifierKernel for a SCSI controller, added after IOClass',
      files: { 'RaidDext/Info.plist': dextInfoPlist(VAR, dict('RaidHba', str('⟦IOClass⟧', 'IOUserSCSIParallelInterfaceController'), str('IOProviderClass', 'IOPCIDevice'), str('IOUserClass', 'RaidHba'), str('IOUserServerName', VAR))) },
      findings: [
        {
          message: "'IOUserSCSIParallelInterfaceController' lives in the kext 'com.apple.iokit.IOSCSIParallelFamily', but personality 'RaidHba' has no 'CFBundleIdentifierKernel'",
          output: {
            'RaidDext/Info.plist': dextInfoPlist(VAR, dict('RaidHba', str('IOClass', 'IOUserSCSIParallelInterfaceController'), str('CFBundleIdentifierKernel', 'com.apple.iokit.IOSCSIParallelFamily'), str('IOProviderClass', 'IOPCIDevice'), str('IOUserClass', 'RaidHba'), str('IOUserServerName', VAR))),
          },
        },
      ],
    },
    {
      name: 'the wrong kernel bundle and provider for a SCSI peripheral',
      files: {
        'DiskDext/Info.plist': dextInfoPlist(
          VAR,
          dict('Disk', str('IOClass', 'IOUserSCSIPeripheralDeviceType00'), str('⟦CFBundleIdentifierKernel⟧', 'com.apple.kpi.iokit'), str('⟦IOProviderClass⟧', 'IOPCIDevice'), str('IOUserClass', 'Disk'), str('IOUserServerName', VAR)),
        ),
      },
      findings: [
        {
          message: "CFBundleIdentifierKernel 'com.apple.kpi.iokit' does not hold 'IOUserSCSIPeripheralDeviceType00', which lives in 'com.apple.iokit.IOSCSIBlockCommandsDevice'",
          output: {
            'DiskDext/Info.plist': dextInfoPlist(
              VAR,
              dict('Disk', str('IOClass', 'IOUserSCSIPeripheralDeviceType00'), str('CFBundleIdentifierKernel', 'com.apple.iokit.IOSCSIBlockCommandsDevice'), str('IOProviderClass', 'IOPCIDevice'), str('IOUserClass', 'Disk'), str('IOUserServerName', VAR)),
            ),
          },
        },
        {
          message: "'IOUserSCSIPeripheralDeviceType00' attaches to 'IOSCSIPeripheralDeviceNub', not to IOProviderClass 'IOPCIDevice'",
          output: {
            'DiskDext/Info.plist': dextInfoPlist(
              VAR,
              dict('Disk', str('IOClass', 'IOUserSCSIPeripheralDeviceType00'), str('CFBundleIdentifierKernel', 'com.apple.kpi.iokit'), str('IOProviderClass', 'IOSCSIPeripheralDeviceNub'), str('IOUserClass', 'Disk'), str('IOUserServerName', VAR)),
            ),
          },
        },
      ],
    },
  ],
});
