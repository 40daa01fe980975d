// Keeps the classes declared in every known .iig, and the project's property lists, for rules on other files.
import { isIndexedKind, isPropertyListKind } from '../model/build-model';
import type { ClassDecl, FileModel } from '../model/file-model';
import { asDict, entryOf } from '../plist/plist-access';
import type { PlistDict } from '../plist/plist-value';
import type { LocatedClass, LocatedPlist, WorkspaceView } from '../rules/rule';
import { byCodeUnits } from '../text/code-unit-order';

interface IndexedIig {
  readonly text: string;
  readonly classes: readonly ClassDecl[];
}

interface IndexedPlist {
  readonly text: string;
  readonly kind: 'info-plist' | 'entitlements';
  readonly root: PlistDict;
}

/** One file's facts as plain data, to hand an index built in one thread to another (structured clone). */
export type IndexEntry = { readonly uri: string } & (({ readonly kind: 'iig' } & IndexedIig) | IndexedPlist);

/**
 * Compact per-file facts: class declarations (plain data) and the .iig text, never syntax trees, so that a large
 * workspace stays cheap to hold. Property lists are kept as their (plain data) plist tree and text.
 */
export class WorkspaceIndex implements WorkspaceView {
  private readonly files = new Map<string, IndexedIig>();
  private readonly plists = new Map<string, IndexedPlist>();
  /**
   * Which file declares each class name (the first in index order, as a scan would find), built on first lookup
   * after a change: every .cpp asks for its classes, and scanning a thousand files per question is quadratic.
   */
  private declaring: Map<string, string> | undefined;
  private changes = 0;

  /** Records (or forgets, for other models) what a file declares. */
  update(model: FileModel): void {
    // The same text declares the same classes: keeping the entry keeps lookups and the version (the CLI models each
    // .iig twice, once to index it and once to lint it).
    if (this.textOf(model.uri) === model.text && isIndexedKind(model.kind)) return;
    this.remove(model.uri);
    if (model.kind === 'iig') this.files.set(model.uri, { text: model.text, classes: model.classes });
    else if (isPropertyListKind(model.kind)) {
      const root = model.plist?.wellFormed ? asDict(model.plist.root) : undefined;
      if (root && (model.kind === 'entitlements' || isBundlePlist(root))) this.plists.set(model.uri, { text: model.text, kind: model.kind, root });
    }
    if (this.has(model.uri)) this.changed();
  }

  /** What `update` recorded for a file, as plain data; undefined when it is not indexed. */
  entryOf(uri: string): IndexEntry | undefined {
    const file = this.files.get(uri);
    if (file) return { uri, kind: 'iig', text: file.text, classes: file.classes };
    const plist = this.plists.get(uri);
    return plist && { uri, ...plist };
  }

  /** Records facts another index gathered (see entryOf). */
  restore(entries: readonly IndexEntry[]): void {
    for (const entry of entries) {
      this.remove(entry.uri);
      if (entry.kind === 'iig') this.files.set(entry.uri, { text: entry.text, classes: entry.classes });
      else this.plists.set(entry.uri, { text: entry.text, kind: entry.kind, root: entry.root });
      this.changed();
    }
  }

  remove(uri: string): void {
    const removed = this.files.delete(uri);
    if (this.plists.delete(uri) || removed) this.changed();
  }

  private has(uri: string): boolean {
    return this.files.has(uri) || this.plists.has(uri);
  }

  private changed(): void {
    this.declaring = undefined;
    this.changes++;
  }

  /**
   * Grows with every change of what the index holds (a .cpp, which it does not record, changes nothing), so that a
   * copy of the index on another thread knows when to catch up and cached findings know when to be recomputed.
   */
  get version(): number {
    return this.changes;
  }

  /** Every indexed file (see entryOf). */
  uris(): string[] {
    return [...this.files.keys(), ...this.plists.keys()];
  }

  get fileCount(): number {
    return this.files.size + this.plists.size;
  }

  /** The uris of .iig files that declare `className`, for re-linting dependants when an .iig changes. */
  urisDeclaring(className: string): string[] {
    return [...this.files.entries()].filter(([, f]) => f.classes.some((c) => c.name === className)).map(([uri]) => uri);
  }

  /** The names of the classes the index holds for one .iig (none when it is not indexed). */
  classNamesIn(uri: string): string[] {
    return (this.files.get(uri)?.classes ?? []).map((c) => c.name);
  }

  /** The text the index holds for an .iig or property list, for converting offsets in files that are not open. */
  textOf(uri: string): string | undefined {
    return this.files.get(uri)?.text ?? this.plists.get(uri)?.text;
  }

  findIigClass(name: string): LocatedClass | undefined {
    if (!this.declaring) {
      const declaring = new Map<string, string>();
      for (const [uri, file] of this.files) for (const decl of file.classes) if (!declaring.has(decl.name)) declaring.set(decl.name, uri);
      this.declaring = declaring;
    }
    const uri = this.declaring.get(name);
    const file = uri === undefined ? undefined : this.files.get(uri);
    const decl = file?.classes.find((c) => c.name === name);
    return uri !== undefined && file && decl ? { uri, text: file.text, decl } : undefined;
  }

  iigClassNames(): readonly string[] {
    return [...this.files.values()].flatMap((f) => f.classes.map((c) => c.name));
  }

  propertyLists(): readonly LocatedPlist[] {
    return [...this.plists.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([uri, p]) => ({ uri, kind: p.kind, root: p.root }));
  }

  /** Every indexed class with its file, for workspace-wide lookups such as symbol search. */
  allClasses(): LocatedClass[] {
    return [...this.files].flatMap(([uri, file]) => file.classes.map((decl) => ({ uri, text: file.text, decl })));
  }
}

/** A bundle's Info.plist, as opposed to any other .plist (export options, launchd jobs, settings). */
function isBundlePlist(root: PlistDict): boolean {
  return entryOf(root, 'IOKitPersonalities') !== undefined || entryOf(root, 'CFBundleIdentifier') !== undefined;
}
