// Case table for DK708 misspelled-driverkit-entitlement: documented keys, near misses, and the driverkit key's value.
import { misspelledDriverKitEntitlement } from '../../server/src/rules/dk708-misspelled-driverkit-entitlement';
import { array, bool, itemDict, itemString, plist, str } from '../helpers/plist-builder';
import { ruleTester } from '../helpers/rule-tester';

const pci = array('com.apple.developer.driverkit.transport.pci', itemDict(str('IOPCIPrimaryMatch', '0x00001000&amp;0x0000FFFF')));

ruleTester(misspelledDriverKitEntitlement, {
  valid: [
    { name: 'a SCSI controller dext', files: { 'Dext/Dext.entitlements': plist(bool('com.apple.developer.driverkit'), bool('com.apple.developer.driverkit.family.scsicontroller'), pci) } },
    {
      name: 'an app: user-client access, sandbox and other non-DriverKit keys',
      files: { 'App/App.entitlements': plist(bool('com.apple.developer.system-extension.install'), array('com.apple.developer.driverkit.userclient-access', itemString('com.example.driverkit.Counter')), bool('com.apple.security.app-sandbox')) },
    },
    {
      name: 'an unknown key that is no near miss is left alone (Apple may add keys)',
      files: { 'Dext/Dext.entitlements': plist(bool('com.apple.developer.driverkit'), bool('com.apple.developer.driverkit.transport.spi'), bool('com.apple.developer.driverkit.family.graphics')) },
    },
    { name: 'a .plist is not an entitlements file', files: { 'Dext/Info.plist': plist(bool('com.apple.developer.driverkit.family.scsi-controller'), str('CFBundleIdentifier', 'x')) } },
  ],
  invalid: [
    {
      name: "the third-party README's spelling of the SCSI family key",
      files: { 'Dext/Dext.entitlements': plist(bool('com.apple.developer.driverkit'), bool('⟦com.apple.developer.driverkit.family.scsi-controller⟧'), pci) },
      findings: [
        {
          message: "'com.apple.developer.driverkit.family.scsi-controller' is not a DriverKit entitlement, so it grants nothing; Apple's key is 'com.apple.developer.driverkit.family.scsicontroller'.",
          fixTitles: ["Rename the key to 'com.apple.developer.driverkit.family.scsicontroller'"],
          output: { 'Dext/Dext.entitlements': plist(bool('com.apple.developer.driverkit'), bool('com.apple.developer.driverkit.family.scsicontroller'), pci) },
        },
      ],
    },
    {
      name: 'a typo in the user-client access key',
      files: { 'App/App.entitlements': plist(bool('com.apple.developer.system-extension.install'), array('⟦com.apple.developer.driverkit.userclient-acess⟧', itemString('com.example.driverkit.Counter'))) },
      findings: [{ message: "Apple's key is 'com.apple.developer.driverkit.userclient-access'" }],
    },
    {
      name: 'the driverkit key set to false, and a case slip',
      files: { 'Dext/Dext.entitlements': plist(bool('⟦com.apple.developer.driverkit⟧', false), bool('⟦com.apple.developer.driverkit.Transport.HID⟧')) },
      findings: [{ message: "'com.apple.developer.driverkit' must be <true/>", noFix: true }, { message: "Apple's key is 'com.apple.developer.driverkit.transport.hid'" }],
    },
  ],
});
