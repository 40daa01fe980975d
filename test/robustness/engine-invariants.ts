// The promises the engine makes on any input, checked over one linted set of documents: ranges inside the
// document, positions that convert, and fixes that are valid, non-overlapping edits.
import type { Diagnostic } from '../../server/src/engine/analyze-file';
import { Linter } from '../../server/src/engine/linter';
import type { OffsetRange } from '../../server/src/model/file-model';
import type { ParserBackend } from '../../server/src/parser/syntax-node';
import { LineIndex } from '../../server/src/text/line-index';

export interface LintedDocument {
  readonly uri: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

export interface LintRun {
  readonly documents: readonly LintedDocument[];
  /** Lines the linter logged about rules that threw or ran over the budget. */
  readonly ruleProblems: readonly string[];
}

/** Lints `files` (uri → text) as the server and the CLI do: every .iig indexed first. Exceptions propagate. */
export function lintDocuments(parser: ParserBackend, files: ReadonlyMap<string, string>): LintRun {
  const ruleProblems: string[] = [];
  const linter = new Linter({ parser, onRuleError: (message) => ruleProblems.push(message) });
  const uris = [...files.keys()].sort((a, b) => Number(b.endsWith('.iig')) - Number(a.endsWith('.iig')));
  for (const uri of uris) if (uri.endsWith('.iig')) linter.model(uri, files.get(uri) as string);
  const documents = uris.map((uri) => {
    const text = files.get(uri) as string;
    const model = linter.model(uri, text);
    return { uri, text, diagnostics: model ? linter.analyze(model) : [] };
  });
  return { documents, ruleProblems };
}

/** Every violated promise, as readable lines (empty when all hold). */
export function invariantViolations(run: LintRun): string[] {
  const texts = new Map(run.documents.map((d) => [d.uri, d.text]));
  const problems: string[] = [];
  for (const document of run.documents) {
    const lines = new LineIndex(document.text);
    for (const d of document.diagnostics) {
      const where = `${d.code} in ${document.uri}`;
      problems.push(...rangeProblems(d.range, document.text, lines, where));
      for (const related of d.related) {
        const text = texts.get(related.uri);
        if (text !== undefined) problems.push(...rangeProblems(related.range, text, new LineIndex(text), `${where} (related)`));
      }
      for (const fix of d.fixes) problems.push(...fixProblems(fix.edits, texts, `${where} fix '${fix.title}'`));
    }
  }
  return problems;
}

function rangeProblems(range: OffsetRange, text: string, lines: LineIndex, where: string): string[] {
  const { start, end } = range;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return [`${where}: non-integer range ${start}..${end}`];
  if (start < 0 || start > end || end > text.length) return [`${where}: range ${start}..${end} outside 0..${text.length} or reversed`];
  const problems: string[] = [];
  for (const offset of [start, end]) {
    const position = lines.positionAt(offset);
    if (position.line >= lines.lineCount || position.character < 0) problems.push(`${where}: offset ${offset} converts to ${JSON.stringify(position)}`);
    // Between the \r and \n of one line break there is no LSP position; everywhere else the conversion round-trips.
    const insideCrLf = text[offset - 1] === '\r' && text[offset] === '\n';
    if (!insideCrLf && lines.offsetAt(position) !== offset) problems.push(`${where}: offset ${offset} → ${JSON.stringify(position)} → ${lines.offsetAt(position)}`);
  }
  return problems;
}

function fixProblems(edits: readonly { uri: string; range: OffsetRange; newText: string }[], texts: ReadonlyMap<string, string>, where: string): string[] {
  const problems: string[] = [];
  const byUri = new Map<string, OffsetRange[]>();
  for (const edit of edits) {
    const text = texts.get(edit.uri);
    if (text === undefined) {
      problems.push(`${where}: edits unknown document ${edit.uri}`);
      continue;
    }
    if (typeof edit.newText !== 'string') problems.push(`${where}: newText is not a string`);
    const { start, end } = edit.range;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > text.length) problems.push(`${where}: edit range ${start}..${end} outside 0..${text.length}`);
    byUri.set(edit.uri, [...(byUri.get(edit.uri) ?? []), edit.range]);
  }
  for (const [uri, ranges] of byUri) {
    const sorted = [...ranges].sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i - 1].end > sorted[i].start) problems.push(`${where}: overlapping edits ${JSON.stringify(sorted[i - 1])} and ${JSON.stringify(sorted[i])} in ${uri}`);
    }
  }
  return problems;
}

/** Applies offset edits to one document's text (edits already known to be valid and non-overlapping). */
export function applyEdits(text: string, edits: readonly { range: OffsetRange; newText: string }[]): string {
  // From the end backwards; inserts at one offset keep their array order, as LSP specifies.
  const ordered = edits.map((edit, index) => ({ edit, index })).sort((a, b) => b.edit.range.start - a.edit.range.start || b.index - a.index);
  let result = text;
  for (const { edit } of ordered) result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  return result;
}
