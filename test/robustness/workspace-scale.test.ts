// A 20,000-file workspace: the background .iig scan keeps to its budget, requests made while it runs are answered
// promptly, and files deleted or renamed under it are skipped without a crash or a spurious notice.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client';
import { DRIVER_CPP, onlyRules, status, type Published } from './lsp-fixtures';

const FOLDERS = 200;
const FILES_PER_FOLDER = 100;
/** Per folder: 30 .iig, 40 .cpp, 30 other files; 6,000 .iig in all, over the 5,000-file index budget. */
const IIG_PER_FOLDER = 30;
const INDEX_BUDGET = 5000;
/** Generous for a loaded 2-core CI machine; the scan yields every few milliseconds. */
const PROMPT_MS = 1000;

const folderName = (d: number): string => `d${String(d).padStart(3, '0')}`;

describe('20,000-file workspace', () => {
  let root: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-scale-')));
    for (let d = 0; d < FOLDERS; d++) {
      const dir = path.join(root, folderName(d));
      fs.mkdirSync(dir);
      for (let f = 0; f < FILES_PER_FOLDER; f++) {
        const ext = f < IIG_PER_FOLDER ? 'iig' : f < 70 ? 'cpp' : 'txt';
        const text = ext === 'iig' ? `class C${d}_${f} : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n` : '// nothing\n';
        fs.writeFileSync(path.join(dir, `F${f}.${ext}`), text);
      }
    }
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('answers requests promptly while indexing, keeps to the budget, and survives files vanishing mid-scan', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize({ rootUri: pathToFileURL(root).toString(), initializationOptions: { settings: { debounceMs: 0, rules: onlyRules(['DK202']) } } });
      const latencies: number[] = [];
      let sawIndexing = false;
      let vandalised = false;
      let openedDuringScan: Promise<Published> | undefined;
      for (;;) {
        const sent = performance.now();
        const current = await status(client);
        latencies.push(performance.now() - sent);
        if (current.indexing && !vandalised) {
          sawIndexing = true;
          vandalised = true;
          // The walk is breadth-first in name order and the first answer comes within its first slices, so the
          // middle folders (before the budget runs out, near folder 166) are still ahead of it: delete one folder,
          // delete files from another, rename a third's files, and open a document, all while it runs.
          fs.rmSync(path.join(root, folderName(100)), { recursive: true });
          for (let f = 0; f < IIG_PER_FOLDER; f += 2) fs.rmSync(path.join(root, folderName(101), `F${f}.iig`));
          for (let f = 0; f < IIG_PER_FOLDER; f++) fs.renameSync(path.join(root, folderName(102), `F${f}.iig`), path.join(root, folderName(102), `G${f}.iig`));
          const uri = pathToFileURL(path.join(root, 'Open.cpp')).toString();
          client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text: DRIVER_CPP } });
          openedDuringScan = client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri);
        }
        if (!current.indexing && latencies.length > 1) {
          assert.equal(current.indexedFiles, INDEX_BUDGET, 'the scan stops at its budget');
          break;
        }
      }
      assert.ok(sawIndexing, 'a request was answered while the scan ran');
      const worst = Math.max(...latencies);
      assert.ok(worst < PROMPT_MS, `slowest answer during the scan took ${worst.toFixed(0)} ms (${latencies.length} requests)`);
      const published = await openedDuringScan;
      assert.deepEqual(published?.diagnostics.map((d) => d.code), ['DK202'], 'a document opened during the scan is analysed');
      const logs = client.received<{ message: string }>('window/logMessage').map((m) => m.message);
      assert.equal(logs.filter((m) => m.includes('index budget (5000)')).length, 1, 'one notice that the budget was reached');
      assert.deepEqual(logs.filter((m) => m.startsWith('Could not read')), [], 'vanished files are not reported as unreadable');
      assert.equal(client.exited, undefined);
    } finally {
      await client.shutdown();
    }
  });
});
