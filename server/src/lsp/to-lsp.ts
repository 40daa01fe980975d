// Translates engine diagnostics and fixes into LSP diagnostics and code actions.
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic as LspDiagnostic, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import type { Diagnostic } from '../engine/analyze-file';
import type { Severity, TextEdit } from '../rules/rule';
import type { PositionConverter } from './text-positions';

const SEVERITIES: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'driverkit';

export function toLspDiagnostic(
  diagnostic: Diagnostic,
  positions: PositionConverter,
  options: { docsHref?: string; positionsOf: (uri: string) => PositionConverter | undefined },
): LspDiagnostic {
  const related = diagnostic.related.flatMap((r) => {
    const converter = options.positionsOf(r.uri);
    return converter ? [{ location: { uri: r.uri, range: converter.toRange(r.range) }, message: r.message }] : [];
  });
  return {
    range: positions.toRange(diagnostic.range),
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
    ...(options.docsHref ? { codeDescription: { href: options.docsHref } } : {}),
    ...(related.length > 0 ? { relatedInformation: related } : {}),
  };
}

/** How edits name their documents: plain `changes`, or versioned `documentChanges` when the client supports them. */
export interface EditTargets {
  readonly positionsOf: (uri: string) => PositionConverter | undefined;
  /**
   * The version of each document as the server knows it (null for a file that is not open). When given, edits are
   * versioned `documentChanges`, so that the client refuses to apply them to a document that has changed since.
   */
  readonly versionOf?: (uri: string) => number | null;
}

/** One quick fix per engine fix; returns nothing when a touched document's text is unknown (never a wrong edit). */
export function toCodeActions(diagnostic: Diagnostic, lspDiagnostic: LspDiagnostic, targets: EditTargets): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const fix of diagnostic.fixes) {
    const edit = toWorkspaceEdit(fix.edits, targets);
    if (!edit) continue;
    actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [lspDiagnostic], isPreferred: fix.isPreferred ?? false, edit });
  }
  return actions;
}

/** One workspace edit for `edits`; undefined when a touched document's text is unknown. */
export function toWorkspaceEdit(edits: readonly TextEdit[], targets: EditTargets): WorkspaceEdit | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const converter = targets.positionsOf(edit.uri);
    if (!converter) return undefined;
    (changes[edit.uri] ??= []).push({ range: converter.toRange(edit.range), newText: edit.newText });
  }
  const versionOf = targets.versionOf;
  if (!versionOf) return { changes };
  return { documentChanges: Object.entries(changes).map(([uri, uriEdits]) => ({ textDocument: { uri, version: versionOf(uri) }, edits: uriEdits })) };
}
