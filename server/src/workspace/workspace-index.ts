// Keeps the classes declared in every known .iig so that rules on a .cpp can consult the class's interface.
import type { ClassDecl, FileModel } from '../model/file-model';
import type { LocatedClass, WorkspaceView } from '../rules/rule';

interface IndexedIig {
  readonly text: string;
  readonly classes: readonly ClassDecl[];
}

/** One file's facts as plain data, to hand an index built in one thread to another (structured clone). */
export interface IndexEntry extends IndexedIig {
  readonly uri: string;
}

/**
 * Compact per-file facts: class declarations (plain data) and the .iig text, never syntax trees, so that a large
 * workspace stays cheap to hold.
 */
export class WorkspaceIndex implements WorkspaceView {
  private readonly files = new Map<string, IndexedIig>();
  /**
   * Which file declares each class name (the first in index order, as a scan would find), built on first lookup
   * after a change: every .cpp asks for its classes, and scanning a thousand files per question is quadratic.
   */
  private declaring: Map<string, string> | undefined;

  /** Records (or forgets, for non-.iig models) what a file declares. */
  update(model: FileModel): void {
    if (model.kind !== 'iig') {
      if (this.files.delete(model.uri)) this.declaring = undefined;
      return;
    }
    this.files.set(model.uri, { text: model.text, classes: model.classes });
    this.declaring = undefined;
  }

  /** What `update` recorded for a file, as plain data; undefined when it is not indexed. */
  entryOf(uri: string): IndexEntry | undefined {
    const file = this.files.get(uri);
    return file && { uri, text: file.text, classes: file.classes };
  }

  /** Records facts another index gathered (see entryOf). */
  restore(entries: readonly IndexEntry[]): void {
    for (const { uri, text, classes } of entries) this.files.set(uri, { text, classes });
    this.declaring = undefined;
  }

  remove(uri: string): void {
    this.files.delete(uri);
    this.declaring = undefined;
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** The uris of .iig files that declare `className`, for re-linting dependants when an .iig changes. */
  urisDeclaring(className: string): string[] {
    return [...this.files.entries()].filter(([, f]) => f.classes.some((c) => c.name === className)).map(([uri]) => uri);
  }

  /** The text the index holds for an .iig, for converting fix offsets in files that are not open. */
  textOf(uri: string): string | undefined {
    return this.files.get(uri)?.text;
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
}
