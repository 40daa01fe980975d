// DK702: a dext personality names its server and bundle consistently, and the provider and kernel bundle its IOClass needs.
import { kernelClassFacts } from '../knowledge/personality-families';
import type { FileModel } from '../model/file-model';
import { entryOf } from '../plist/plist-access';
import { defineRule, type Finding } from './rule';
import { insertEntryAfter, xmlText } from './support/configuration/insert-entry';
import { literalString, personalitiesOf, plistRoot, stringValue, type Personality } from './support/configuration/personalities';

export const personalityServerName = defineRule(
  {
    code: 'DK702',
    name: 'personality-server-name',
    summary:
      "A dext personality's `IOUserServerName` and `CFBundleIdentifier` must be the dext's bundle identifier, and it must name an `IOProviderClass` and the `CFBundleIdentifierKernel` that holds its `IOClass`: otherwise the kernel cannot launch the dext or find the class.",
    category: 'configuration',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['info-plist'],
  },
  (file: FileModel): Finding[] => {
    const bundle = stringValue(plistRoot(file), 'CFBundleIdentifier');
    const findings: Finding[] = [];
    for (const personality of personalitiesOf(file).filter((p) => p.isDext)) {
      findings.push(...identityFindings(personality, bundle?.isLiteral ? bundle.value : undefined));
      if (!entryOf(personality.dict, 'IOProviderClass')) {
        findings.push({ range: personality.entry.keyRange, message: `Dext personality '${personality.name}' has no 'IOProviderClass', so it never matches; name the provider (e.g. 'IOPCIDevice', 'IOUSBHostInterface' or 'IOUserResources').` });
      }
      findings.push(...kernelBundleFindings(file, personality));
    }
    return findings;
  },
);

/** Compared only when both sides are literal, or both the same text: build settings are filled in by Xcode. */
function identityFindings(personality: Personality, bundleId: string | undefined): Finding[] {
  const findings: Finding[] = [];
  const own = stringValue(personality.dict, 'CFBundleIdentifier');
  if (own?.isLiteral && bundleId !== undefined && own.value !== bundleId) {
    findings.push({ range: own.entry.keyRange, message: `Personality '${personality.name}' says CFBundleIdentifier '${own.value}', but the dext's bundle identifier is '${bundleId}'; the kernel looks the dext up by this value, so use the bundle identifier.` });
  }
  const server = stringValue(personality.dict, 'IOUserServerName');
  const expected = bundleId ?? (own?.isLiteral ? own.value : undefined);
  if (server?.isLiteral && expected !== undefined && server.value !== expected) {
    findings.push({ range: server.entry.keyRange, message: `IOUserServerName '${server.value}' differs from the dext's bundle identifier '${expected}'; the kernel launches the dext whose bundle identifier is the server name, so use '${expected}'.` });
  }
  return findings;
}

function kernelBundleFindings(file: FileModel, personality: Personality): Finding[] {
  const ioClass = literalString(personality.dict, 'IOClass');
  const facts = ioClass ? kernelClassFacts(ioClass.value) : undefined;
  if (!ioClass || !facts) return [];
  const findings: Finding[] = [];
  const kernel = stringValue(personality.dict, 'CFBundleIdentifierKernel');
  if (!entryOf(personality.dict, 'CFBundleIdentifierKernel') && facts.kernelBundle !== 'com.apple.kpi.iokit') {
    const edit = insertEntryAfter({ uri: file.uri, text: file.text, after: ioClass.entry, key: 'CFBundleIdentifierKernel', valueXml: `<string>${xmlText(facts.kernelBundle)}</string>` });
    findings.push({
      range: ioClass.entry.keyRange,
      message: `'${ioClass.value}' lives in the kext '${facts.kernelBundle}', but personality '${personality.name}' has no 'CFBundleIdentifierKernel', so the kernel does not load that kext and cannot create the class; add it.`,
      fixes: edit ? [{ title: `Add CFBundleIdentifierKernel '${facts.kernelBundle}'`, isPreferred: true, edits: [edit] }] : [],
    });
  } else if (kernel?.isLiteral && kernel.value !== facts.kernelBundle) {
    findings.push({
      range: kernel.entry.keyRange,
      message: `CFBundleIdentifierKernel '${kernel.value}' does not hold '${ioClass.value}', which lives in '${facts.kernelBundle}'; the kernel loads the wrong kext and cannot create the class.`,
      fixes: [{ title: `Change '${kernel.value}' to '${facts.kernelBundle}'`, isPreferred: true, edits: [{ uri: file.uri, range: kernel.range, newText: xmlText(facts.kernelBundle) }] }],
    });
  }
  const provider = literalString(personality.dict, 'IOProviderClass');
  // 'IOResources' is DK706's finding, whatever the family.
  if (provider && facts.providers && provider.value !== 'IOResources' && !facts.providers.includes(provider.value)) {
    const only = facts.providers.length === 1 ? facts.providers[0] : undefined;
    findings.push({
      range: provider.entry.keyRange,
      message: `'${ioClass.value}' attaches to ${facts.providers.map((p) => `'${p}'`).join(' or ')}, not to IOProviderClass '${provider.value}'; the personality never matches the device the family expects.`,
      fixes: only ? [{ title: `Change '${provider.value}' to '${only}'`, isPreferred: true, edits: [{ uri: file.uri, range: provider.range, newText: only }] }] : [],
    });
  }
  return findings;
}
