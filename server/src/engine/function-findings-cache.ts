// Keeps one document's function-scoped findings per function between analyses, so that an edit re-runs those rules
// only on the functions whose text changed (the rest are moved by the edit's offset delta).
import type { FileModel, FunctionDef, OffsetRange } from '../model/file-model';
import type { Finding, FunctionCheck, RuleContext } from '../rules/rule';
import { lineBreakOf, lineStartOf } from '../rules/support/source-text';

interface StoredFindings {
  /** Where the function started when its findings were computed. */
  readonly start: number;
  readonly findings: readonly Finding[];
  /** The analysis that last read or wrote the entry; older entries belong to functions that are gone. */
  analysis: number;
}

/** A function's text (from the start of its first line), stored once as its own string, and its id. */
interface FunctionText {
  readonly id: number;
  readonly key: string;
}

interface FunctionKey {
  readonly fn: FunctionDef;
  /**
   * Names the function's text from the start of its first line (all a function-scoped rule may depend on in this
   * file): functions with equal text share an id, so each text is hashed once per analysis, not once per rule.
   */
  readonly id: number;
  readonly from: number;
}

export class FunctionFindingsCache {
  private context: string | undefined;
  /** Whose rules and index the stored findings come from (a new linter starts afresh). */
  private analyzer: object | undefined;
  private readonly byRule = new Map<string, Map<number, StoredFindings>>();
  /** The id of every function text seen in the last analysis (see FunctionKey). */
  private ids = new Map<string, FunctionText>();
  private readonly byDefinition = new WeakMap<FunctionDef, { readonly text: FunctionText; readonly prefix: string; readonly length: number }>();
  private nextId = 0;
  private analysis = 0;
  private keys: readonly FunctionKey[] = [];

  /**
   * Starts an analysis of `file` by `analyzer`. Everything stored is forgotten when anything else a function-scoped
   * rule may read changed: the analyzer (its rules and index), the index's version, the file's kind, its line-break
   * style, or its text outside the function definitions (its declarations).
   */
  begin(file: FileModel, workspace: { readonly analyzer: object; readonly version: number }): void {
    const context = `${workspace.version}\u0000${file.kind}\u0000${lineBreakOf(file.text)}\u0000${outsideFunctions(file)}`;
    if (context !== this.context || workspace.analyzer !== this.analyzer) this.byRule.clear();
    this.context = context;
    this.analyzer = workspace.analyzer;
    this.analysis++;
    const ids = new Map<string, FunctionText>();
    this.keys = file.functions.map((fn) => {
      const from = lineStartOf(file.text, fn.range.start);
      const known = this.textOf(fn, file.text, from, ids);
      ids.set(known.key, known);
      return { fn, from, id: known.id };
    });
    this.ids = ids;
  }

  private textOf(fn: FunctionDef, text: string, from: number, ids: ReadonlyMap<string, FunctionText>): FunctionText {
    // The model keeps the definition object of a function whose subtree an edit left alone (only moved), so its text
    // is known without reading, and hashing, the whole function again; the part of its first line before it is not.
    const prefix = text.slice(from, fn.range.start);
    const kept = this.byDefinition.get(fn);
    if (kept && kept.prefix === prefix && kept.length === fn.range.end - fn.range.start) return kept.text;
    const functionText = text.slice(from, fn.range.end);
    const known = ids.get(functionText) ?? this.ids.get(functionText) ?? { id: this.nextId++, key: ownCopy(functionText) };
    this.byDefinition.set(fn, { text: known, prefix: ownCopy(prefix), length: fn.range.end - fn.range.start });
    return known;
  }

  /** The rule's findings over every function of `file` (the one given to `begin`), computing only what is not stored. */
  findings(code: string, check: FunctionCheck, file: FileModel, context: RuleContext): Finding[] {
    let stored = this.byRule.get(code);
    if (!stored) this.byRule.set(code, (stored = new Map()));
    const all: Finding[] = [];
    for (const { fn, from, id } of this.keys) {
      const hit = stored.get(id);
      if (hit) {
        hit.analysis = this.analysis;
        if (hit.findings.length > 0) all.push(...moved(hit.findings, file.uri, fn.range.start - hit.start));
        continue;
      }
      const result = check(fn, file, context);
      const findings = Array.isArray(result) ? result : [];
      all.push(...findings);
      if (findings.every((finding) => staysWithin(finding, file.uri, { start: from, end: fn.range.end }))) {
        stored.set(id, { start: fn.range.start, findings, analysis: this.analysis });
      }
    }
    return all;
  }

  /** Ends the analysis begun last: drops what belongs to functions no longer in the document. */
  end(): void {
    for (const stored of this.byRule.values()) {
      for (const [id, entry] of stored) if (entry.analysis !== this.analysis) stored.delete(id);
    }
    this.keys = [];
  }

  /** How many function results are stored, over all rules (for tests). */
  get size(): number {
    let size = 0;
    for (const stored of this.byRule.values()) size += stored.size;
    return size;
  }
}

/**
 * The file's text with every function definition (from the start of its first line) left out, and blank lines and
 * runs of spaces collapsed: they move declarations but change none, and findings that point at a declaration outside
 * the function are never kept (see staysWithin). Line breaks stay, because a line comment ends at one.
 */
function outsideFunctions(file: FileModel): string {
  let rest = '';
  let at = 0;
  for (const fn of file.functions) {
    const from = Math.max(at, lineStartOf(file.text, fn.range.start));
    rest += file.text.slice(at, from);
    at = Math.max(at, fn.range.end);
  }
  return (rest + file.text.slice(at)).replace(/[ \t]*(\r?\n[ \t]*)+/g, '\n').replace(/[ \t]+/g, ' ');
}

/** A finding can be moved with its function only when none of its places in this document lies outside it. */
function staysWithin(finding: Finding, uri: string, within: OffsetRange): boolean {
  const inside = (range: OffsetRange | undefined): boolean => range !== undefined && range.start >= within.start && range.end <= within.end;
  return (
    inside(finding.range) &&
    (finding.related ?? []).every((related) => related.uri !== uri || inside(related.range)) &&
    (finding.fixes ?? []).every((fix) => (fix.edits ?? []).every((edit) => edit.uri !== uri || inside(edit.range)))
  );
}

function moved(findings: readonly Finding[], uri: string, delta: number): readonly Finding[] {
  if (delta === 0) return findings;
  const move = (range: OffsetRange): OffsetRange => ({ start: range.start + delta, end: range.end + delta });
  return findings.map((finding) => ({
    ...finding,
    range: move(finding.range),
    related: finding.related?.map((related) => (related.uri === uri ? { ...related, range: move(related.range) } : related)),
    fixes: finding.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => (edit.uri === uri ? { ...edit, range: move(edit.range) } : edit)) })),
  }));
}

// A slice of a large document keeps the whole document alive in V8: strings kept across analyses are copies.
function ownCopy(slice: string): string {
  return Buffer.from(slice, 'utf16le').toString('utf16le');
}
