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

/** One quick fix per engine fix; returns nothing when a touched document's text is unknown (never a wrong edit). */
export function toCodeActions(
  diagnostic: Diagnostic,
  lspDiagnostic: LspDiagnostic,
  positionsOf: (uri: string) => PositionConverter | undefined,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const fix of diagnostic.fixes) {
    const edit = toWorkspaceEdit(fix.edits, positionsOf);
    if (!edit) continue;
    actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [lspDiagnostic], isPreferred: fix.isPreferred ?? false, edit });
  }
  return actions;
}

function toWorkspaceEdit(edits: readonly TextEdit[], positionsOf: (uri: string) => PositionConverter | undefined): WorkspaceEdit | undefined {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of edits) {
    const converter = positionsOf(edit.uri);
    if (!converter) return undefined;
    (changes[edit.uri] ??= []).push({ range: converter.toRange(edit.range), newText: edit.newText });
  }
  return { changes };
}
