// Case table for DK701 personality-class-unknown: IOUserClass against the workspace's .iig classes, IOClass a kernel class.
import { personalityClassUnknown } from '../../server/src/rules/dk701-personality-class-unknown';
import { dextInfoPlist, dict, str, type Lines } from '../helpers/plist-builder';
import { ruleTester } from '../helpers/rule-tester';

const BUNDLE = 'com.example.driverkit.EchoDext';
const IIG = 'class PciEcho : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n';
const USER_CLIENT_IIG = 'class PciEchoUserClient : public IOUserClient\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n';

const personality = (name: string, ...entries: Lines[]): Lines => dict(name, str('CFBundleIdentifier', BUNDLE), str('IOProviderClass', 'IOPCIDevice'), str('IOUserServerName', BUNDLE), ...entries);

ruleTester(personalityClassUnknown, {
  valid: [
    {
      name: 'IOUserClass declared in the .iig, IOClass IOUserService',
      files: { 'EchoDext/Info.plist': dextInfoPlist(BUNDLE, personality('PciEcho', str('IOClass', 'IOUserService'), str('IOUserClass', 'PciEcho'))), 'EchoDext/PciEcho.iig': IIG },
    },
    {
      name: 'two personalities and a user-client dictionary, all naming declared classes',
      files: {
        'EchoDext/Info.plist': dextInfoPlist(
          BUNDLE,
          personality('PciEcho', str('IOClass', 'IOUserService'), str('IOUserClass', 'PciEcho'), dict('UserClientProperties', str('IOClass', 'IOUserUserClient'), str('IOUserClass', 'PciEchoUserClient'))),
          personality('PciEchoGen2', str('IOClass', 'IOUserService'), str('IOUserClass', 'PciEcho')),
        ),
        'EchoDext/PciEcho.iig': IIG,
        'EchoDext/PciEchoUserClient.iig': USER_CLIENT_IIG,
      },
    },
    {
      name: 'no .iig in the workspace: nothing to compare with',
      files: { 'EchoDext/Info.plist': dextInfoPlist(BUNDLE, personality('PciEcho', str('IOClass', 'IOUserService'), str('IOUserClass', 'SomethingElse'))) },
    },
    {
      name: 'a build setting as IOUserClass, and a kext personality without IOUserServerName',
      files: {
        'EchoDext/Info.plist': dextInfoPlist(
          BUNDLE,
          personality('PciEcho', str('IOClass', 'IOUserService'), str('IOUserClass', '$(PRODUCT_NAME)')),
          dict('Legacy', str('IOClass', 'com_example_Legacy'), str('IOProviderClass', 'IOPCIDevice')),
        ),
        'EchoDext/PciEcho.iig': IIG,
      },
    },
  ],
  invalid: [
    {
      name: 'a typo in IOUserClass, with a suggestion',
      files: { 'EchoDext/Info.plist': dextInfoPlist(BUNDLE, personality('PciEcho', str('IOClass', 'IOUserService'), str('⟦IOUserClass⟧', 'PciEhco'))), 'EchoDext/PciEcho.iig': IIG },
      findings: [
        {
          message: "IOUserClass 'PciEhco' is not declared in any .iig of the workspace, so the dext cannot create the service and fails to start; did you mean 'PciEcho'?",
          output: { 'EchoDext/Info.plist': dextInfoPlist(BUNDLE, personality('PciEcho', str('IOClass', 'IOUserService'), str('IOUserClass', 'PciEcho'))) },
        },
      ],
    },
    {
      name: 'the user-client dictionary names an undeclared class, and IOClass is the dext class itself',
      files: {
        'EchoDext/Info.plist': dextInfoPlist(BUNDLE, personality('PciEcho', str('⟦IOClass⟧', 'PciEcho'), str('IOUserClass', 'PciEcho'), dict('UserClientProperties', str('IOClass', 'IOUserUserClient'), str('⟦IOUserClass⟧', 'EchoClient')))),
        'EchoDext/PciEcho.iig': IIG,
      },
      findings: [{ message: "IOClass 'PciEcho' is the dext's own class", noFix: true }, { message: "IOUserClass 'EchoClient' is not declared", noFix: true }],
    },
    {
      name: 'missing IOUserClass and IOClass',
      files: { 'EchoDext/Info.plist': dextInfoPlist(BUNDLE, personality('⟦PciEcho⟧')), 'EchoDext/PciEcho.iig': IIG },
      findings: [{ message: "Dext personality 'PciEcho' has no 'IOUserClass' and no 'IOClass', so the kernel cannot create the service", noFix: true }],
    },
    {
      name: 'a DriverKit HID class as IOClass, fixed to the kernel class',
      files: {
        'HidDext/Info.plist': dextInfoPlist(BUNDLE, personality('Keys', str('⟦IOClass⟧', 'IOUserHIDEventService'), str('IOUserClass', 'PciEcho'))),
        'HidDext/PciEcho.iig': IIG,
      },
      findings: [
        {
          message: "IOClass 'IOUserHIDEventService' is a DriverKit class that exists only in the dext process; the personality must name the kernel class 'AppleUserHIDEventService'.",
          output: { 'HidDext/Info.plist': dextInfoPlist(BUNDLE, personality('Keys', str('IOClass', 'AppleUserHIDEventService'), str('IOUserClass', 'PciEcho'))) },
        },
      ],
    },
  ],
});
