// Keeps the latest analysis of each open document, runs a new one only when the text changed, and counts runs.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../engine/analyze-file';
import { FunctionFindingsCache } from '../engine/function-findings-cache';
import type { Linter } from '../engine/linter';
import { fileKindOf, isIndexedKind } from '../model/build-model';
import type { FileKind, FileModel } from '../model/file-model';
import { findSuppressionDirectives, type SuppressionDirective } from '../model/suppression-directives';
import type { ParseSession } from '../parser/syntax-node';
import type { ServerSettings } from './settings';
import { positionsFor, type PositionConverter } from './text-positions';

/**
 * What the server keeps of an analysis: no syntax tree or model, only what publishing diagnostics and answering
 * code actions need, so that a thousand open documents cost little more than their text.
 */
export interface Analysis {
  /** The content generation analysed: bumped on every change, so a reused version number cannot reuse results. */
  readonly generation: number;
  readonly version: number;
  readonly kind: FileKind;
  readonly diagnostics: readonly Diagnostic[];
  readonly positions: PositionConverter;
  /** The document's suppression directives, for the "Disable … for this line/file" actions. */
  readonly directives: readonly SuppressionDirective[];
}

export interface DocumentAnalysesOptions {
  readonly linter: () => Linter | undefined;
  readonly settings: (uri: string) => ServerSettings;
  readonly log: (line: string) => void;
  /** False for a document the include/exclude globs leave out: it is not analysed and has no diagnostics. */
  readonly isIncluded?: (uri: string) => boolean;
}

/** What an open document keeps between analyses, so that an edit redoes only what it touched. */
interface EditingState {
  /** The incremental parse session: the previous tree that the next edit reparses from. */
  readonly session: ParseSession;
  /** The function-scoped rules' findings per function. */
  readonly functionFindings: FunctionFindingsCache;
}

export class DocumentAnalyses {
  private readonly analyses = new Map<string, Analysis>();
  private readonly generations = new Map<string, number>();
  /** Documents already reported as over the size limit, so that each gets one notice, not one per keystroke. */
  private readonly oversized = new Set<string>();
  /** What each open document keeps from one analysis to the next (see EditingState). */
  private readonly editing = new Map<string, EditingState>();
  private runs = 0;

  constructor(private readonly options: DocumentAnalysesOptions) {}

  /** How many analyses have run since the server started (cached results not counted). */
  get runCount(): number {
    return this.runs;
  }

  /** Records a content change: earlier analyses of the document are stale from now on. */
  changed(uri: string): void {
    this.generations.set(uri, (this.generations.get(uri) ?? 0) + 1);
  }

  /** The analysis of the document's current content, if one has run. */
  current(uri: string): Analysis | undefined {
    const analysis = this.analyses.get(uri);
    return analysis && analysis.generation === (this.generations.get(uri) ?? 0) ? analysis : undefined;
  }

  /** The last analysis of the document, current or not. */
  latest(uri: string): Analysis | undefined {
    return this.analyses.get(uri);
  }

  /** Analyses the document's current content, reusing the last result when the content has not changed. */
  analyze(document: TextDocument): Analysis | undefined {
    const linter = this.options.linter();
    const kind = fileKindOf(document.uri);
    if (!linter || !kind) return undefined;
    const cached = this.current(document.uri);
    if (cached) return cached;
    const text = document.getText();
    if (typeof text !== 'string') return undefined;
    const generation = this.generations.get(document.uri) ?? 0;
    const { rules, maxFileSizeBytes } = this.options.settings(document.uri);
    let diagnostics: readonly Diagnostic[] = [];
    let directives: readonly SuppressionDirective[] = [];
    if (exceedsBytes(text, maxFileSizeBytes)) {
      this.reportOversized(document.uri, maxFileSizeBytes);
      if (isIndexedKind(kind)) linter.index.remove(document.uri);
    } else if (this.options.isIncluded && !this.options.isIncluded(document.uri)) {
      // Excluded: nothing to report, but an .iig still informs the rules on other files through the index.
      if (isIndexedKind(kind)) linter.model(document.uri, text)?.tree?.dispose();
    } else {
      this.oversized.delete(document.uri);
      const { session, functionFindings } = this.editingOf(document.uri, linter);
      const model = linter.model(document.uri, text, session);
      if (model) {
        this.runs++;
        diagnostics = linter.analyze(model, rules, functionFindings);
        directives = findSuppressionDirectives(model);
        model.tree?.dispose();
      }
    }
    const analysis: Analysis = { generation, version: document.version, kind, diagnostics, positions: positionsFor(text), directives };
    this.analyses.set(document.uri, analysis);
    return analysis;
  }

  /**
   * A model of an open document's `text` for a request (hover, navigation), parsed through the document's session: when
   * the text is the last analysed one the tree is reused as it is, otherwise the parse is incremental. Like any
   * model from a session, it must not be read after the document's next model is made.
   */
  modelOf(uri: string, text: string): FileModel | undefined {
    const linter = this.options.linter();
    return linter?.model(uri, text, this.editingOf(uri, linter).session);
  }

  /** Drops the cached result (settings or a partner file changed, so equal content no longer means equal results). */
  invalidate(uri: string): void {
    this.analyses.delete(uri);
  }

  /** Forgets a closed document entirely. */
  forget(uri: string): void {
    this.editing.get(uri)?.session.dispose();
    this.editing.delete(uri);
    this.analyses.delete(uri);
    this.generations.delete(uri);
    this.oversized.delete(uri);
  }

  private editingOf(uri: string, linter: Linter): EditingState {
    let state = this.editing.get(uri);
    if (!state) {
      state = { session: linter.createParseSession(), functionFindings: new FunctionFindingsCache() };
      this.editing.set(uri, state);
    }
    return state;
  }

  private reportOversized(uri: string, limit: number): void {
    if (this.oversized.has(uri)) return;
    this.oversized.add(uri);
    this.options.log(`${uri} is larger than driverkit.maxFileSizeBytes (${limit} bytes); it is not analysed.`);
  }
}

/** UTF-8 size over `limit`, measured only when the UTF-16 length leaves any doubt (a UTF-16 unit is 1 to 3 bytes). */
function exceedsBytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return Buffer.byteLength(text, 'utf8') > limit;
}
