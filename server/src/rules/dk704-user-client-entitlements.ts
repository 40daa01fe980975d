// DK704: a dext that offers a user client needs the Create dictionary in its personality, and a client allowed to open it.
import { ENTITLEMENTS, USER_CLIENT_CLASS } from '../knowledge/personality-families';
import type { FileModel } from '../model/file-model';
import { asArray, asDict, entryOf, hasBuildSetting, isTrue } from '../plist/plist-access';
import type { PlistEntry, PlistValue } from '../plist/plist-value';
import { defineRule, type Finding, type RuleContext } from './rule';
import { appEntitlements, dextEntitlements, entitlementEntries, fileNameOf, relatedTo } from './support/configuration/dext-entitlements';
import { literalString, personalitiesOf, plistRoot, type Personality } from './support/configuration/personalities';
import { ancestorsOf } from './support/plumbing/class-lookup';

const NEW_USER_CLIENT = 'NewUserClient';

export const userClientEntitlements = defineRule(
  {
    code: 'DK704',
    name: 'user-client-entitlements',
    summary:
      "A dext whose service overrides `NewUserClient` needs a user-client dictionary in its personality (`UserClientProperties` with `IOClass` `IOUserUserClient`), and an app allowed to open it (`userclient-access` naming the dext's bundle identifier, or `allow-any-userclient-access` in the dext): otherwise `IOServiceOpen` fails.",
    category: 'configuration',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['info-plist'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const personality of personalitiesOf(file).filter((p) => p.isDext)) {
      const dicts = userClientEntries(personality);
      const offersClient = dicts.length > 0 || overridesNewUserClient(personality, context);
      const userClass = literalString(personality.dict, 'IOUserClass');
      if (dicts.length === 0 && offersClient && userClass) {
        findings.push({
          range: userClass.entry.keyRange,
          message: `'${userClass.value}' overrides NewUserClient, but personality '${personality.name}' has no user-client dictionary, so 'Create(this, "UserClientProperties", …)' fails with kIOReturnBadArgument; add 'UserClientProperties' with IOClass '${USER_CLIENT_CLASS}' and IOUserClass naming your IOUserClient subclass.`,
        });
      }
      for (const entry of dicts) {
        const ioClass = literalString(asDict(entry.value), 'IOClass');
        if (ioClass && ioClass.value !== USER_CLIENT_CLASS) {
          findings.push({
            range: ioClass.entry.keyRange,
            message: `The user-client dictionary '${entry.key}' names IOClass '${ioClass.value}'; the kernel only accepts '${USER_CLIENT_CLASS}' there, so IOServiceOpen fails with kIOReturnUnsupported (0xe00002c7) after NewUserClient ran.`,
            fixes: [{ title: `Change '${ioClass.value}' to '${USER_CLIENT_CLASS}'`, isPreferred: true, edits: [{ uri: file.uri, range: ioClass.range, newText: USER_CLIENT_CLASS }] }],
          });
        }
      }
      if (offersClient) findings.push(...accessFindings(file, personality, dicts[0]?.keyRange ?? userClass?.entry.keyRange ?? personality.entry.keyRange, context));
    }
    return findings;
  },
);

/** Dictionaries in the personality that `Create` can instantiate a user client from: they name an IOUserUserClient. */
function userClientEntries(personality: Personality): PlistEntry[] {
  return personality.dict.entries.filter((e) => {
    const dict = asDict(e.value);
    return dict !== undefined && entryOf(dict, 'IOClass') !== undefined && (entryOf(dict, 'IOUserClass') !== undefined || literalString(dict, 'IOClass')?.value === USER_CLIENT_CLASS);
  });
}

/** The service class, or a base class the workspace declares, overrides NewUserClient. */
function overridesNewUserClient(personality: Personality, context: RuleContext): boolean {
  const userClass = literalString(personality.dict, 'IOUserClass')?.value;
  if (!userClass) return false;
  return [userClass, ...ancestorsOf({ className: userClass, workspace: context.workspace })].some((name) => context.workspace.findIigClass(name)?.decl.methods.some((m) => m.name === NEW_USER_CLIENT));
}

/** Apps that install the dext must be allowed to open its user client, unless the dext allows any client. */
function accessFindings(file: FileModel, personality: Personality, range: Finding['range'], context: RuleContext): Finding[] {
  const dext = dextEntitlements(file.uri, context.workspace);
  const apps = appEntitlements(context.workspace);
  if (dext.length === 0 || apps.length === 0) return [];
  if (entitlementEntries(dext, ENTITLEMENTS.allowAnyUserClient).some((g) => isTrue(g.entry.value))) return [];
  // An app with the iPadOS scheme may target iPadOS, where that scheme is the right one.
  if (entitlementEntries(apps, ENTITLEMENTS.iPadOSClientAccess).length > 0) return [];
  const access = entitlementEntries(apps, ENTITLEMENTS.userClientAccess);
  const granted = access.flatMap((a) => stringsOf(a.entry.value));
  const bundle = literalString(plistRoot(file), 'CFBundleIdentifier')?.value ?? literalString(personality.dict, 'CFBundleIdentifier')?.value;
  if (access.length > 0 && (bundle === undefined || granted.some(hasBuildSetting) || granted.includes(bundle))) return [];
  const appNames = apps.map((a) => `'${fileNameOf(a.uri)}'`).join(', ');
  const what = access.length === 0 ? `none of the app entitlements (${appNames}) has '${ENTITLEMENTS.userClientAccess}'` : `the '${ENTITLEMENTS.userClientAccess}' entitlements (${appNames}) do not list '${bundle}'`;
  return [
    {
      range,
      message: `The dext offers a user client, but ${what} and the dext does not have '${ENTITLEMENTS.allowAnyUserClient}', so IOServiceOpen fails with kIOReturnNotPermitted (0xe00002e2, "UC failed userclient-access check"); add the dext's bundle identifier to the app's '${ENTITLEMENTS.userClientAccess}' array.`,
      related: access.length > 0 ? access.map((a) => relatedTo(a.file, 'the app entitlement', a.entry)) : apps.map((a) => relatedTo(a, 'the app entitlements')),
    },
  ];
}

/** The strings of an entitlement value: one string or an array of them. */
function stringsOf(value: PlistValue | undefined): string[] {
  if (value?.kind === 'string') return [value.value];
  return (asArray(value)?.items ?? []).flatMap((item) => (item.kind === 'string' ? [item.value] : []));
}
