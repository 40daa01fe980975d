// Builds a FileModel from document text: mask iig annotations, parse, then read classes and function definitions.
import { maskAnnotations } from '../iig/mask-annotations';
import { parseSafely } from '../parser/load-parser';
import type { ParseSession, ParserBackend } from '../parser/syntax-node';
import { readPlist } from '../plist/read-plist';
import type { FileKind, FileModel } from './file-model';
import { extractDeclarations } from './extract-classes';
import { extractFunctions } from './extract-functions';

export interface BuildModelInput {
  readonly uri: string;
  readonly kind: FileKind;
  readonly text: string;
  readonly parser: ParserBackend;
  /** The document's incremental parse session, when it has one (open documents in the editor). */
  readonly session?: ParseSession;
}

/** Never throws: when parsing or reading fails the model is returned without classes or functions. */
export function buildModel({ uri, kind, text, parser, session }: BuildModelInput): FileModel {
  const bare: FileModel = { uri, kind, text, tree: undefined, annotations: [], classes: [], looseDeclarations: [], functions: [] };
  if (isPropertyListKind(kind)) return { ...bare, plist: readPlist(text) };
  let masked: ReturnType<typeof maskAnnotations>;
  try {
    masked = maskAnnotations(text, kind === 'iig' ? 'iig' : 'c++');
  } catch {
    // Without masking the parser would see iig annotations as code; an empty model is the honest answer.
    return bare;
  }
  const empty: FileModel = { ...bare, annotations: masked.annotations };
  const tree = parseSafely(parser, masked.text, session);
  if (!tree) return empty;
  try {
    const { classes, looseDeclarations } = extractDeclarations(masked.text, tree.rootNode, masked.annotations);
    const functions = kind === 'iig' ? [] : extractFunctions(masked.text, tree.rootNode);
    return { ...empty, tree, classes, looseDeclarations, functions };
  } catch {
    return { ...empty, tree };
  }
}

/** Decides the file kind from a path or URI; undefined for files the linter does not read. */
export function fileKindOf(pathOrUri: string): FileKind | undefined {
  const lower = pathOrUri.toLowerCase();
  if (lower.endsWith('.iig')) return 'iig';
  if (/\.(cpp|cc|cxx|c\+\+|c)$/.test(lower)) return 'cpp';
  if (/\.(h|hpp|hh|hxx)$/.test(lower)) return 'header';
  if (lower.endsWith('.plist')) return 'info-plist';
  if (lower.endsWith('.entitlements')) return 'entitlements';
  return undefined;
}

export function isPropertyListKind(kind: FileKind | undefined): kind is 'info-plist' | 'entitlements' {
  return kind === 'info-plist' || kind === 'entitlements';
}

/** Kinds the workspace index records, so that rules on other files can read them (and dependants re-run on change). */
export function isIndexedKind(kind: FileKind | undefined): boolean {
  return kind === 'iig' || isPropertyListKind(kind);
}
