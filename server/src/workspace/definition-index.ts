// Finds the method definitions of the workspace's C++ sources on demand, keeping compact facts per file version.
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DefinitionForm } from '../model/file-model';
import { walkSourceFiles } from './find-source-files';
import { readSourceFile } from './read-source-file';
import type { WorkspaceScope } from './workspace-scope';

/** C++ sources looked at per request at most; a workspace with more is reported as truncated. */
export const MAX_DEFINITION_SOURCES = 5000;
/** Work done between two yields to the event loop, so that other requests are answered during a long walk. */
const SLICE_MS = 8;
const SOURCE_KINDS: ReadonlySet<string> = new Set(['cpp']);

/** One definition, with ranges already in the caller's form (the LSP layer converts offsets once, here). */
export interface IndexedDefinition<Span> {
  readonly className?: string;
  readonly methodName: string;
  readonly form: DefinitionForm;
  readonly range: Span;
  readonly selectionRange: Span;
}

export interface FileDefinitions<Span> {
  readonly uri: string;
  readonly definitions: readonly IndexedDefinition<Span>[];
}

/** A document open in the editor: its text wins over the file on disk. */
export interface OpenSource {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

export interface CollectOptions {
  readonly scope: WorkspaceScope;
  readonly openSources: readonly OpenSource[];
  readonly maxFileBytes: number;
  /**
   * When set, a file whose facts are not cached is parsed only if its text passes this test (it names the method and
   * one of the classes asked about), so that a first "go to implementation" reads the workspace but parses only the
   * files that can matter.
   */
  readonly mayDefine?: (text: string) => boolean;
  /**
   * Milliseconds this request may spend parsing files whose facts are not cached; past it, such files are skipped and
   * the result is incomplete. What was parsed stays cached, so each later request continues the work.
   */
  readonly parseBudgetMs?: number;
  readonly isCancelled: () => boolean;
}

export interface CollectedDefinitions<Span> {
  readonly files: readonly FileDefinitions<Span>[];
  /** A budget or a cancellation stopped the walk before every source was seen. */
  readonly incomplete: boolean;
}

interface DiskEntry<Span> {
  readonly stamp: string;
  readonly uri: string;
  readonly definitions: readonly IndexedDefinition<Span>[];
}

/**
 * Holds no text and no trees: per file only its uri, a change stamp (mtime, ctime, size) or editor version, and the
 * definitions' names and ranges. Files are found with the bounded walker (no symbolic links followed, so nothing
 * outside the workspace folders is read) and parsed again only when they change.
 */
export class DefinitionIndex<Span> {
  private readonly disk = new Map<string, DiskEntry<Span>>();
  private readonly open = new Map<string, { readonly version: number; readonly text: string; readonly definitions: readonly IndexedDefinition<Span>[] }>();

  /** `summarize` reads one file's definitions; it must not throw. */
  constructor(
    private readonly summarize: (uri: string, text: string) => readonly IndexedDefinition<Span>[],
    private readonly maxFiles = MAX_DEFINITION_SOURCES,
  ) {}

  /** The definitions of every open source and every C++ source under the workspace folders. */
  async collect(options: CollectOptions): Promise<CollectedDefinitions<Span>> {
    const files: FileDefinitions<Span>[] = this.collectOpen(options);
    const openPaths = new Set(options.openSources.flatMap((s) => pathsOf(s.uri, options.scope)));
    const seen = new Set<string>();
    let incomplete = false;
    let sliceStart = performance.now();
    const budget = { remainingMs: options.parseBudgetMs ?? Number.POSITIVE_INFINITY, skipped: false };
    walk: for (const folder of options.scope.folders) {
      for (const event of walkSourceFiles(folder, { kinds: SOURCE_KINDS })) {
        if (performance.now() - sliceStart > SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
        if (options.isCancelled() || event.kind === 'truncated' || seen.size >= this.maxFiles) {
          incomplete = true;
          break walk;
        }
        if (event.kind !== 'file' || openPaths.has(event.path)) continue;
        seen.add(event.path);
        const entry = this.fromDisk(event.path, options, budget);
        if (entry && entry.definitions.length > 0) files.push({ uri: entry.uri, definitions: entry.definitions });
      }
    }
    incomplete ||= budget.skipped;
    if (!incomplete) {
      for (const path of this.disk.keys()) if (!seen.has(path)) this.disk.delete(path);
    }
    return { files, incomplete };
  }

  private collectOpen(options: CollectOptions): FileDefinitions<Span>[] {
    const files: FileDefinitions<Span>[] = [];
    const current = new Set<string>();
    for (const source of options.openSources) {
      current.add(source.uri);
      if (source.text.length > options.maxFileBytes) continue;
      let cached = this.open.get(source.uri);
      if (!cached || cached.version !== source.version || cached.text !== source.text) {
        cached = { version: source.version, text: source.text, definitions: this.summarize(source.uri, source.text) };
        this.open.set(source.uri, cached);
      }
      if (cached.definitions.length > 0) files.push({ uri: source.uri, definitions: cached.definitions });
    }
    for (const uri of this.open.keys()) if (!current.has(uri)) this.open.delete(uri);
    return files;
  }

  private fromDisk(path: string, options: CollectOptions, budget: { remainingMs: number; skipped: boolean }): DiskEntry<Span> | undefined {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(path, { throwIfNoEntry: false });
    } catch {
      stat = undefined;
    }
    if (!stat?.isFile()) return undefined;
    const stamp = `${stat.mtimeMs}:${stat.ctimeMs}:${stat.size}`;
    const cached = this.disk.get(path);
    if (cached?.stamp === stamp) return cached;
    this.disk.delete(path);
    if (budget.remainingMs <= 0) {
      budget.skipped = true;
      return undefined;
    }
    const read = readSourceFile(path, options.maxFileBytes);
    if (read.kind !== 'text' || (options.mayDefine && !options.mayDefine(read.text))) return undefined;
    const uri = pathToFileURL(path).toString();
    const started = performance.now();
    const entry = { stamp, uri, definitions: this.summarize(uri, read.text) };
    budget.remainingMs -= performance.now() - started;
    this.disk.set(path, entry);
    return entry;
  }
}

/** The paths under which an open document may also be found by the walk (as named, and through symbolic links). */
function pathsOf(uri: string, scope: WorkspaceScope): string[] {
  let path: string;
  try {
    if (!uri.startsWith('file:')) return [];
    path = fileURLToPath(uri);
  } catch {
    return [];
  }
  const real = scope.resolveInside(path);
  return real !== undefined && real !== path ? [path, real] : [path];
}
