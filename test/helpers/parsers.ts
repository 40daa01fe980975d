// Loads both parser backends once per test process, so every rule test runs against native and wasm alike.
import { loadParser } from '../../server/src/parser/load-parser';
import type { ParserBackend, ParserBackendName } from '../../server/src/parser/syntax-node';

export const BACKENDS: readonly ParserBackendName[] = ['native', 'wasm'];

const loaded = new Map<ParserBackendName, Promise<ParserBackend>>();

export function parserFor(name: ParserBackendName): Promise<ParserBackend> {
  let backend = loaded.get(name);
  if (!backend) {
    backend = loadParser(name).then((l) => l.backend);
    loaded.set(name, backend);
  }
  return backend;
}
