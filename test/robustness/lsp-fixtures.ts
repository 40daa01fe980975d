// Shared pieces of the end-to-end robustness tests: settings that isolate a rule, a barrier, and polling.
import type { LspTestClient } from '../helpers/lsp-client';

export { onlyRules } from '../helpers/lsp-client';

export interface ServerStatus {
  rssBytes: number;
  heapUsedBytes: number;
  analyses: number;
  documents: number;
  indexedFiles: number;
  indexing: boolean;
}

export function status(client: LspTestClient, collectGarbage = false): Promise<ServerStatus> {
  return client.request<ServerStatus>('driverkit/serverStatus', { collectGarbage });
}

/** Polls `probe` until it returns a value (not undefined), failing after `timeoutMs`. */
export async function poll<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const DRIVER_CPP = 'void Demo::Stop2()\n{\n    ivars->queue->free();\n}\n';

export interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; source: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
}
