// What the navigation requests read: models of open documents, the .iig index, and definitions across the workspace.
import type { CancellationToken, Range, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Linter } from '../engine/linter';
import { fileKindOf } from '../model/build-model';
import type { FileModel } from '../model/file-model';
import { readOutline } from '../model/outline';
import { DefinitionIndex, type CollectedDefinitions, type CollectOptions, type IndexedDefinition } from '../workspace/definition-index';
import type { TextTarget } from '../workspace/declaration-lookup';
import type { WorkspaceIndex } from '../workspace/workspace-index';
import type { ServerSettings } from './settings';
import { positionsFor, type PositionConverter } from './text-positions';
import type { WorkspaceFiles } from './workspace-files';

export interface NavigationDependencies {
  readonly documents: TextDocuments<TextDocument>;
  readonly linter: () => Linter | undefined;
  /** A model of an open document's text through its parse session (see DocumentAnalyses.modelOf). */
  readonly modelOf: (uri: string, text: string) => FileModel | undefined;
  readonly workspace: () => WorkspaceFiles;
  readonly settings: () => ServerSettings;
}

export class NavigationSources {
  /** Definitions with ranges converted to LSP once, when a file is read. */
  private readonly definitions = new DefinitionIndex<Range>((uri, text) => this.summarize(uri, text));

  constructor(private readonly deps: NavigationDependencies) {}

  get index(): WorkspaceIndex | undefined {
    return this.deps.linter()?.index;
  }

  /**
   * Runs `read` on a model of an open document's current text (its tree is disposed afterwards); undefined when the document
   * is not open, not a DriverKit source, over the size limit, or the server is not initialized.
   */
  withOpenModel<T>(uri: unknown, read: (model: FileModel, positions: PositionConverter) => T): T | undefined {
    if (typeof uri !== 'string' || !fileKindOf(uri)) return undefined;
    const document = this.deps.documents.get(uri);
    const linter = this.deps.linter();
    if (!document || !linter) return undefined;
    const text = document.getText();
    if (typeof text !== 'string' || Buffer.byteLength(text, 'utf8') > this.deps.settings().maxFileSizeBytes) return undefined;
    // For an .iig this also records the editor's current text in the index, which is what the index should hold.
    const model = this.deps.modelOf(uri, text);
    if (!model) return undefined;
    try {
      return read(model, positionsFor(text));
    } finally {
      model.tree?.dispose();
    }
  }

  /** Every definition in the open C++ documents and the workspace's C++ files (parsed on demand, then cached). */
  collectDefinitions(token: CancellationToken | undefined, filter: Pick<CollectOptions, 'mayDefine' | 'parseBudgetMs'> = {}): Promise<CollectedDefinitions<Range>> {
    const openSources = this.deps.documents
      .all()
      .filter((d) => fileKindOf(d.uri) === 'cpp')
      .map((d) => ({ uri: d.uri, version: d.version, text: d.getText() }));
    return this.definitions.collect({
      scope: this.deps.workspace().scope,
      openSources,
      maxFileBytes: this.deps.settings().maxFileSizeBytes,
      ...filter,
      isCancelled: () => token?.isCancellationRequested === true,
    });
  }

  private summarize(uri: string, text: string): IndexedDefinition<Range>[] {
    const linter = this.deps.linter();
    const model = linter?.model(uri, text);
    if (!model) return [];
    try {
      const positions = positionsFor(text);
      return readOutline(model).definitions.map((d) => ({
        className: d.className,
        methodName: d.methodName,
        form: d.form,
        range: positions.toRange(d.range),
        selectionRange: positions.toRange(d.nameRange),
      }));
    } finally {
      model.tree?.dispose();
    }
  }
}

/** Converts targets found in several files, building each file's line index once. */
export function toLocations(targets: readonly TextTarget[]): { uri: string; range: Range }[] {
  const converters = new Map<string, PositionConverter>();
  return targets.map((t) => {
    let positions = converters.get(t.uri);
    if (!positions) {
      positions = positionsFor(t.text);
      converters.set(t.uri, positions);
    }
    return { uri: t.uri, range: positions.toRange(t.range) };
  });
}
