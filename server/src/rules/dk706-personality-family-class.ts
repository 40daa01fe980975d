// DK706: the personality's IOClass, provider and device type must fit the family the dext's class derives from.
import { kernelClassFacts, kernelClassForBase } from '../knowledge/personality-families';
import type { FileModel } from '../model/file-model';
import { entryOf } from '../plist/plist-access';
import { defineRule, type Finding, type RuleContext } from './rule';
import { literalString, personalitiesOf, type LiteralValue, type Personality } from './support/configuration/personalities';
import { ancestorsOf } from './support/plumbing/class-lookup';

const PERIPHERAL_DEVICE_TYPE = 'Peripheral Device Type';

export const personalityFamilyClass = defineRule(
  {
    code: 'DK706',
    name: 'personality-family-class',
    summary:
      "A dext personality's `IOClass` must be the kernel class of the family its `IOUserClass` derives from (e.g. `IOUserSCSIPeripheralDeviceType00`, not `IOUserService`), and a dext without hardware matches `IOUserResources`, not `IOResources`: otherwise the dext never starts or every family call fails.",
    category: 'configuration',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['info-plist'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const personality of personalitiesOf(file).filter((p) => p.isDext)) {
      const ioClass = literalString(personality.dict, 'IOClass');
      if (ioClass) findings.push(...familyFindings(file, personality, ioClass, context));
      const provider = literalString(personality.dict, 'IOProviderClass');
      if (provider?.value === 'IOResources') {
        findings.push({
          range: provider.entry.keyRange,
          message: "The kernel refuses to attach a dext to 'IOResources', so this personality never starts; use 'IOUserResources' (with 'IOResourceMatch' 'IOKit').",
          fixes: [{ title: "Change 'IOResources' to 'IOUserResources'", isPreferred: true, edits: [{ uri: file.uri, range: provider.range, newText: 'IOUserResources' }] }],
        });
      }
      if (ioClass) findings.push(...deviceTypeFindings(file, personality, ioClass));
    }
    return findings;
  },
);

function familyFindings(file: FileModel, personality: Personality, ioClass: LiteralValue, context: RuleContext): Finding[] {
  const userClass = literalString(personality.dict, 'IOUserClass');
  if (!userClass || !context.workspace.findIigClass(userClass.value)) return [];
  const ancestors = ancestorsOf({ className: userClass.value, workspace: context.workspace });
  const family = ancestors.map((base) => ({ base, kernelClass: kernelClassForBase(base) })).find((f) => f.kernelClass !== undefined);
  if (family?.kernelClass && family.kernelClass !== ioClass.value) {
    const consequence = family.kernelClass.startsWith('IOUserSCSIPeripheralDeviceType')
      ? "the framework never calls 'UserDetermineDeviceCharacteristics' and every family call returns kIOReturnUnsupported (0xe00002c7)"
      : `the kernel never calls the '${family.base}' methods the dext implements`;
    return [
      {
        range: ioClass.entry.keyRange,
        message: `'${userClass.value}' derives from '${family.base}', whose personality needs IOClass '${family.kernelClass}', not '${ioClass.value}'; with '${ioClass.value}' ${consequence}.`,
        fixes: [{ title: `Change '${ioClass.value}' to '${family.kernelClass}'`, isPreferred: true, edits: [{ uri: file.uri, range: ioClass.range, newText: family.kernelClass }] }],
      },
    ];
  }
  const facts = kernelClassFacts(ioClass.value);
  // Only a chain known all the way to IOService proves that the class derives from none of the family's classes.
  if (!family && facts && facts.bases.length > 0 && ancestors.includes('IOService')) {
    return [
      {
        range: ioClass.entry.keyRange,
        message: `IOClass '${ioClass.value}' expects a subclass of ${facts.bases.map((b) => `'${b}'`).join(' or ')}, but '${userClass.value}' derives from ${ancestors.map((a) => `'${a}'`).join(' → ')}; derive the class from the family class, or use 'IOUserService'.`,
      },
    ];
  }
  return [];
}

function deviceTypeFindings(file: FileModel, personality: Personality, ioClass: LiteralValue): Finding[] {
  const expected = kernelClassFacts(ioClass.value)?.peripheralDeviceType;
  const entry = entryOf(personality.dict, PERIPHERAL_DEVICE_TYPE);
  if (expected === undefined || entry?.value?.kind !== 'integer' || entry.value.value === undefined || entry.value.value === expected) return [];
  return [
    {
      range: entry.keyRange,
      message: `'${ioClass.value}' serves SCSI peripheral device type ${expected}, but '${PERIPHERAL_DEVICE_TYPE}' is ${entry.value.value}, so the personality matches the wrong kind of device; use ${expected}.`,
      fixes: [{ title: `Change the device type to ${expected}`, isPreferred: true, edits: [{ uri: file.uri, range: entry.value.contentRange, newText: String(expected) }] }],
    },
  ];
}
