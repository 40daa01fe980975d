// Case table for DK706 personality-family-class: IOClass against the family of the .iig class, IOResources, device type.
import { personalityFamilyClass } from '../../server/src/rules/dk706-personality-family-class';
import { dextInfoPlist, dict, int, str, type Lines } from '../helpers/plist-builder';
import { ruleTester } from '../helpers/rule-tester';

const VAR = '$(PRODUCT_BUNDLE_IDENTIFIER)';
const DISK_IIG = 'class VendorDisk : public IOUserSCSIPeripheralDeviceType00\n{\npublic:\n    virtual kern_return_t UserDetermineDeviceCharacteristics(bool * result) override;\n};\n';
const HBA_IIG = 'class RaidHba : public IOUserSCSIParallelInterfaceController\n{\npublic:\n    virtual kern_return_t UserInitializeController() override;\n};\n';
const PLAIN_IIG = 'class Plain : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n';

const disk = (ioClass: string, ...extra: Lines[]): Lines =>
  dict('VendorDisk', str('IOClass', ioClass), str('CFBundleIdentifierKernel', 'com.apple.iokit.IOSCSIBlockCommandsDevice'), str('IOProviderClass', 'IOSCSIPeripheralDeviceNub'), str('IOUserClass', 'VendorDisk'), str('IOUserServerName', VAR), ...extra);

ruleTester(personalityFamilyClass, {
  valid: [
    {
      name: 'a Type00 subclass under IOUserSCSIPeripheralDeviceType00 with device type 0',
      files: { 'DiskDext/Info.plist': dextInfoPlist(VAR, disk('IOUserSCSIPeripheralDeviceType00', int('Peripheral Device Type', 0))), 'DiskDext/VendorDisk.iig': DISK_IIG },
    },
    {
      name: 'an IOService subclass under IOUserService, and a virtual dext on IOUserResources',
      files: {
        'PlainDext/Info.plist': dextInfoPlist(VAR, dict('Plain', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOUserResources'), str('IOResourceMatch', 'IOKit'), str('IOUserClass', 'Plain'), str('IOUserServerName', VAR))),
        'PlainDext/Plain.iig': PLAIN_IIG,
      },
    },
    {
      name: 'a class whose base the workspace does not know is left alone',
      files: {
        'HidDext/Info.plist': dextInfoPlist(VAR, dict('Keys', str('IOClass', 'AppleUserHIDEventService'), str('IOProviderClass', 'IOHIDInterface'), str('IOUserClass', 'Keys'), str('IOUserServerName', VAR))),
        'HidDext/Keys.iig': 'class Keys : public VendorKeyboardBase\n{\n};\n',
      },
    },
    {
      name: 'IOResources in a kext-style personality (no IOUserServerName) is not a dext personality',
      files: { 'Kext/Info.plist': dextInfoPlist(VAR, dict('Legacy', str('IOClass', 'com_example_Legacy'), str('IOProviderClass', 'IOResources'))) },
    },
  ],
  invalid: [
    {
      name: 'the forum story: a Type00 subclass under IOUserService',
      files: { 'DiskDext/Info.plist': dextInfoPlist(VAR, disk('IOUserService').map((l) => l.replace('<key>IOClass</key>', '<key>⟦IOClass⟧</key>'))), 'DiskDext/VendorDisk.iig': DISK_IIG },
      findings: [
        {
          message: "'VendorDisk' derives from 'IOUserSCSIPeripheralDeviceType00', whose personality needs IOClass 'IOUserSCSIPeripheralDeviceType00', not 'IOUserService'; with 'IOUserService' the framework never calls 'UserDetermineDeviceCharacteristics' and every family call returns kIOReturnUnsupported (0xe00002c7).",
          output: { 'DiskDext/Info.plist': dextInfoPlist(VAR, disk('IOUserSCSIPeripheralDeviceType00')) },
        },
      ],
    },
    {
      name: 'IOResources instead of IOUserResources',
      files: { 'PlainDext/Info.plist': dextInfoPlist(VAR, dict('Plain', str('IOClass', 'IOUserService'), str('⟦IOProviderClass⟧', 'IOResources'), str('IOUserClass', 'Plain'), str('IOUserServerName', VAR))), 'PlainDext/Plain.iig': PLAIN_IIG },
      findings: [
        {
          message: "The kernel refuses to attach a dext to 'IOResources'",
          output: { 'PlainDext/Info.plist': dextInfoPlist(VAR, dict('Plain', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOUserResources'), str('IOUserClass', 'Plain'), str('IOUserServerName', VAR))) },
        },
      ],
    },
    {
      name: 'a SCSI controller IOClass for a class that derives from IOService only',
      files: {
        'RaidDext/Info.plist': dextInfoPlist(VAR, dict('Plain', str('⟦IOClass⟧', 'IOUserSCSIParallelInterfaceController'), str('IOProviderClass', 'IOPCIDevice'), str('IOUserClass', 'Plain'), str('IOUserServerName', VAR))),
        'RaidDext/Plain.iig': PLAIN_IIG,
      },
      findings: [{ message: "IOClass 'IOUserSCSIParallelInterfaceController' expects a subclass of 'IOUserSCSIParallelInterfaceController', but 'Plain' derives from 'IOService' → 'OSObject'", noFix: true }],
    },
    {
      name: 'the wrong peripheral device type, and a controller class under IOUserService',
      files: {
        'DiskDext/Info.plist': dextInfoPlist(
          VAR,
          disk('IOUserSCSIPeripheralDeviceType00', int('⟦Peripheral Device Type⟧', 5)),
          dict('RaidHba', str('⟦IOClass⟧', 'IOUserService'), str('IOProviderClass', 'IOPCIDevice'), str('IOUserClass', 'RaidHba'), str('IOUserServerName', VAR)),
        ),
        'DiskDext/VendorDisk.iig': DISK_IIG,
        'DiskDext/RaidHba.iig': HBA_IIG,
      },
      findings: [
        { message: "serves SCSI peripheral device type 0, but 'Peripheral Device Type' is 5", output: { 'DiskDext/Info.plist': dextInfoPlist(VAR, disk('IOUserSCSIPeripheralDeviceType00', int('Peripheral Device Type', 0)), dict('RaidHba', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOPCIDevice'), str('IOUserClass', 'RaidHba'), str('IOUserServerName', VAR))) } },
        { message: "whose personality needs IOClass 'IOUserSCSIParallelInterfaceController', not 'IOUserService'; with 'IOUserService' the kernel never calls the 'IOUserSCSIParallelInterfaceController' methods" },
      ],
    },
  ],
});
