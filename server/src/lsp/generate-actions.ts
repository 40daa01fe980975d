// The generators over LSP: "Add timer…" and friends as refactor code actions at a class name, and the
// `driverkit.generate` command that builds the workspace edit and asks the client to apply it.
import { CodeActionKind, type CodeAction, type CodeActionParams, type TextDocumentEdit, type CreateFile, type WorkspaceEdit } from 'vscode-languageserver';
import type { Linter } from '../engine/linter';
import { generateBoilerplate, siblingUri } from '../generate/generate';
import { GENERATOR_KINDS, type GeneratorKind } from '../generate/generator-types';
import { fileKindOf } from '../model/build-model';
import { positionsFor } from './text-positions';

/** The server command; its one argument is `{ kind, uri, className, name }`. */
export const GENERATE_COMMAND = 'driverkit.generate';

/** The client commands the code actions run: each asks for the name, then calls GENERATE_COMMAND. */
export const GENERATOR_CLIENT_COMMANDS: Readonly<Record<GeneratorKind, { readonly command: string; readonly title: string }>> = {
  timer: { command: 'driverkit.addTimer', title: 'Add timer…' },
  interrupt: { command: 'driverkit.addInterruptHandler', title: 'Add interrupt handler…' },
  userMapHBAData: { command: 'driverkit.addUserMapHBAData', title: 'Add UserMapHBAData…' },
  userClient: { command: 'driverkit.addUserClient', title: 'Add user client…' },
};

const HBA_BASE = 'IOUserSCSIParallelInterfaceController';

export interface GenerateContext {
  readonly linter: () => Linter | undefined;
  /** The editor's text of an open document. */
  readonly openText: (uri: string) => string | undefined;
  readonly openUris: () => readonly string[];
  /** Brings the index up to date with the open .iig documents (their analysis may still be debounced). */
  readonly refreshOpenInterfaces: () => void;
  /** A workspace file's text on disk (inside the workspace folders only). */
  readonly readFromDisk: (uri: string) => string | undefined;
  /** Implementation files of a class that the workspace scan found. */
  readonly implementationsOf: (className: string) => readonly string[];
  /** The open document's version, or null for files that are not open. */
  readonly versionOf: (uri: string) => number | null;
  readonly applyEdit: (label: string, edit: WorkspaceEdit) => Promise<{ applied: boolean; failureReason?: string }>;
}

export interface GenerateCommandResult {
  readonly applied: boolean;
  /** The edit's title when it was built, the reason otherwise. */
  readonly message: string;
}

/** Refactor actions offered when the range starts on the name of a class that an .iig declares. */
export function generatorActions(params: CodeActionParams, context: GenerateContext): CodeAction[] {
  const only = params.context?.only;
  if (Array.isArray(only) && !only.some((kind) => kind === CodeActionKind.Empty || kind === CodeActionKind.Refactor || CodeActionKind.Refactor.startsWith(`${kind}.`))) return [];
  const uri = params.textDocument.uri;
  const text = typeof uri === 'string' ? context.openText(uri) : undefined;
  if (text === undefined || !fileKindOf(uri)) return [];
  const word = wordAt(text, positionsFor(text).toOffset(params.range.start));
  if (!word) return [];
  context.refreshOpenInterfaces();
  const located = context.linter()?.index.findIigClass(word);
  if (!located) return [];
  const declares = (method: string): boolean => located.decl.methods.some((m) => m.name === method);
  const kinds = GENERATOR_KINDS.filter((kind) => {
    if (kind === 'userMapHBAData') return located.decl.baseClass === HBA_BASE && !declares('UserMapHBAData');
    if (kind === 'userClient') return !declares('NewUserClient');
    return true;
  });
  return kinds.map((kind) => {
    const { command, title } = GENERATOR_CLIENT_COMMANDS[kind];
    return { title, kind: CodeActionKind.Refactor, command: { title, command, arguments: [{ uri, className: word }] } };
  });
}

function wordAt(text: string, offset: number): string | undefined {
  const isWord = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
  let start = offset;
  let end = offset;
  while (start > 0 && isWord(text[start - 1])) start--;
  while (end < text.length && isWord(text[end])) end++;
  const word = text.slice(start, end);
  return /^[A-Za-z_]\w*$/.test(word) ? word : undefined;
}

interface GenerateArguments {
  readonly kind: GeneratorKind;
  readonly uri: string;
  readonly className: string;
  readonly name: string;
}

function readArguments(raw: unknown): GenerateArguments | undefined {
  const args = raw as Partial<Record<keyof GenerateArguments, unknown>> | undefined;
  if (typeof args !== 'object' || args === null) return undefined;
  const { kind, uri, className, name } = args;
  if (typeof kind !== 'string' || !(GENERATOR_KINDS as readonly string[]).includes(kind)) return undefined;
  if (typeof uri !== 'string' || typeof className !== 'string' || typeof name !== 'string') return undefined;
  return { kind: kind as GeneratorKind, uri, className, name: name.trim() };
}

/** Builds the edit for `{ kind, uri, className, name }` and asks the client to apply it. Never throws. */
export async function runGenerate(raw: unknown, context: GenerateContext): Promise<GenerateCommandResult> {
  const args = readArguments(raw);
  if (!args) return { applied: false, message: `${GENERATE_COMMAND} takes { kind: ${GENERATOR_KINDS.join(' | ')}, uri, className, name }.` };
  const linter = context.linter();
  if (!linter) return { applied: false, message: 'The DriverKit server has not been initialized.' };
  context.refreshOpenInterfaces();
  const iig = linter.index.findIigClass(args.className);
  if (!iig) return { applied: false, message: `No .iig in the workspace declares '${args.className}'.` };
  const cppUri = implementationUri(args, iig.uri, context);
  const cppText = context.openText(cppUri) ?? context.readFromDisk(cppUri);
  const model = linter.model(cppUri, cppText ?? '');
  if (!model) return { applied: false, message: `'${cppUri}' is not a C++ file.` };
  const result = generateBoilerplate({ kind: args.kind, name: args.name, iig, cpp: { model, exists: cppText !== undefined } });
  model.tree?.dispose();
  if (!result.ok) return { applied: false, message: result.message };
  const existing = result.createdFiles.find((f) => context.openText(f.uri) !== undefined || context.readFromDisk(f.uri) !== undefined);
  if (existing) return { applied: false, message: `'${decodeURIComponent(existing.uri.slice(existing.uri.lastIndexOf('/') + 1))}' already exists.` };
  const texts = new Map([[iig.uri, iig.text], [cppUri, cppText ?? '']]);
  const byUri = new Map<string, TextDocumentEdit>();
  for (const edit of result.edits) {
    const positions = positionsFor(texts.get(edit.uri) ?? '');
    const entry = byUri.get(edit.uri) ?? { textDocument: { uri: edit.uri, version: context.versionOf(edit.uri) }, edits: [] };
    entry.edits.push({ range: positions.toRange(edit.range), newText: edit.newText });
    byUri.set(edit.uri, entry);
  }
  const created: (CreateFile | TextDocumentEdit)[] = result.createdFiles.flatMap((file) => [
    { kind: 'create' as const, uri: file.uri, options: { overwrite: false, ignoreIfExists: false } },
    { textDocument: { uri: file.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: file.text }] },
  ]);
  const answer = await context.applyEdit(result.title, { documentChanges: [...created, ...byUri.values()] });
  return answer.applied ? { applied: true, message: result.title } : { applied: false, message: answer.failureReason ?? 'The editor did not apply the edit.' };
}

/**
 * Where the class is implemented: the document the command came from when it is C++, else an open or scanned .cpp
 * that defines the class's methods, else `<Class>.cpp` beside the .iig (created when missing).
 */
function implementationUri(args: GenerateArguments, iigUri: string, context: GenerateContext): string {
  if (fileKindOf(args.uri) === 'cpp') return args.uri;
  const defines = new RegExp(`\\b${args.className}\\s*::|\\bIMPL\\s*\\(\\s*${args.className}\\b`);
  const open = context.openUris().find((uri) => typeof uri === 'string' && fileKindOf(uri) === 'cpp' && defines.test(context.openText(uri) ?? ''));
  return open ?? context.implementationsOf(args.className)[0] ?? siblingUri(iigUri, `${args.className}.cpp`);
}
