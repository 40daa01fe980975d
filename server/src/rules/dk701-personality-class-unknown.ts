// DK701: a dext personality's IOUserClass must be a class the dext declares, and its IOClass a kernel class.
import { kernelClassInsteadOf } from '../knowledge/personality-families';
import type { FileModel } from '../model/file-model';
import { asDict, entryOf } from '../plist/plist-access';
import type { PlistDict } from '../plist/plist-value';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';
import { literalString, personalitiesOf, type LiteralValue } from './support/configuration/personalities';
import { closestName } from './support/edit-distance';

export const personalityClassUnknown = defineRule(
  {
    code: 'DK701',
    name: 'personality-class-unknown',
    summary:
      "A dext personality's `IOUserClass` must name a class declared in the dext's `.iig` files, and its `IOClass` a kernel class (`IOUserService` or the family's): otherwise the kernel cannot create the service and the dext never starts.",
    category: 'configuration',
    defaultSeverity: 'error',
    fixable: 'unsafe',
    appliesTo: ['info-plist'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    const declared = context.workspace.iigClassNames();
    for (const personality of personalitiesOf(file).filter((p) => p.isDext)) {
      const missing = ['IOUserClass', 'IOClass'].filter((key) => !entryOf(personality.dict, key));
      if (missing.length > 0) {
        findings.push({
          range: personality.entry.keyRange,
          message: `Dext personality '${personality.name}' has no ${missing.map((k) => `'${k}'`).join(' and no ')}, so the kernel cannot create the service (${missing.includes('IOUserClass') ? '"no IOUserClass defined"' : 'no kernel class to instantiate'}) and the dext never starts; add ${missing.length === 1 ? 'it' : 'them'}: IOUserClass names the dext's service class, IOClass the kernel class ('IOUserService' or the family's).`,
        });
      }
      for (const dict of [personality.dict, ...nestedUserClassDicts(personality.dict)]) {
        const unknown = unknownUserClass(literalString(dict, 'IOUserClass'), declared, context);
        if (unknown) findings.push(unknown(file.uri));
      }
      const ioClass = literalString(personality.dict, 'IOClass');
      if (ioClass) {
        const wrong = notAKernelClass(ioClass, context);
        if (wrong) findings.push(wrong(file.uri));
      }
    }
    return findings;
  },
);

/** Dictionaries inside the personality that name an IOUserClass, such as the one `Create` reads for a user client. */
function nestedUserClassDicts(personality: PlistDict): PlistDict[] {
  return personality.entries.flatMap((e) => {
    const dict = asDict(e.value);
    return dict && entryOf(dict, 'IOUserClass') ? [dict] : [];
  });
}

function unknownUserClass(userClass: LiteralValue | undefined, declared: readonly string[], context: RuleContext): ((uri: string) => Finding) | undefined {
  // Without any .iig the workspace simply does not show the dext's classes; that is not evidence of a typo.
  if (!userClass || declared.length === 0 || context.workspace.findIigClass(userClass.value)) return undefined;
  const suggestion = closestName(userClass.value, declared);
  return (uri) => ({
    range: userClass.entry.keyRange,
    message: `IOUserClass '${userClass.value}' is not declared in any .iig of the workspace, so the dext cannot create the service and fails to start${suggestion ? `; did you mean '${suggestion}'?` : '; name the class the dext declares.'}`,
    fixes: suggestion ? [replaceValue(uri, userClass, suggestion)] : [],
  });
}

function notAKernelClass(ioClass: LiteralValue, context: RuleContext): ((uri: string) => Finding) | undefined {
  const instead = kernelClassInsteadOf(ioClass.value);
  if (instead) {
    return (uri) => ({
      range: ioClass.entry.keyRange,
      message: `IOClass '${ioClass.value}' is a DriverKit class that exists only in the dext process; the personality must name the kernel class '${instead}'.`,
      fixes: [replaceValue(uri, ioClass, instead)],
    });
  }
  const located = context.workspace.findIigClass(ioClass.value);
  if (!located || located.decl.annotations.some((a) => a.name === 'KERNEL')) return undefined;
  return () => ({
    range: ioClass.entry.keyRange,
    message: `IOClass '${ioClass.value}' is the dext's own class, which the kernel cannot instantiate; put it in 'IOUserClass' and set 'IOClass' to the kernel class ('IOUserService' or the family's).`,
  });
}

function replaceValue(uri: string, value: LiteralValue, newText: string): Fix {
  return { title: `Change '${value.value}' to '${newText}'`, isPreferred: true, edits: [{ uri, range: value.range, newText }] };
}
