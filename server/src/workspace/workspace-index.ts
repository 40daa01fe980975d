// Keeps the classes declared in every known .iig so that rules on a .cpp can consult the class's interface.
import type { ClassDecl, FileModel } from '../model/file-model';
import type { LocatedClass, WorkspaceView } from '../rules/rule';

interface IndexedIig {
  readonly text: string;
  readonly classes: readonly ClassDecl[];
}

/**
 * Compact per-file facts: class declarations (plain data) and the .iig text, never syntax trees, so that a large
 * workspace stays cheap to hold.
 */
export class WorkspaceIndex implements WorkspaceView {
  private readonly files = new Map<string, IndexedIig>();

  /** Records (or forgets, for non-.iig models) what a file declares. */
  update(model: FileModel): void {
    if (model.kind !== 'iig') {
      this.files.delete(model.uri);
      return;
    }
    this.files.set(model.uri, { text: model.text, classes: model.classes });
  }

  remove(uri: string): void {
    this.files.delete(uri);
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** The uris of .iig files that declare `className`, for re-linting dependants when an .iig changes. */
  urisDeclaring(className: string): string[] {
    return [...this.files.entries()].filter(([, f]) => f.classes.some((c) => c.name === className)).map(([uri]) => uri);
  }

  /** The names of the classes the index holds for one .iig (none when it is not indexed). */
  classNamesIn(uri: string): string[] {
    return (this.files.get(uri)?.classes ?? []).map((c) => c.name);
  }

  /** The text the index holds for an .iig, for converting fix offsets in files that are not open. */
  textOf(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  findIigClass(name: string): LocatedClass | undefined {
    for (const [uri, file] of this.files) {
      const decl = file.classes.find((c) => c.name === name);
      if (decl) return { uri, text: file.text, decl };
    }
    return undefined;
  }
}
