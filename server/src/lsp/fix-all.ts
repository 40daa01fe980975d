// Fix-all code actions: every fix of one rule in a document, and `source.fixAll.driverkit` (every safe fix) for save.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { Diagnostic } from '../engine/analyze-file';
import type { OffsetRange } from '../model/file-model';
import type { Fix, TextEdit } from '../rules/rule';
import type { Analysis } from './document-analyses';
import { toWorkspaceEdit, type EditTargets } from './to-lsp';

/** The kind `editor.codeActionsOnSave` asks for; only safe fixes, and only edits of the saved document. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.driverkit`;

/** The fix a fix-all applies for a finding: the preferred one, or the only one. */
export function preferredFix(diagnostic: Diagnostic): Fix | undefined {
  return diagnostic.fixes.find((fix) => fix.isPreferred) ?? (diagnostic.fixes.length === 1 ? diagnostic.fixes[0] : undefined);
}

/**
 * The edits of `fixes`, in order, leaving out every fix that would touch text an earlier one already edits (two
 * inserts at one offset count as touching: their order would be arbitrary). What is left out is fixed by running the
 * action again once the first edits are in.
 */
export function mergeFixes(fixes: readonly Fix[]): TextEdit[] {
  const accepted: TextEdit[] = [];
  // Accepted ranges of each document, sorted by start, so that a clash is found by looking at two neighbours.
  const byUri = new Map<string, OffsetRange[]>();
  for (const fix of fixes) {
    const clashes = fix.edits.some((edit) => clashesWith(byUri.get(edit.uri) ?? [], edit.range));
    // A fix whose own edits clash with each other is left out too (the engine already drops those).
    if (clashes || fix.edits.some((edit, i) => fix.edits.some((other, j) => j < i && other.uri === edit.uri && overlaps(other.range, edit.range)))) continue;
    for (const edit of fix.edits) {
      const ranges = byUri.get(edit.uri) ?? [];
      ranges.splice(insertionIndex(ranges, edit.range.start), 0, edit.range);
      byUri.set(edit.uri, ranges);
    }
    accepted.push(...fix.edits);
  }
  return accepted;
}

function clashesWith(sorted: readonly OffsetRange[], range: OffsetRange): boolean {
  const i = insertionIndex(sorted, range.start);
  return [sorted[i - 1], sorted[i]].some((other) => other !== undefined && overlaps(other, range));
}

/** The index of the first range starting after `start` (ranges starting at `start` come before it). */
function insertionIndex(sorted: readonly OffsetRange[], start: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle].start <= start) low = middle + 1;
    else high = middle;
  }
  return low;
}

function overlaps(a: OffsetRange, b: OffsetRange): boolean {
  return a.start === b.start || (a.start < b.end && b.start < a.end);
}

/** True when the request's `only` asks for `kind` (a requested `source.fixAll` includes `source.fixAll.driverkit`). */
export function isRequested(params: CodeActionParams, kind: string): boolean {
  const only = params.context?.only;
  if (!Array.isArray(only)) return false;
  return only.some((requested) => typeof requested === 'string' && (requested === kind || kind.startsWith(`${requested}.`)));
}

/** "Fix all DKnnn in this file", offered when at least two findings of the rule have a fix a fix-all can apply. */
export function fixAllOfRule(code: string, analysis: Analysis, targets: EditTargets): CodeAction | undefined {
  const fixes = analysis.diagnostics.filter((d) => d.code === code).flatMap((d) => preferredFix(d) ?? []);
  if (fixes.length < 2) return undefined;
  const edit = toWorkspaceEdit(mergeFixes(fixes), targets);
  return edit ? { title: `Fix all ${code} in this file`, kind: CodeActionKind.QuickFix, edit } : undefined;
}

/**
 * `source.fixAll.driverkit`, only when asked for by kind (as on save). Safe fixes only, and only those that edit this
 * document alone: a save must not rewrite another file behind the user's back.
 */
export function sourceFixAll(params: CodeActionParams, analysis: Analysis, targets: EditTargets): CodeAction[] {
  if (!isRequested(params, FIX_ALL_KIND)) return [];
  const uri = params.textDocument.uri;
  const fixes = analysis.diagnostics
    .filter((d) => d.fixSafety === 'safe')
    .flatMap((d) => preferredFix(d) ?? [])
    .filter((fix) => fix.edits.every((edit) => edit.uri === uri));
  const edits = mergeFixes(fixes);
  if (edits.length === 0) return [];
  const edit = toWorkspaceEdit(edits, targets);
  return edit ? [{ title: 'Fix all safe DriverKit problems', kind: FIX_ALL_KIND, edit }] : [];
}
