// Reads the IOKitPersonalities of an Info.plist model and the literal (build-setting free) values rules compare.
import type { FileModel, OffsetRange } from '../../../model/file-model';
import { asDict, entryOf, hasBuildSetting } from '../../../plist/plist-access';
import type { PlistDict, PlistEntry } from '../../../plist/plist-value';

export interface Personality {
  readonly name: string;
  /** The personality's entry in IOKitPersonalities; its key is where findings about missing keys go. */
  readonly entry: PlistEntry;
  readonly dict: PlistDict;
  /** True when it names an IOUserServerName: a dext personality (xnu's isDext test). */
  readonly isDext: boolean;
}

/** A `<string>` value in a personality, with its entry. */
export interface LiteralValue {
  readonly value: string;
  readonly entry: PlistEntry;
  /** The value's text between its tags. */
  readonly range: OffsetRange;
  /** False when Xcode substitutes build settings into it, so it must not be compared with anything. */
  readonly isLiteral: boolean;
}

/** The root dictionary of a well-formed property list model. */
export function plistRoot(file: FileModel): PlistDict | undefined {
  return file.plist?.wellFormed ? asDict(file.plist.root) : undefined;
}

export function personalitiesOf(file: FileModel): Personality[] {
  const list = asDict(entryOf(plistRoot(file), 'IOKitPersonalities')?.value);
  if (!list) return [];
  return list.entries.flatMap((entry) => {
    const dict = asDict(entry.value);
    return dict ? [{ name: entry.key, entry, dict, isDext: entryOf(dict, 'IOUserServerName') !== undefined }] : [];
  });
}

export function stringValue(dict: PlistDict | undefined, key: string): LiteralValue | undefined {
  const entry = entryOf(dict, key);
  if (entry?.value?.kind !== 'string') return undefined;
  return { value: entry.value.value, entry, range: entry.value.contentRange, isLiteral: !hasBuildSetting(entry.value.value) };
}

/** The value when it is a literal string without surrounding whitespace; undefined otherwise. */
export function literalString(dict: PlistDict | undefined, key: string): LiteralValue | undefined {
  const found = stringValue(dict, key);
  return found?.isLiteral && found.value.trim() === found.value && found.value !== '' ? found : undefined;
}

/** The folder part of a URI, for pairing an Info.plist with the entitlements beside it. */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}
