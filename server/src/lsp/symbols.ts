// Answers document symbols (the outline of an .iig or C++ file) and workspace symbols (classes, methods, definitions).
import { SymbolKind, type CancellationToken, type DocumentSymbol, type DocumentSymbolParams, type Range, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver';
import type { OffsetRange } from '../model/file-model';
import { readOutline, type FileOutline, type OutlineDefinition, type OutlineMethod, type OutlineRecord } from '../model/outline';
import { rankByQuery } from '../workspace/symbol-match';
import type { NavigationSources } from './navigation-sources';
import { positionsFor, type PositionConverter } from './text-positions';

/** Workspace symbols returned at most: enough to find anything by typing a few more letters, small enough to send. */
export const MAX_WORKSPACE_SYMBOLS = 250;

/**
 * Milliseconds one workspace-symbol request may spend parsing C++ files not seen before. Clients ask again as the user
 * types, and parsed files stay cached, so a large workspace is covered over a few requests instead of one long wait.
 */
const SYMBOL_PARSE_BUDGET_MS = 1500;

const DEFINITION_DETAIL = { 'impl-macro': 'IMPL', 'impl-suffix': '_Impl', plain: undefined } as const;

export function documentSymbols(sources: NavigationSources, params: DocumentSymbolParams): DocumentSymbol[] | null {
  return sources.withOpenModel(params?.textDocument?.uri, (model, positions) => outlineSymbols(readOutline(model), positions)) ?? null;
}

/** Records and loose declarations as written; definitions grouped under their class, in order of first appearance. */
function outlineSymbols(outline: FileOutline, positions: PositionConverter): DocumentSymbol[] {
  const entries: { start: number; symbol: DocumentSymbol }[] = [];
  for (const record of outline.records) entries.push({ start: record.range.start, symbol: recordSymbol(record, positions) });
  for (const method of outline.looseMethods) entries.push({ start: method.range.start, symbol: methodSymbol(method, SymbolKind.Function, positions) });
  const byClass = new Map<string, OutlineDefinition[]>();
  for (const def of outline.definitions) {
    if (def.className === undefined) {
      entries.push({ start: def.range.start, symbol: symbol({ name: def.methodName, kind: SymbolKind.Function, range: def.range, selection: def.nameRange }, positions) });
      continue;
    }
    const group = byClass.get(def.className) ?? [];
    group.push(def);
    byClass.set(def.className, group);
  }
  for (const [className, defs] of byClass) {
    const range = { start: Math.min(...defs.map((d) => d.range.start)), end: Math.max(...defs.map((d) => d.range.end)) };
    const children = defs.map((d) => symbol({ name: d.methodName, kind: SymbolKind.Method, detail: DEFINITION_DETAIL[d.form], range: d.range, selection: d.nameRange }, positions));
    const selection = defs[0].classNameRange ?? defs[0].nameRange;
    entries.push({ start: range.start, symbol: { ...symbol({ name: className, kind: SymbolKind.Class, range, selection }, positions), children } });
  }
  return entries.sort((a, b) => a.start - b.start).map((e) => e.symbol);
}

function recordSymbol(record: OutlineRecord, positions: PositionConverter): DocumentSymbol {
  const members = [
    ...record.methods.map((m) => ({ start: m.range.start, symbol: methodSymbol(m, SymbolKind.Method, positions) })),
    ...record.fields.map((f) => ({ start: f.nameRange.start, symbol: symbol({ name: f.name, kind: SymbolKind.Field, range: f.range, selection: f.nameRange }, positions) })),
  ].sort((a, b) => a.start - b.start);
  const kind = record.keyword === 'struct' ? SymbolKind.Struct : SymbolKind.Class;
  return { ...symbol({ name: record.name, kind, detail: record.baseClass, range: record.range, selection: record.nameRange }, positions), children: members.map((m) => m.symbol) };
}

function methodSymbol(method: OutlineMethod, kind: SymbolKind, positions: PositionConverter): DocumentSymbol {
  return symbol({ name: method.name, kind, detail: method.detail, range: method.range, selection: method.nameRange }, positions);
}

interface SymbolShape {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly detail?: string;
  readonly range: OffsetRange;
  readonly selection: OffsetRange;
}

/** A DocumentSymbol whose selection range always lies inside its range, as clients require. */
function symbol(shape: SymbolShape, positions: PositionConverter): DocumentSymbol {
  const inside = shape.selection.start >= shape.range.start && shape.selection.end <= shape.range.end;
  const selection = inside ? shape.selection : { start: shape.range.start, end: shape.range.start };
  return {
    name: shape.name.length > 0 ? shape.name : '(anonymous)',
    kind: shape.kind,
    ...(shape.detail ? { detail: shape.detail } : {}),
    range: positions.toRange(shape.range),
    selectionRange: positions.toRange(selection),
  };
}

interface Candidate {
  readonly name: string;
  readonly kind: SymbolKind;
  readonly containerName?: string;
  readonly uri: string;
  /** Offsets into `text` (an indexed .iig) or a range already converted (a C++ definition). */
  readonly place: { readonly text: string; readonly range: OffsetRange } | Range;
}

export async function workspaceSymbols(sources: NavigationSources, params: WorkspaceSymbolParams, token: CancellationToken): Promise<SymbolInformation[]> {
  const query = typeof params?.query === 'string' ? params.query : '';
  const candidates: Candidate[] = [];
  for (const { uri, text, decl } of sources.index?.allClasses() ?? []) {
    const kind = text.startsWith('struct', decl.range.start) ? SymbolKind.Struct : SymbolKind.Class;
    candidates.push({ name: decl.name, kind, uri, place: { text, range: decl.nameRange } });
    for (const m of decl.methods) {
      candidates.push({ name: m.name, kind: SymbolKind.Method, containerName: decl.name, uri, place: { text, range: m.nameRange } });
    }
  }
  const { files } = await sources.collectDefinitions(token, { parseBudgetMs: SYMBOL_PARSE_BUDGET_MS });
  for (const file of files) {
    for (const d of file.definitions) {
      const kind = d.className === undefined ? SymbolKind.Function : SymbolKind.Method;
      candidates.push({ name: d.methodName, kind, containerName: d.className, uri: file.uri, place: d.selectionRange });
    }
  }
  // `Class::Method` queries match the qualified name as well.
  const ranked = rankByQuery(candidates, { query, namesOf: (c) => (c.containerName !== undefined ? [c.name, `${c.containerName}::${c.name}`] : [c.name]), limit: MAX_WORKSPACE_SYMBOLS });
  const converters = new Map<string, PositionConverter>();
  return ranked.map((c) => {
    let range: Range;
    if ('text' in c.place) {
      const positions = converters.get(c.uri) ?? positionsFor(c.place.text);
      converters.set(c.uri, positions);
      range = positions.toRange(c.place.range);
    } else range = c.place;
    return { name: c.name, kind: c.kind, location: { uri: c.uri, range }, ...(c.containerName !== undefined ? { containerName: c.containerName } : {}) };
  });
}
