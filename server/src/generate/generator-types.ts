// The contract of the boilerplate generators: what they are given (a class's .iig and .cpp) and the edits they return.
import type { FileModel } from '../model/file-model';
import type { LocatedClass, TextEdit } from '../rules/rule';

export const GENERATOR_KINDS = ['timer', 'interrupt', 'userMapHBAData', 'userClient'] as const;
export type GeneratorKind = (typeof GENERATOR_KINDS)[number];

export interface GenerateInput {
  readonly kind: GeneratorKind;
  /** The name the user typed once (`Poll`); every generated identifier derives from it. */
  readonly name: string;
  /** The class as its .iig declares it. */
  readonly iig: LocatedClass;
  /** The class's implementation file: its model (with a tree) and whether it exists yet (otherwise it is created). */
  readonly cpp: { readonly model: FileModel; readonly exists: boolean };
}

/** A file the edit creates, with its whole text. */
export interface CreatedFile {
  readonly uri: string;
  readonly text: string;
}

export type GenerateResult =
  | { readonly ok: true; readonly title: string; readonly edits: readonly TextEdit[]; readonly createdFiles: readonly CreatedFile[] }
  | { readonly ok: false; readonly message: string };

/** True for a C identifier the generators can build names from. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && name.length <= 64;
}

/** `Poll` → `poll`, `USB` → `usb`, `IRQLine` → `irqLine`: the prefix of ivars members. */
export function memberPrefix(name: string): string {
  const leadingCaps = /^[A-Z]+/.exec(name)?.[0] ?? '';
  if (leadingCaps.length <= 1) return name.charAt(0).toLowerCase() + name.slice(1);
  if (leadingCaps.length === name.length) return name.toLowerCase();
  const keep = leadingCaps.length - 1;
  return name.slice(0, keep).toLowerCase() + name.slice(keep);
}

/** `poll` → `Poll`: the prefix of methods and constants. */
export function typePrefix(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
