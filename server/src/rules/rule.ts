// The contract every rule implements: declarative metadata plus a pure check over the file model.
import type { ClassDecl, FileKind, FileModel, FunctionDef, OffsetRange } from '../model/file-model';
import type { PlistDict } from '../plist/plist-value';
import type { DirectiveUsage } from '../model/suppression-directives';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** `safe` fixes may be applied without review (fix-all on save); `unsafe` ones change behaviour the user must check. */
export type FixSafety = 'none' | 'safe' | 'unsafe';

export type RuleCategory = 'interface' | 'lifetime' | 'dispatch' | 'lifecycle' | 'memory' | 'family' | 'configuration';

export interface RuleMeta {
  /** Stable code, never reused or renumbered. */
  readonly code: string;
  /** Kebab-case name that reads well after "disable". */
  readonly name: string;
  /** One sentence, reused in the docs page and the rule list. */
  readonly summary: string;
  readonly category: RuleCategory;
  readonly defaultSeverity: Severity;
  readonly fixable: FixSafety;
  readonly appliesTo: readonly FileKind[];
  /** The rule's page, relative to the package root (`docs/rules/DKnnn.md`). */
  readonly docsPath: string;
  /**
   * The rule reports on suppression directives: the engine runs it after the other rules and suppressions, with
   * `context.suppressions` filled in, and only a directive naming it explicitly suppresses its findings.
   */
  readonly reviewsSuppressions?: boolean;
}

/** A replacement of `range` in the document `uri` (offsets into that document's text). */
export interface TextEdit {
  readonly uri: string;
  readonly range: OffsetRange;
  readonly newText: string;
}

export interface Fix {
  /** Imperative title shown in the quick-fix menu. */
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly isPreferred?: boolean;
}

export interface RelatedLocation {
  readonly uri: string;
  readonly range: OffsetRange;
  readonly message: string;
}

export interface Finding {
  readonly range: OffsetRange;
  readonly message: string;
  readonly fixes?: readonly Fix[];
  readonly related?: readonly RelatedLocation[];
}

/** A class declaration together with the document it was found in. */
export interface LocatedClass {
  readonly uri: string;
  readonly text: string;
  readonly decl: ClassDecl;
}

/** A well-formed property list of the workspace: an Info.plist or an .entitlements file, with its root dictionary. */
export interface LocatedPlist {
  readonly uri: string;
  readonly kind: 'info-plist' | 'entitlements';
  readonly root: PlistDict;
}

/** What a rule may know beyond its own file. Read-only; rules never do I/O. */
export interface WorkspaceView {
  /** The class as declared in an .iig of the workspace; undefined when no .iig declares it. */
  findIigClass(name: string): LocatedClass | undefined;
  /** The names of every class the workspace's .iig files declare (empty when no .iig is known). */
  iigClassNames(): readonly string[];
  /**
   * The workspace's Info.plist files (root dictionary with IOKitPersonalities or CFBundleIdentifier) and .entitlements
   * files, in a stable order; malformed ones are left out.
   */
  propertyLists(): readonly LocatedPlist[];
}

export interface RuleContext {
  readonly workspace: WorkspaceView;
  /** How this file's suppression directives were used; given only to rules that review suppressions. */
  readonly suppressions?: readonly DirectiveUsage[];
}

/**
 * What a function-scoped rule may read of its file besides the one function it checks: the declarations and the text,
 * but neither the other functions nor the syntax tree. Keeping those out of reach is what lets the engine reuse a
 * function's findings while the user edits another function.
 */
export type ScopedFile = Pick<FileModel, 'uri' | 'kind' | 'text' | 'classes' | 'looseDeclarations'>;

/**
 * Checks one function definition. Its findings may depend only on the function's own text (and the text before it on
 * its first line), the file's declarations and the workspace; they may point anywhere, but only findings that stay
 * inside the function (or in other documents) are reused across edits.
 */
export type FunctionCheck = (fn: FunctionDef, file: ScopedFile, context: RuleContext) => readonly Finding[];

export interface Rule {
  readonly meta: RuleMeta;
  check(file: FileModel, context: RuleContext): readonly Finding[];
  /** Present on function-scoped rules (see defineFunctionRule); `check` then runs it on every function of the file. */
  readonly checkFunction?: FunctionCheck;
  /** The part of a function-scoped rule's check that needs the whole file; `check` adds its findings. */
  readonly checkRest?: Rule['check'];
}

/** Declares a rule, deriving its docs path from its code so that the two can never disagree. */
export function defineRule(meta: Omit<RuleMeta, 'docsPath'>, check: Rule['check']): Rule {
  return { meta: { ...meta, docsPath: `docs/rules/${meta.code}.md` }, check };
}

/**
 * Declares a rule that checks each function definition on its own (see FunctionCheck), so that the engine can keep
 * its findings per function and re-run it only on the functions an edit touched. `checkRest`, when given, checks what
 * needs more than one function (it runs on every analysis).
 */
export function defineFunctionRule(meta: Omit<RuleMeta, 'docsPath'>, checkFunction: FunctionCheck, checkRest?: Rule['check']): Rule {
  const rule = defineRule(meta, (file, context) => [
    ...file.functions.flatMap((fn) => checkFunction(fn, file, context)),
    ...(checkRest ? checkRest(file, context) : []),
  ]);
  return { ...rule, checkFunction, checkRest };
}
