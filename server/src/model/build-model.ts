// Builds a FileModel from document text: mask iig annotations, parse, then read classes and function definitions.
import { maskAnnotations, mayNeedCppMasking, type MaskedSource } from '../iig/mask-annotations';
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
  let masked: MaskedSource;
  try {
    masked = maskDocument(text, kind, session);
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

/**
 * The last text of each open C++ document in which masking had nothing to change: the next version then needs to be
 * searched for annotation words only around the change (a keystroke in a large file would otherwise search it all).
 */
const unmaskedTextBySession = new WeakMap<ParseSession, string>();

function maskDocument(text: string, kind: FileKind, session: ParseSession | undefined): MaskedSource {
  if (kind === 'iig') return maskAnnotations(text, 'iig');
  if (!session) return maskAnnotations(text, 'c++');
  if (mayNeedCppMasking(text, unmaskedTextBySession.get(session))) {
    unmaskedTextBySession.delete(session);
    return maskAnnotations(text, 'c++');
  }
  unmaskedTextBySession.set(session, text);
  return { text, annotations: [] };
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
