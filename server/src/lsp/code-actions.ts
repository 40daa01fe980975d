// Answers textDocument/codeAction from the current analysis, and with nothing when the request is about stale results.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../engine/analyze-file';
import { ruleActions, type RuleActionContext } from './rule-actions';
import { DIAGNOSTIC_SOURCE, toCodeActions, toLspDiagnostic } from './to-lsp';

export interface QuickFixContext extends RuleActionContext {
  /** The link to a diagnostic's rule page. */
  readonly docsHref: (diagnostic: Diagnostic) => string | undefined;
}

/**
 * The quick fixes for the request's range, computed from an analysis of the document's current text.
 *
 * A client echoes the diagnostics it is showing in `context.diagnostics`. When some are ours, only fixes of current
 * diagnostics equal to one of them (code, message and range) are offered: if none is equal, the client is looking at
 * an older analysis (an edit moved or removed the problem and the new diagnostics are not published yet), and an edit
 * computed from the current text could land somewhere the user does not expect, so nothing is offered. Without any of
 * our diagnostics in the context, fixes are chosen by range overlap.
 */
export function quickFixes(params: CodeActionParams, context: QuickFixContext): CodeAction[] {
  const { analysis } = context;
  const only = params.context?.only;
  if (Array.isArray(only) && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === CodeActionKind.Empty)) return [];
  const convert = (d: Diagnostic): LspDiagnostic => toLspDiagnostic(d, analysis.positions, { docsHref: context.docsHref(d), positionsOf: context.positionsOf });
  const echoed = (Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : []).filter((d) => d?.source === DIAGNOSTIC_SOURCE);
  let selected: { diagnostic: Diagnostic; lsp: LspDiagnostic }[];
  if (echoed.length > 0) {
    selected = analysis.diagnostics.map((diagnostic) => ({ diagnostic, lsp: convert(diagnostic) })).filter(({ lsp }) => echoed.some((e) => sameDiagnostic(e, lsp)));
  } else {
    const start = analysis.positions.toOffset(params.range.start);
    const end = analysis.positions.toOffset(params.range.end);
    selected = analysis.diagnostics.filter((d) => d.range.start <= end && start <= d.range.end).map((diagnostic) => ({ diagnostic, lsp: convert(diagnostic) }));
  }
  return selected.flatMap(({ diagnostic, lsp }) => [...toCodeActions(diagnostic, lsp, context), ...ruleActions(diagnostic, lsp, context)]);
}

function sameDiagnostic(echoed: LspDiagnostic, current: LspDiagnostic): boolean {
  const a = echoed.range;
  const b = current.range;
  return (
    String(echoed.code) === String(current.code) &&
    echoed.message === current.message &&
    a?.start?.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end?.line === b.end.line &&
    a.end.character === b.end.character
  );
}
