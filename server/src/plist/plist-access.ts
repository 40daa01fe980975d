// Small typed lookups over a plist tree, shared by the model, the workspace index and the configuration rules.
import type { PlistArray, PlistDict, PlistEntry, PlistString, PlistValue } from './plist-value';

/** The first entry named `key` (CFPropertyList keeps one of duplicate keys; the rules only need one). */
export function entryOf(dict: PlistDict | undefined, key: string): PlistEntry | undefined {
  return dict?.entries.find((e) => e.key === key);
}

export function asDict(value: PlistValue | undefined): PlistDict | undefined {
  return value?.kind === 'dict' ? value : undefined;
}

export function asArray(value: PlistValue | undefined): PlistArray | undefined {
  return value?.kind === 'array' ? value : undefined;
}

export function asString(value: PlistValue | undefined): PlistString | undefined {
  return value?.kind === 'string' ? value : undefined;
}

/** The string value of `dict[key]`, or undefined when the key is absent or not a `<string>`. */
export function stringAt(dict: PlistDict | undefined, key: string): string | undefined {
  return asString(entryOf(dict, key)?.value)?.value;
}

/** True for a `<true/>` value. */
export function isTrue(value: PlistValue | undefined): boolean {
  return value?.kind === 'boolean' && value.value;
}

/**
 * Whether Xcode rewrites the text at build time: `$(VAR)`, `${VAR}` or `$VAR` build-setting references. Such text
 * says nothing about the built bundle, so rules compare values only when neither side has one.
 */
export function hasBuildSetting(text: string): boolean {
  return /\$(\(|\{|[A-Za-z_])/.test(text);
}
