// Chooses the parser backend: the native binding when it loads, otherwise the wasm fallback.
import { createNativeBackend } from './native-backend';
import type { ParseSession, ParserBackend, ParserBackendName, SyntaxTree } from './syntax-node';
import { createWasmBackend } from './wasm-backend';

export interface LoadedParser {
  readonly backend: ParserBackend;
  /** Why the native backend was not used, when it was not. */
  readonly fallbackReason?: string;
}

/**
 * Loads a backend. `preferred` forces one (tests run the rules against both); without it the native binding is
 * tried first because it is faster, and the wasm build is used when the editor's host cannot load native addons.
 */
export async function loadParser(preferred?: ParserBackendName): Promise<LoadedParser> {
  if (preferred === 'wasm') return { backend: await createWasmBackend() };
  try {
    return { backend: createNativeBackend() };
  } catch (error) {
    if (preferred === 'native') throw error;
    return { backend: await createWasmBackend(), fallbackReason: describeError(error) };
  }
}

/**
 * Parses without ever throwing: a backend failure yields `undefined` and the caller builds an empty model. With a
 * session, the parse reuses the session's previous tree (incremental parsing of an open document).
 */
export function parseSafely(backend: ParserBackend, text: string, session?: ParseSession): SyntaxTree | undefined {
  try {
    return session ? session.parse(text) : backend.parse(text);
  } catch {
    return undefined;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
