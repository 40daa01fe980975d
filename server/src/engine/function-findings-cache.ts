// Keeps one document's function-scoped findings per function between analyses, so that an edit re-runs those rules
// only on the functions whose text changed (the rest are moved by the edit's offset delta).
import type { FileModel, FunctionDef, OffsetRange } from '../model/file-model';
import type { Finding, FunctionCheck, RuleContext } from '../rules/rule';
import { lineBreakOf, lineStartOf } from '../rules/support/source-text';

interface StoredFindings {
  /** Where the function started when its findings were computed. */
  readonly start: number;
  readonly findings: readonly Finding[];
}

/** One rule's findings per function id, and which ids need more than a lookup at the next analysis. */
interface RuleStore {
  readonly entries: Map<number, StoredFindings>;
  /** Ids whose stored findings are not empty: the only ones an analysis has to move. */
  readonly withFindings: Set<number>;
  /** Ids whose findings point outside their function, so they are checked again at every analysis. */
  readonly unstorable: Set<number>;
  /** The last analysis in which the rule covered every function; the next one then checks only the new ones. */
  covered: number;
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
  /** The function's place in the file's list, which orders the findings as a full pass would. */
  readonly index: number;
}

export class FunctionFindingsCache {
  private context: string | undefined;
  /** Whose rules and index the stored findings come from (a new linter starts afresh). */
  private analyzer: object | undefined;
  private readonly byRule = new Map<string, RuleStore>();
  /** The id of every function text seen in the last analysis (see FunctionKey). */
  private ids = new Map<string, FunctionText>();
  private readonly byDefinition = new WeakMap<FunctionDef, { readonly text: FunctionText; readonly prefix: string; readonly length: number }>();
  private nextId = 0;
  private analysis = 0;
  private keys: readonly FunctionKey[] = [];
  /** The functions of this analysis by id (several when their texts are equal). */
  private keysById = new Map<number, FunctionKey[]>();
  /** The functions whose text the previous analysis did not have: the only ones no rule has checked yet. */
  private fresh: readonly FunctionKey[] = [];

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
    const keysById = new Map<number, FunctionKey[]>();
    const fresh: FunctionKey[] = [];
    this.keys = file.functions.map((fn, index) => {
      const from = lineStartOf(file.text, fn.range.start);
      const known = this.textOf(fn, file.text, from, ids);
      ids.set(known.key, known);
      const key = { fn, from, id: known.id, index };
      const same = keysById.get(key.id);
      if (same) same.push(key);
      else keysById.set(key.id, [key]);
      if (!this.ids.has(known.key)) fresh.push(key);
      return key;
    });
    // What the stores hold for texts that are gone is dropped, so that they only ever hold this analysis's ids.
    for (const [text, { id }] of this.ids) if (!ids.has(text)) for (const store of this.byRule.values()) forget(store, id);
    this.ids = ids;
    this.keysById = keysById;
    this.fresh = fresh;
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

  /**
   * The rule's findings over every function of `file` (the one given to `begin`), computing only what is not stored.
   * When the rule covered the previous analysis, only the new functions, those whose findings could not be stored
   * and those with findings to move are visited; a keystroke then costs a rule one function, not the whole file.
   */
  findings(code: string, check: FunctionCheck, file: FileModel, context: RuleContext): Finding[] {
    const known = this.byRule.get(code);
    const incremental = known?.covered === this.analysis - 1;
    const store: RuleStore = incremental ? known : { entries: new Map(), withFindings: new Set(), unstorable: new Set(), covered: -1 };
    this.byRule.set(code, store);
    const parts: { readonly index: number; readonly findings: readonly Finding[] }[] = [];
    const visit = ({ fn, from, id, index }: FunctionKey): void => {
      const hit = store.entries.get(id);
      if (hit) {
        if (hit.findings.length > 0) parts.push({ index, findings: moved(hit.findings, file.uri, fn.range.start - hit.start) });
        return;
      }
      const result = check(fn, file, context);
      const findings = Array.isArray(result) ? result : [];
      if (findings.length > 0) parts.push({ index, findings });
      if (!findings.every((finding) => staysWithin(finding, file.uri, { start: from, end: fn.range.end }))) {
        store.unstorable.add(id);
        return;
      }
      store.entries.set(id, { start: fn.range.start, findings });
      store.unstorable.delete(id);
      if (findings.length > 0) store.withFindings.add(id);
    };
    if (incremental) {
      // Taken before the new functions are checked, which may add their own ids.
      const revisit = [...store.unstorable, ...store.withFindings];
      for (const key of this.fresh) visit(key);
      for (const id of revisit) for (const key of this.keysById.get(id) ?? []) visit(key);
    } else {
      for (const key of this.keys) visit(key);
    }
    store.covered = this.analysis;
    return parts.sort((a, b) => a.index - b.index).flatMap((part) => part.findings);
  }

  /** Ends the analysis begun last. */
  end(): void {
    this.keys = [];
    this.fresh = [];
    this.keysById = new Map();
  }

  /** How many function results are stored, over all rules (for tests). */
  get size(): number {
    let size = 0;
    for (const store of this.byRule.values()) size += store.entries.size;
    return size;
  }
}

function forget(store: RuleStore, id: number): void {
  store.entries.delete(id);
  store.withFindings.delete(id);
  store.unstorable.delete(id);
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
