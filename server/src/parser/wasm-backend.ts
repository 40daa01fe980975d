// Parser backend over web-tree-sitter and the tree-sitter-cpp.wasm grammar, used when the native binding cannot load.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IncrementalParseSession, type EditableTree } from './incremental-parse';
import { copyTree, type BackendCursor } from './plain-tree';
import type { ParserBackend, SyntaxTree } from './syntax-node';

interface WebParserModule {
  init(options?: { locateFile?: (name: string) => string }): Promise<void>;
  Language: { load(input: string | Uint8Array): Promise<unknown> };
  new (): WebParser;
}
interface WebParser {
  setLanguage(language: unknown): void;
  parse(input: string, previous?: EditableTree): (EditableTree & { walk(): WasmCursor; delete(): void }) | null;
}
type WasmCursor = BackendCursor & { delete(): void };

/**
 * Finds a file shipped either beside the bundle (`dist/`, in the packaged extension) or in node_modules (in development).
 * Looking beside the bundle first keeps the packaged extension independent of node_modules.
 */
export function locateAsset(fileName: string, packageName: string): string {
  const besideBundle = path.join(__dirname, fileName);
  if (fs.existsSync(besideBundle)) return besideBundle;
  const packageJson = require.resolve(`${packageName}/package.json`);
  return path.join(path.dirname(packageJson), fileName);
}

// Taken once, on first use: after `init`, the emscripten runtime replaces the module's exports, so a later require
// would return the runtime object instead of the Parser class. Not at load, so that a server on the native parser
// never evaluates the wasm runtime's glue code on its way to the first diagnostics.
let webParserModule: WebParserModule | undefined;

function webParser(): WebParserModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  webParserModule ??= require('web-tree-sitter') as WebParserModule;
  return webParserModule;
}

/** Initialises the wasm runtime and grammar; rejects when the wasm files are missing. */
export async function createWasmBackend(): Promise<ParserBackend> {
  const WebParser = webParser();
  const runtimeWasm = locateAsset('tree-sitter.wasm', 'web-tree-sitter');
  await WebParser.init({ locateFile: () => runtimeWasm });
  const grammarBytes = fs.readFileSync(locateAsset('tree-sitter-cpp.wasm', 'tree-sitter-cpp'));
  const language = await WebParser.Language.load(grammarBytes);
  const parser = new WebParser();
  parser.setLanguage(language);
  return {
    name: 'wasm',
    parse(text: string): SyntaxTree {
      const tree = parser.parse(text);
      if (!tree) throw new Error('web-tree-sitter returned no tree');
      // The copy lives in the JS heap, so the wasm-heap tree and cursor are freed at once.
      const cursor = tree.walk() as WasmCursor;
      try {
        return { rootNode: copyTree(cursor), dispose: () => undefined };
      } finally {
        cursor.delete();
        tree.delete();
      }
    },
    createSession() {
      return new IncrementalParseSession(
        (text, previous) => {
          const tree = parser.parse(text, previous);
          if (!tree) throw new Error('web-tree-sitter returned no tree');
          return tree;
        },
        (cursor) => (cursor as WasmCursor).delete(),
      );
    },
  };
}
