// Builds Xcode-shaped XML property lists (tab-indented, Apple's header) for rule case tables.
const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';

/** One entry (or array item) as lines, indented by its container. */
export type Lines = readonly string[];

const indent = (lines: readonly Lines[]): string[] => lines.flat().map((l) => `\t${l}`);

export const str = (key: string, value: string): Lines => [`<key>${key}</key>`, `<string>${value}</string>`];
export const int = (key: string, value: number | string): Lines => [`<key>${key}</key>`, `<integer>${value}</integer>`];
export const bool = (key: string, value = true): Lines => [`<key>${key}</key>`, value ? '<true/>' : '<false/>'];
export const dict = (key: string, ...entries: Lines[]): Lines => [`<key>${key}</key>`, '<dict>', ...indent(entries), '</dict>'];
export const array = (key: string, ...items: Lines[]): Lines => [`<key>${key}</key>`, '<array>', ...indent(items), '</array>'];
export const itemDict = (...entries: Lines[]): Lines => ['<dict>', ...indent(entries), '</dict>'];
export const itemString = (value: string): Lines => [`<string>${value}</string>`];

export const plist = (...entries: Lines[]): string => `${HEADER}<plist version="1.0">\n<dict>\n${indent(entries).join('\n')}\n</dict>\n</plist>\n`;

/** A dext's Info.plist: the usual bundle keys and the given personalities. */
export const dextInfoPlist = (bundleId: string, ...personalities: Lines[]): string =>
  plist(
    str('CFBundleIdentifier', bundleId),
    str('CFBundlePackageType', 'DEXT'),
    str('CFBundleShortVersionString', '1.0'),
    str('CFBundleVersion', '1'),
    str('OSBundleUsageDescription', 'Drives the example device.'),
    dict('IOKitPersonalities', ...personalities),
  );
