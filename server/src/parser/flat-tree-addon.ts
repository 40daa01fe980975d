// Finds and loads the flat-tree add-on (native/flat-tree), which `npm ci` builds where a C compiler and Node's
// headers are present. It is an accelerator only: without it the native backend copies trees through a cursor.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { treeFromFlat, type FlatTreeNames } from './flat-tree';
import type { PlainNode } from './plain-tree';

export interface FlatTreeAddon {
  /** Parses `text` and returns its nodes in preorder, four words each (see flat-tree.ts). */
  parse(language: unknown, text: string): Uint32Array;
  names(language: unknown): FlatTreeNames;
}

const ADDON_PATH = join('native', 'flat-tree', 'build', 'Release', 'flat_tree.node');

/** Set to `0` to parse without the add-on (the benchmark and the tests compare both ways). */
export const FLAT_TREE_SWITCH = 'DRIVERKIT_FLAT_TREE';

/**
 * The add-on, or undefined when it is switched off, was not built, or does not load in this process. It is looked up
 * in the package's own folder (above dist/ or server/src/parser/), never in the workspace.
 */
export function loadFlatTreeAddon(from: string = __dirname): FlatTreeAddon | undefined {
  if (process.env[FLAT_TREE_SWITCH] === '0') return undefined;
  for (let folder = from, depth = 0; depth < 4; folder = dirname(folder), depth++) {
    const candidate = join(folder, ADDON_PATH);
    if (!existsSync(candidate)) continue;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(candidate) as FlatTreeAddon;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * A whole-file parser for `language` through the add-on, or undefined without the add-on. It returns undefined for a
 * text the add-on fails on, so that the caller parses it the slower way instead of losing the file.
 */
export function loadFlatTreeParser(language: unknown): ((text: string) => PlainNode | undefined) | undefined {
  const addon = loadFlatTreeAddon();
  if (!addon) return undefined;
  let names: FlatTreeNames;
  try {
    names = addon.names(language);
  } catch {
    return undefined;
  }
  return (text) => {
    try {
      return treeFromFlat(addon.parse(language, text), names);
    } catch {
      return undefined;
    }
  };
}
