// Positions right after CJK, emoji (surrogate pairs), combining marks, a ZWJ sequence and tabs are exact UTF-16
// columns, with \n, \r\n and lone \r line ends, on both parser backends, through the LSP and through the CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client';
import { BACKENDS } from '../helpers/parsers';
import { onlyRules, type Published } from './lsp-fixtures';
import { ROOT } from './realistic-sources';

const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Each line: the text before the call, and its length in UTF-16 code units worked out by hand. */
const PREFIXES: readonly [string, number][] = [
  ['    /* 定时器 */ ', 14], // CJK: one unit each
  ['    /* 😀😀 */ ', 15], // each emoji is a surrogate pair: two units
  ['    /* e\u0301 */ ', 13], // e + combining acute: two units, one glyph
  ['\t\t', 2], // a tab is one unit, whatever the editor shows
  ['    /* 👨\u200d👩\u200d👧 */ ', 19], // a ZWJ family: three surrogate pairs and two joiners
];
const CALL = 'ivars->queue->free()';

function source(lineEnd: string): string {
  return ['void Demo::Teardown()', '{', ...PREFIXES.map(([prefix]) => `${prefix}${CALL};`), '}', ''].join(lineEnd);
}

/** [line, start character, end character] of the expected DK202 findings. */
const EXPECTED = PREFIXES.map(([, column], i) => [i + 2, column, column + CALL.length]);

const IIG = 'class Demo : public IOService\n{\npublic:\n    /* 中😀 */ virtual void Tick(OSAction * action) TYPE(IOTimerDispatchSource::TimerOccurred);\n};\n';
// 'Tick' starts after the indent (4), the comment with one CJK character and one emoji (8) and 'virtual void ' (13).
const IIG_EXPECTED = [[3, 27, 31]];

const LINE_ENDS: readonly [string, string][] = [
  ['lf', '\n'],
  ['crlf', '\r\n'],
  ['cr', '\r'],
];

it('the hand-worked columns agree with JavaScript string lengths', () => {
  for (const [prefix, column] of PREFIXES) assert.equal(prefix.length, column, JSON.stringify(prefix));
});

for (const backend of BACKENDS) {
  describe(`UTF-16 positions (${backend} parser)`, () => {
    let folder: string;
    before(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-positions-'));
      for (const [name, lineEnd] of LINE_ENDS) fs.writeFileSync(path.join(folder, `Teardown-${name}.cpp`), source(lineEnd));
      fs.writeFileSync(path.join(folder, 'Demo.iig'), IIG);
    });
    after(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('through the LSP: publishDiagnostics ranges', async () => {
      const client = new LspTestClient();
      try {
        await client.initialize({ initializationOptions: { parserBackend: backend, settings: { debounceMs: 0, rules: onlyRules(['DK101', 'DK202']) } } });
        for (const [name, lineEnd] of LINE_ENDS) {
          const uri = pathToFileURL(path.join(folder, `Teardown-${name}.cpp`)).toString();
          client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'cpp', version: 1, text: source(lineEnd) } });
          const published = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri);
          const ranges = published.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]);
          assert.deepEqual(ranges, EXPECTED, `${name} line ends`);
          assert.ok(published.diagnostics.every((d) => d.code === 'DK202' && d.range.start.line === d.range.end.line));
        }
        const iigUri = pathToFileURL(path.join(folder, 'Demo.iig')).toString();
        client.notify('textDocument/didOpen', { textDocument: { uri: iigUri, languageId: 'iig', version: 1, text: IIG } });
        const published = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === iigUri);
        assert.deepEqual(published.diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]), IIG_EXPECTED);
      } finally {
        await client.shutdown();
      }
    });

    it('through the CLI: JSON ranges and SARIF columns', () => {
      const json = spawnSync(process.execPath, [CLI, '--parser', backend, '--format', 'json', '.'], { cwd: folder, encoding: 'utf8' });
      assert.notEqual(json.status, 2, json.stderr);
      const findings = JSON.parse(json.stdout) as { file: string; code: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
      for (const [name] of LINE_ENDS) {
        const ranges = findings.filter((f) => f.file === `Teardown-${name}.cpp` && f.code === 'DK202').map((f) => [f.range.start.line, f.range.start.character, f.range.end.character]);
        assert.deepEqual(ranges, EXPECTED, `${name} line ends`);
      }
      const tick = findings.filter((f) => f.file === 'Demo.iig' && f.code === 'DK101').map((f) => [f.range.start.line, f.range.start.character, f.range.end.character]);
      assert.deepEqual(tick, IIG_EXPECTED);

      const sarif = spawnSync(process.execPath, [CLI, '--parser', backend, '--format', 'sarif', '.'], { cwd: folder, encoding: 'utf8' });
      const results = JSON.parse(sarif.stdout).runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[] }[];
      const regions = results
        .filter((r) => r.ruleId === 'DK202' && r.locations[0].physicalLocation.artifactLocation.uri === 'Teardown-cr.cpp')
        .map((r) => r.locations[0].physicalLocation.region);
      assert.deepEqual(regions, EXPECTED.map(([line, start, end]) => ({ startLine: line + 1, startColumn: start + 1, endLine: line + 1, endColumn: end + 1 })));
    });
  });
}
