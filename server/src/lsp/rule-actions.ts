// The code actions every finding gets besides its own fixes: fix all of its rule, disable it for the line or file, show its docs.
import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic } from '../engine/analyze-file';
import { disableForFileEdit, disableForLineEdit } from '../engine/suppression-edits';
import type { TextEdit } from '../rules/rule';
import { LineIndex } from '../text/line-index';
import type { Analysis } from './document-analyses';
import { fixAllOfRule } from './fix-all';
import { toWorkspaceEdit, type EditTargets } from './to-lsp';

/** The client command that opens a rule's bundled page; its one argument is the rule code. */
export const SHOW_DOCUMENTATION_COMMAND = 'driverkit.showDocumentation';

export interface RuleActionContext extends EditTargets {
  readonly uri: string;
  /** The document's current text, which `analysis` was computed from. */
  readonly text: string;
  readonly analysis: Analysis;
}

/** What one request computes once however many findings it covers. */
interface RequestCache {
  readonly lines: LineIndex;
  /** Codes whose fix-all action this request already offers: it is listed once, not once per finding of the rule. */
  readonly fixAllOffered: Set<string>;
}

const caches = new WeakMap<RuleActionContext, RequestCache>();

function cacheOf(context: RuleActionContext): RequestCache {
  let cache = caches.get(context);
  if (!cache) caches.set(context, (cache = { lines: new LineIndex(context.text), fixAllOffered: new Set() }));
  return cache;
}

/** In vscode-eslint's order: fix all of the rule, disable for this line, disable for this file, show documentation. */
export function ruleActions(diagnostic: Diagnostic, lsp: LspDiagnostic, context: RuleActionContext): CodeAction[] {
  const { code } = diagnostic;
  const actions: CodeAction[] = [];
  const cache = cacheOf(context);
  // One edit of every fix in the file is large; a selection holding many findings of the rule gets it once.
  if (!cache.fixAllOffered.has(code)) {
    cache.fixAllOffered.add(code);
    const fixAll = fixAllOfRule(code, context.analysis, context);
    if (fixAll) actions.push({ ...fixAll, diagnostics: [lsp] });
  }
  const target = { uri: context.uri, text: context.text, directives: context.analysis.directives, lines: cache.lines };
  const disable = (title: string, edit: TextEdit): void => {
    const workspaceEdit = toWorkspaceEdit([edit], context);
    if (workspaceEdit) actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], edit: workspaceEdit });
  };
  disable(`Disable ${code} for this line`, disableForLineEdit(target, code, diagnostic.range));
  disable(`Disable ${code} for this file`, disableForFileEdit(target, code));
  const title = `Show documentation for ${code}`;
  actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [lsp], command: { title, command: SHOW_DOCUMENTATION_COMMAND, arguments: [code] } });
  return actions;
}
