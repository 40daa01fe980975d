// Finds the entitlements of the dext an Info.plist describes, and the app-side entitlements of the workspace.
import { ENTITLEMENTS } from '../../../knowledge/personality-families';
import { entryOf } from '../../../plist/plist-access';
import type { PlistEntry } from '../../../plist/plist-value';
import type { LocatedPlist, RelatedLocation, WorkspaceView } from '../../rule';
import { folderOf } from './personalities';

/**
 * The .entitlements files in the Info.plist's folder (Xcode's layout for a dext target). Several (per configuration)
 * are all returned: a rule reports a missing entitlement only when none of them has it.
 */
export function dextEntitlements(infoPlistUri: string, workspace: WorkspaceView): LocatedPlist[] {
  const folder = folderOf(infoPlistUri);
  return workspace.propertyLists().filter((p) => p.kind === 'entitlements' && folderOf(p.uri) === folder && entryOf(p.root, ENTITLEMENTS.driverKit) !== undefined);
}

/** Entitlements of apps that install system extensions: the clients that may open a dext's user client. */
export function appEntitlements(workspace: WorkspaceView): LocatedPlist[] {
  return workspace.propertyLists().filter((p) => p.kind === 'entitlements' && entryOf(p.root, ENTITLEMENTS.driverKit) === undefined && entryOf(p.root, ENTITLEMENTS.systemExtensionInstall) !== undefined);
}

/** The entitlement `key` in each file that has it. */
export function entitlementEntries(files: readonly LocatedPlist[], key: string): { file: LocatedPlist; entry: PlistEntry }[] {
  return files.flatMap((file) => {
    const entry = entryOf(file.root, key);
    return entry ? [{ file, entry }] : [];
  });
}

/** Points at an entitlement key, or at the file's `<dict>` when the key is missing. */
export function relatedTo(file: LocatedPlist, message: string, entry?: PlistEntry): RelatedLocation {
  return { uri: file.uri, range: entry ? entry.keyRange : { start: file.root.range.start, end: file.root.contentRange.start }, message };
}

/** The file name of a URI, for messages. */
export function fileNameOf(uri: string): string {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
