// The typed model of one source file that rules read: its kind, classes (from .iig/.h) and function definitions.
import type { IigAnnotation } from '../iig/mask-annotations';
import type { SyntaxNode, SyntaxTree } from '../parser/syntax-node';
import type { PlistDocument } from '../plist/plist-value';

/** `info-plist` is any `.plist` (rules look for personalities in it); `entitlements` is a `.entitlements` file. */
export type FileKind = 'iig' | 'cpp' | 'header' | 'info-plist' | 'entitlements';

/** A half-open range of UTF-16 offsets into the document text. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

export interface ParameterDecl {
  /** The parameter's type with whitespace normalised (`OSAction*`, `uint64_t`, `const uint16_t[32]`). */
  readonly type: string;
  readonly name?: string;
  readonly range: OffsetRange;
  readonly annotations: readonly IigAnnotation[];
}

/** The `Class::Method` named by a `TYPE(...)` annotation. */
export interface TypeReference {
  readonly className?: string;
  readonly methodName: string;
  /** The whole `TYPE(...)` annotation. */
  readonly range: OffsetRange;
}

/** A method (or function) declaration, with the iig annotations that belong to it. Plain data: no syntax nodes. */
export interface MethodDecl {
  readonly name: string;
  readonly nameRange: OffsetRange;
  /** From the first leading annotation (if any) to the end of the declaration, including its `;`. */
  readonly range: OffsetRange;
  readonly returnType: string;
  readonly params: readonly ParameterDecl[];
  readonly isVirtual: boolean;
  readonly isStatic: boolean;
  readonly isOverride: boolean;
  readonly isPureVirtual: boolean;
  /** Annotations written on the method itself (not on its parameters), in source order. */
  readonly annotations: readonly IigAnnotation[];
  /** Annotations written before the declaration instead of after its parameter list. */
  readonly leadingAnnotations: readonly IigAnnotation[];
  readonly typeReference?: TypeReference;
  readonly isLocalOnly: boolean;
  readonly queueName?: string;
}

export interface ClassDecl {
  readonly name: string;
  readonly nameRange: OffsetRange;
  readonly range: OffsetRange;
  /** Offset just after `{` and offset of the closing `}` of the class body. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly baseClass?: string;
  readonly annotations: readonly IigAnnotation[];
  readonly methods: readonly MethodDecl[];
}

/**
 * How a method definition in a .cpp is spelled: `IMPL(Class, Method)`, `Class::Method_Impl(...)`, or a plain
 * `Class::Method(...)` (free functions have no class).
 */
export type DefinitionForm = 'impl-macro' | 'impl-suffix' | 'plain';

export interface FunctionDef {
  readonly className?: string;
  /** The method's name as declared in the .iig (without `_Impl`). */
  readonly methodName: string;
  readonly form: DefinitionForm;
  readonly nameRange: OffsetRange;
  readonly range: OffsetRange;
  readonly returnType: string;
  /** Parameters as written; empty for `IMPL(...)`, whose parameters come from the .iig. */
  readonly params: readonly ParameterDecl[];
  readonly node: SyntaxNode;
  readonly body: SyntaxNode;
}

export interface FileModel {
  /** The document's identity: an LSP URI in the server, a file URI in the CLI. */
  readonly uri: string;
  readonly kind: FileKind;
  readonly text: string;
  /** Undefined when the parser failed on this input; rules then see no classes or functions. */
  readonly tree: SyntaxTree | undefined;
  readonly annotations: readonly IigAnnotation[];
  readonly classes: readonly ClassDecl[];
  /** Method declarations outside any class body (e.g. a TYPE handler written at file scope). */
  readonly looseDeclarations: readonly MethodDecl[];
  readonly functions: readonly FunctionDef[];
  /** The property list of an `info-plist` or `entitlements` file (partial, `wellFormed: false`, when malformed). */
  readonly plist?: PlistDocument;
}
