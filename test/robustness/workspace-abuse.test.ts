// The server and the CLI on a hostile workspace: odd encodings, binary and 50 MB files, an unreadable file, link
// loops, links leading outside, a FIFO. Nothing hangs or crashes, each skipped file gets one notice, and nothing
// outside the workspace is read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client';
import { createHostileWorkspace, HUGE_BYTES, PUMP_CPP, PUMP_IIG, readerIdentity, type HostileWorkspace, type ReaderIdentity } from './hostile-workspace';
import { DRIVER_CPP, onlyRules, status, type Published } from './lsp-fixtures';
import { ROOT } from './realistic-sources';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

describe('hostile workspace', () => {
  let ws: HostileWorkspace;
  let reader: ReaderIdentity;
  const uri = (relative: string): string => pathToFileURL(path.join(ws.root, relative)).toString();

  before(() => {
    ws = createHostileWorkspace();
    reader = readerIdentity(path.join(ws.root, 'locked', 'Unreadable.iig'));
  });
  after(() => ws.remove());

  const cli = (args: string[]): { status: number | null; stdout: string; stderrLines: string[] } => {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ws.root, encoding: 'utf8', timeout: 60_000, uid: reader.uid, gid: reader.gid });
    assert.equal(result.error, undefined, `the CLI finished: ${String(result.error)}`);
    return { status: result.status, stdout: result.stdout, stderrLines: result.stderr.split('\n').filter((l) => l !== '') };
  };

  describe('language server', () => {
    let client: LspTestClient;
    let logs: () => string[];

    before(async () => {
      client = new LspTestClient({ uid: reader.uid, gid: reader.gid });
      logs = () => client.received<{ message: string }>('window/logMessage').map((m) => m.message);
      await client.initialize({ rootUri: pathToFileURL(ws.root).toString(), initializationOptions: { settings: { debounceMs: 0 } } });
      await client.waitFor('window/logMessage', (m: { message: string }) => m.message.startsWith('Indexed '));
    });
    after(async () => {
      assert.equal(client.exited, undefined, `the server exited; stderr: ${client.stderr}`);
      await client.shutdown();
    });

    it('indexes exactly the readable .iig files inside the workspace, with one notice per kind of skipped file', async (t) => {
      const expected = ws.indexable.length + (reader.skipUnreadable ? 1 : 0);
      assert.equal((await status(client)).indexedFiles, expected);
      assert.equal(logs().filter((m) => m.includes('Huge.iig')).length, 1, 'one notice for the 50 MB file');
      assert.match(logs().find((m) => m.includes('Huge.iig')) ?? '', new RegExp(`larger than driverkit\\.maxFileSizeBytes \\(${DEFAULT_MAX_FILE_BYTES} bytes\\)`));
      assert.equal(logs().filter((m) => m.includes('Binary.iig')).length, 1, 'one notice for the binary .iig');
      assert.ok(!logs().some((m) => /Secret|outside/.test(m)), 'nothing outside the workspace is mentioned');
      if (reader.skipUnreadable) t.diagnostic(reader.skipUnreadable);
      else assert.equal(logs().filter((m) => m.startsWith('Could not read') && m.includes('Unreadable.iig')).length, 1);
    });

    it('uses the indexed interfaces for cross-file fixes', async () => {
      client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: 0, rules: onlyRules(['DK103', 'DK202']) } } });
      client.notify('textDocument/didOpen', { textDocument: { uri: uri('Pump.cpp'), languageId: 'cpp', version: 1, text: PUMP_CPP } });
      await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri('Pump.cpp') && p.diagnostics.some((d) => d.code === 'DK103'));
      const actions = await client.request<{ title: string }[]>('textDocument/codeAction', {
        textDocument: { uri: uri('Pump.cpp') },
        range: { start: { line: 2, character: 12 }, end: { line: 2, character: 12 } },
        context: { diagnostics: [] },
      });
      assert.deepEqual(actions.map((a) => a.title), [
        "Use 'CreateActionPumped' (IOTimerDispatchSource::TimerOccurred)",
        'Disable DK103 for this line',
        'Disable DK103 for this file',
        'Show documentation for DK103',
      ]);
    });

    it('never reads through a link or a URI that leads outside the workspace', async () => {
      const before = (await status(client)).indexedFiles;
      const secretUri = pathToFileURL(path.join(ws.outside, 'Secret.iig')).toString();
      client.notify('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: uri('links/Outside.iig'), type: 1 },
          { uri: uri('links/outside-dir/Secret.iig'), type: 2 },
          { uri: uri('links/Dangling.iig'), type: 2 },
          { uri: secretUri, type: 1 },
          { uri: uri('odd/Fifo.iig'), type: 2 },
          { uri: 'file:///etc/passwd.iig', type: 1 },
        ],
      });
      assert.equal((await status(client)).indexedFiles, before);
      // Opened in the editor, its text comes from the client; once closed, the server may not read its disk copy.
      client.notify('textDocument/didOpen', { textDocument: { uri: secretUri, languageId: 'iig', version: 1, text: 'class Secret : public IOService {};\n' } });
      await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === secretUri);
      assert.equal((await status(client)).indexedFiles, before + 1);
      client.notify('textDocument/didClose', { textDocument: { uri: secretUri } });
      await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === secretUri && p.diagnostics.length === 0);
      assert.equal((await status(client)).indexedFiles, before);
    });

    it('skips an open document over driverkit.maxFileSizeBytes with a single notice, and analyses it again once smaller', async () => {
      client.notify('workspace/didChangeConfiguration', { settings: { driverkit: { debounceMs: 0, maxFileSizeBytes: 100_000, rules: onlyRules(['DK202']) } } });
      const bigUri = uri('Big.cpp');
      const big = `${DRIVER_CPP}${'// padding padding padding padding padding padding\n'.repeat(4000)}`;
      client.notify('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'cpp', version: 1, text: big } });
      const first = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === bigUri && p.version === 1);
      assert.deepEqual(first.diagnostics, []);
      client.notify('textDocument/didChange', { textDocument: { uri: bigUri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// more\n' }] });
      await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === bigUri && p.version === 2 && p.diagnostics.length === 0);
      assert.equal(logs().filter((m) => m.includes(bigUri) && m.includes('maxFileSizeBytes (100000 bytes)')).length, 1, 'one notice, not one per change');
      client.notify('textDocument/didChange', { textDocument: { uri: bigUri, version: 3 }, contentChanges: [{ text: DRIVER_CPP }] });
      const small = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === bigUri && p.version === 3);
      assert.deepEqual(small.diagnostics.map((d) => d.code), ['DK202']);
    });
  });

  describe('driverkit-lint', () => {
    it('lints a hostile folder to well-formed JSON, one line per skipped or unreadable file', (t) => {
      const { status: exit, stdout, stderrLines } = cli(['--format', 'json', '.']);
      const findings = JSON.parse(stdout) as { file: string; code: string }[];
      assert.ok(findings.some((f) => f.file === 'Pump.cpp'), 'the readable files are linted');
      assert.ok(!findings.some((f) => /Secret|outside|loop/.test(f.file)), 'links are not followed');
      const problems = stderrLines.filter((l) => !l.startsWith('driverkit-lint: Rule '));
      const expected = [
        `driverkit-lint: skipped '${path.join('big', 'Huge.iig')}': ${HUGE_BYTES} bytes is over the ${DEFAULT_MAX_FILE_BYTES}-byte limit (--max-file-size).`,
        `driverkit-lint: skipped '${path.join('enc', 'Binary.cpp')}': binary file.`,
        `driverkit-lint: skipped '${path.join('enc', 'Binary.iig')}': binary file.`,
      ];
      if (reader.skipUnreadable) t.diagnostic(reader.skipUnreadable);
      else expected.push(`driverkit-lint: cannot read '${path.join('locked', 'Unreadable.iig')}': permission denied`);
      assert.deepEqual([...problems].sort(), expected.sort());
      assert.equal(exit, reader.skipUnreadable ? 1 : 2, 'exit 2 only for an unreadable path (1 for the findings otherwise)');
    });

    it('honours --max-file-size', () => {
      const kib = cli(['--format', 'json', '--max-file-size', '1k', 'big']);
      assert.deepEqual(kib.stderrLines, [`driverkit-lint: skipped '${path.join('big', 'Huge.iig')}': ${HUGE_BYTES} bytes is over the 1024-byte limit (--max-file-size).`]);
      const tiny = cli(['--format', 'json', '--max-file-size', '64', 'Pump.cpp']);
      // The .iig beside a .cpp named alone is read for context, so its skip is reported too.
      assert.deepEqual(tiny.stderrLines, [
        `driverkit-lint: skipped 'Pump.iig': ${Buffer.byteLength(PUMP_IIG)} bytes is over the 64-byte limit (--max-file-size).`,
        `driverkit-lint: skipped 'Pump.cpp': ${Buffer.byteLength(PUMP_CPP)} bytes is over the 64-byte limit (--max-file-size).`,
      ]);
      assert.deepEqual(JSON.parse(tiny.stdout), []);
      assert.equal(cli(['--max-file-size', 'lots', 'Pump.cpp']).status, 2);
    });

    it('reports missing, looping, non-regular and unreadable paths on one line each, exits 2, and still lints the rest', (t) => {
      const paths = ['missing.cpp', 'links/loop-a.cpp', ...(ws.hasFifo ? ['odd/Fifo.iig'] : []), 'locked/Unreadable.iig', 'Pump.cpp'];
      const { status: exit, stdout, stderrLines } = cli(['--format', 'sarif', ...paths]);
      assert.equal(exit, 2);
      const expected = [
        "driverkit-lint: cannot read 'missing.cpp': no such file or directory",
        "driverkit-lint: cannot read 'links/loop-a.cpp': too many levels of symbolic links",
        ...(ws.hasFifo ? ["driverkit-lint: cannot read 'odd/Fifo.iig': not a regular file"] : []),
        ...(reader.skipUnreadable ? [] : ["driverkit-lint: cannot read 'locked/Unreadable.iig': permission denied"]),
      ];
      if (reader.skipUnreadable) t.diagnostic(reader.skipUnreadable);
      assert.deepEqual(stderrLines.filter((l) => !l.startsWith('driverkit-lint: Rule ')), expected);
      const run = JSON.parse(stdout).runs[0];
      assert.ok(run.results.some((r: any) => r.locations[0].physicalLocation.artifactLocation.uri === 'Pump.cpp'), 'Pump.cpp is still linted');
      assert.equal(run.invocations[0].executionSuccessful, false);
      const notifications = run.invocations[0].toolExecutionNotifications.filter((n: any) => n.level === 'error').map((n: any) => `driverkit-lint: ${n.message.text}`);
      assert.deepEqual(notifications, expected);
    });

    it('states the SARIF base and makes paths relative to it, absolute outside it', () => {
      const base = path.dirname(ws.root);
      const { stdout } = cli(['--format', 'sarif', '--base', base, 'Pump.cpp']);
      const run = JSON.parse(stdout).runs[0];
      assert.equal(run.originalUriBaseIds.SRCROOT.uri, `${pathToFileURL(base).toString()}/`);
      assert.deepEqual(run.results[0].locations[0].physicalLocation.artifactLocation, { uri: 'workspace/Pump.cpp', uriBaseId: 'SRCROOT' });
      const elsewhere = JSON.parse(cli(['--format', 'sarif', '--base', 'enc', 'Pump.cpp']).stdout).runs[0];
      assert.deepEqual(elsewhere.results[0].locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(path.join(ws.root, 'Pump.cpp')).toString() });
    });
  });
});
