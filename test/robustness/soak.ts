// Soak run: drives the built server through thousands of edits across a thousand open files and reports how its
// memory grows after warm-up. `npm run soak` runs the full size (10,000 edits across 1,000 files) and exits 1 when
// RSS grows 10% or more; test/robustness/soak.test.ts runs a small one.
//   npm run soak [-- --files 1000 --edits 10000]
import { LspTestClient } from '../helpers/lsp-client';
import { loadSourcePairs } from './realistic-sources';
import { poll, status, type ServerStatus } from './lsp-fixtures';

export interface SoakOptions {
  readonly files: number;
  readonly edits: number;
  /** Share of the edits made before the warm-up sample (default 0.2). */
  readonly warmUpShare?: number;
  /** Force a parser backend (default: the server's choice, native when it loads). */
  readonly parser?: 'native' | 'wasm';
  readonly log?: (line: string) => void;
}

export interface SoakReport {
  readonly files: number;
  readonly edits: number;
  readonly analyses: number;
  readonly publishes: number;
  readonly seconds: number;
  readonly warm: ServerStatus;
  readonly end: ServerStatus;
  /** (end RSS − warm RSS) / warm RSS. */
  readonly rssGrowth: number;
  readonly heapGrowth: number;
}

const BATCH = 100;

/** Edits are a comment line inserted at the top or removed again, so the text neither grows nor shrinks over time. */
function edit(uri: string, version: number, insert: boolean, n: number): object {
  const change = insert
    ? { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `// soak edit ${n}\n` }
    : { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' };
  return { textDocument: { uri, version }, contentChanges: [change] };
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const pairs = loadSourcePairs();
  const sources = pairs.flatMap((pair) => [...pair.files].map(([name, text]) => ({ name, text })));
  const client = new LspTestClient({ execArgv: ['--expose-gc'], keepNotifications: false });
  let publishes = 0;
  client.onNotification((method) => {
    if (method === 'textDocument/publishDiagnostics') publishes++;
  });
  try {
    await client.initialize({ initializationOptions: { parserBackend: options.parser, settings: { debounceMs: 20 } } });
    const documents = Array.from({ length: options.files }, (_, i) => {
      const source = sources[i % sources.length];
      return { uri: `file:///soak/f${i}/${source.name}`, text: source.text, version: 1, inserted: false };
    });
    for (const d of documents) client.notify('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: d.uri.endsWith('.iig') ? 'iig' : 'cpp', version: 1, text: d.text } });
    const settle = async (): Promise<ServerStatus> => {
      // Quiet when two polls in a row see no new analysis (the debounce is 20 ms, each poll waits for the queue).
      let last = -1;
      return poll(async () => {
        const now = await status(client);
        const quiet = now.analyses === last;
        last = now.analyses;
        return quiet ? now : undefined;
      }, 'the server to settle', 120_000);
    };
    const warmUpEdits = Math.floor(options.edits * (options.warmUpShare ?? 0.2));
    let warm: ServerStatus | undefined;
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let n = 0; n < options.edits; n++) {
      const d = documents[random(documents.length)];
      d.version++;
      d.inserted = !d.inserted;
      client.notify('textDocument/didChange', edit(d.uri, d.version, d.inserted, n));
      if ((n + 1) % BATCH === 0) {
        // Close and reopen one document per batch, so the close path is soaked too.
        const reopened = documents[random(documents.length)];
        client.notify('textDocument/didClose', { textDocument: { uri: reopened.uri } });
        reopened.version = 1;
        reopened.inserted = false;
        client.notify('textDocument/didOpen', { textDocument: { uri: reopened.uri, languageId: reopened.uri.endsWith('.iig') ? 'iig' : 'cpp', version: 1, text: reopened.text } });
        await status(client);
      }
      if (n + 1 === warmUpEdits) {
        await settle();
        warm = await status(client, true);
        log(`warm-up done after ${n + 1} edits: RSS ${mb(warm.rssBytes)}, heap ${mb(warm.heapUsedBytes)}, ${warm.analyses} analyses`);
      }
    }
    await settle();
    const end = await status(client, true);
    if (!warm) throw new Error('no warm-up sample: too few edits');
    if (client.exited !== undefined) throw new Error(`the server exited: ${client.stderr}`);
    return {
      files: options.files,
      edits: options.edits,
      analyses: end.analyses,
      publishes,
      seconds: (performance.now() - started) / 1000,
      warm,
      end,
      rssGrowth: (end.rssBytes - warm.rssBytes) / warm.rssBytes,
      heapGrowth: (end.heapUsedBytes - warm.heapUsedBytes) / warm.heapUsedBytes,
    };
  } finally {
    await client.shutdown();
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function describeSoak(report: SoakReport): string {
  return [
    `${report.edits} edits across ${report.files} files in ${report.seconds.toFixed(1)} s: ${report.analyses} analyses, ${report.publishes} publishes.`,
    `RSS after warm-up ${mb(report.warm.rssBytes)}, at the end ${mb(report.end.rssBytes)}: ${(report.rssGrowth * 100).toFixed(1)}% growth.`,
    `Heap after warm-up ${mb(report.warm.heapUsedBytes)}, at the end ${mb(report.end.heapUsedBytes)}: ${(report.heapGrowth * 100).toFixed(1)}% growth.`,
  ].join('\n');
}

if (require.main === module) {
  const argument = (name: string, fallback: number): number => {
    const index = process.argv.indexOf(`--${name}`);
    return index >= 0 ? Number(process.argv[index + 1]) : fallback;
  };
  const parserIndex = process.argv.indexOf('--parser');
  const parser = parserIndex >= 0 ? (process.argv[parserIndex + 1] as 'native' | 'wasm') : undefined;
  runSoak({ files: argument('files', 1000), edits: argument('edits', 10_000), parser, log: (line) => console.log(line) }).then(
    (report) => {
      console.log(describeSoak(report));
      if (report.rssGrowth >= 0.1) {
        console.error('RSS grew 10% or more after warm-up.');
        process.exitCode = 1;
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
