// Case table for DK704 user-client-entitlements: the Create dictionary in the personality and the app's access to it.
import { userClientEntitlements } from '../../server/src/rules/dk704-user-client-entitlements';
import { array, bool, dextInfoPlist, dict, itemString, plist, str, type Lines } from '../helpers/plist-builder';
import { ruleTester } from '../helpers/rule-tester';

const BUNDLE = 'com.example.driverkit.Counter';
const SERVICE_IIG = 'class CounterService : public IOService\n{\npublic:\n    virtual kern_return_t NewUserClient(uint32_t type, IOUserClient ** userClient) override;\n};\n';
const PLAIN_IIG = 'class CounterService : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n';

const userClientDict = (ioClass = 'IOUserUserClient'): Lines => dict('UserClientProperties', str('IOClass', ioClass), str('IOUserClass', 'CounterUserClient'));
const service = (...extra: Lines[]): Lines => dict('CounterService', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOUserResources'), str('IOResourceMatch', 'IOKit'), str('IOUserClass', 'CounterService'), str('IOUserServerName', BUNDLE), ...extra);
const dextEntitlements = (...extra: Lines[]): string => plist(bool('com.apple.developer.driverkit'), ...extra);
const appEntitlements = (...extra: Lines[]): string => plist(bool('com.apple.developer.system-extension.install'), ...extra);
const access = (...ids: string[]): Lines => array('com.apple.developer.driverkit.userclient-access', ...ids.map(itemString));

ruleTester(userClientEntitlements, {
  valid: [
    {
      name: "Apple's sample: UserClientProperties, and the app lists the dext's bundle identifier",
      files: {
        'Dext/Info.plist': dextInfoPlist(BUNDLE, service(userClientDict())),
        'Dext/CounterService.iig': SERVICE_IIG,
        'Dext/Dext.entitlements': dextEntitlements(),
        'App/App.entitlements': appEntitlements(access(BUNDLE)),
      },
    },
    {
      name: 'the dext allows any user client, so the app needs nothing',
      files: { 'Dext/Info.plist': dextInfoPlist(BUNDLE, service(userClientDict())), 'Dext/Dext.entitlements': dextEntitlements(bool('com.apple.developer.driverkit.allow-any-userclient-access')), 'App/App.entitlements': appEntitlements() },
    },
    {
      name: 'a build-setting bundle identifier with an app entitlement: cannot be compared',
      files: { 'Dext/Info.plist': dextInfoPlist('$(PRODUCT_BUNDLE_IDENTIFIER)', service(userClientDict())), 'Dext/Dext.entitlements': dextEntitlements(), 'App/App.entitlements': appEntitlements(access('com.example.driverkit.Counter')) },
    },
    {
      name: 'no user client at all, and no app in the workspace',
      files: { 'Dext/Info.plist': dextInfoPlist(BUNDLE, service()), 'Dext/CounterService.iig': PLAIN_IIG, 'Dext/Dext.entitlements': dextEntitlements() },
    },
    {
      name: 'an app with the iPadOS scheme may be an iPadOS app',
      files: { 'Dext/Info.plist': dextInfoPlist(BUNDLE, service(userClientDict())), 'Dext/Dext.entitlements': dextEntitlements(), 'App/App.entitlements': appEntitlements(bool('com.apple.developer.driverkit.communicates-with-drivers')) },
    },
  ],
  invalid: [
    {
      name: 'NewUserClient overridden but no user-client dictionary',
      files: { 'Dext/Info.plist': dextInfoPlist(BUNDLE, service().map((l) => l.replace('<key>IOUserClass</key>', '<key>⟦IOUserClass⟧</key>'))), 'Dext/CounterService.iig': SERVICE_IIG },
      findings: [{ message: "'CounterService' overrides NewUserClient, but personality 'CounterService' has no user-client dictionary", noFix: true }],
    },
    {
      name: 'the user-client dictionary names IOUserClient',
      files: { 'Dext/Info.plist': dextInfoPlist(BUNDLE, service(userClientDict('IOUserClient').map((l) => l.replace('<key>IOClass</key>', '<key>⟦IOClass⟧</key>')))) },
      findings: [{ message: "names IOClass 'IOUserClient'; the kernel only accepts 'IOUserUserClient' there", output: { 'Dext/Info.plist': dextInfoPlist(BUNDLE, service(userClientDict())) } }],
    },
    {
      name: 'the app lists another dext',
      files: {
        'Dext/Info.plist': dextInfoPlist(BUNDLE, service(userClientDict().map((l) => l.replace('<key>UserClientProperties</key>', '<key>⟦UserClientProperties⟧</key>')))),
        'Dext/Dext.entitlements': dextEntitlements(),
        'App/App.entitlements': appEntitlements(access('com.example.driverkit.Other')),
      },
      findings: [{ message: "the 'com.apple.developer.driverkit.userclient-access' entitlements ('App.entitlements') do not list 'com.example.driverkit.Counter'" }],
    },
    {
      name: 'no app has userclient-access at all, even with a build-setting bundle identifier',
      files: {
        'Dext/Info.plist': dextInfoPlist('$(PRODUCT_BUNDLE_IDENTIFIER)', service(userClientDict().map((l) => l.replace('<key>UserClientProperties</key>', '<key>⟦UserClientProperties⟧</key>')))),
        'Dext/Dext.entitlements': dextEntitlements(),
        'App/App.entitlements': appEntitlements(),
      },
      findings: [{ message: "none of the app entitlements ('App.entitlements') has 'com.apple.developer.driverkit.userclient-access'" }],
    },
  ],
});
