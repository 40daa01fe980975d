// Precision on real shapes: the correct dext corpus and the expanded snippets must produce zero findings with every
// rule; each bundled example must produce exactly the findings its EXPECTED.md lists.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../server/src/rules';
import { expandSnippetBody, firstPrefix, readSnippetFile, type SnippetLanguage } from './helpers/expand-snippets';
import { lintSources, type SourceSet } from './helpers/lint-sources';
import { BACKENDS } from './helpers/parsers';

const ROOT = path.resolve(__dirname, '..');

function readTree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(iig|cpp|h|plist|entitlements)$/.test(entry.name)) files[path.relative(dir, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

function findingsOf(results: Awaited<ReturnType<typeof lintSources>>): string[] {
  return results.flatMap((r) => r.diagnostics.map((d) => `${r.path}: ${d.code} "${r.text.slice(d.range.start, d.range.end)}" ${d.message}`));
}

function snippetSources(): SourceSet {
  const files: Record<string, string> = {};
  for (const language of ['iig', 'cpp'] as const satisfies readonly SnippetLanguage[]) {
    for (const snippet of Object.values(readSnippetFile(language))) {
      const text = expandSnippetBody(snippet.body as string[]);
      // Member snippets are inserted into an existing class body, so they are linted inside one.
      const placed = language === 'iig' && !/\bclass\b/.test(text) ? `class SnippetHost : public IOService\n{\npublic:\n${text}\n};\n` : text;
      files[`${firstPrefix(snippet)}/${firstPrefix(snippet)}.${language}`] = placed;
    }
  }
  assert.ok(Object.keys(files).length >= 8, `expected the four paired snippets, got ${Object.keys(files).join(', ')}`);
  return files;
}

for (const backend of BACKENDS) {
  describe(`corpus (${backend} parser)`, () => {
    const corpus = path.join(ROOT, 'test', 'fixtures', 'valid');
    for (const family of fs.readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)) {
      it(`correct ${family} dext sources produce no findings`, async () => {
        const files = readTree(path.join(corpus, family));
        assert.ok(Object.keys(files).length > 0);
        assert.deepEqual(findingsOf(await lintSources(files, { backend, rules: ALL_RULES })), []);
      });
    }

    it('expanded snippets produce no findings', async () => {
      assert.deepEqual(findingsOf(await lintSources(snippetSources(), { backend, rules: ALL_RULES })), []);
    });

    for (const example of examplesWithExpectations()) {
      it(`the bundled example ${example} reports exactly the pitfalls its EXPECTED.md lists`, async () => {
        const folder = path.join(ROOT, 'examples', example);
        const files = readTree(folder);
        const results = await lintSources(files, { backend, rules: ALL_RULES });
        const found = results.flatMap((r) => r.diagnostics.map((d) => ({ code: d.code, file: path.basename(r.path), ...positionOf(r.text, d.range.start) })));
        const expected = readExpected(folder);
        assert.ok(expected.length > 0, `${example}/EXPECTED.md lists its planted pitfalls`);
        const key = (f: Planted): string => `${f.code} ${f.file}:${f.line}:${f.column}`;
        assert.deepEqual(found.map(key).sort(), expected.map(key).sort());
        // Every listed finding sits right under its `// PITFALL DKnnn:` marker, and there are no unlisted markers.
        const markers = Object.entries(files).flatMap(([name, text]) =>
          text.split(/\r\n|\r|\n/).flatMap((line, i) => (/(?:\/\/|<!--) PITFALL (DK\d{3}):/.exec(line) ? [`${/PITFALL (DK\d{3})/.exec(line)?.[1]} ${path.basename(name)}:${i + 2}`] : [])),
        );
        assert.deepEqual(markers.sort(), [...new Set(expected.map((f) => `${f.code} ${f.file}:${f.line}`))].sort());
      });
    }
  });
}

interface Planted {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** Every folder under examples/ that documents its planted findings in an EXPECTED.md. */
function examplesWithExpectations(): string[] {
  const examples = fs
    .readdirSync(path.join(ROOT, 'examples'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(ROOT, 'examples', e.name, 'EXPECTED.md')))
    .map((e) => e.name);
  assert.ok(examples.length >= 4, `expected the SCSI, PCI, USB and user-client examples, got ${examples.join(', ')}`);
  return examples;
}

/** The rows of EXPECTED.md's table: | Code | File | Line | Column | Offending text |. */
function readExpected(folder: string): Planted[] {
  const table = fs.readFileSync(path.join(folder, 'EXPECTED.md'), 'utf8');
  return [...table.matchAll(/^\|\s*(DK\d{3})\s*\|\s*`?([\w.]+)`?\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|/gm)].map((m) => ({ code: m[1], file: m[2], line: Number(m[3]), column: Number(m[4]) }));
}

/** 1-based line and UTF-16 column of an offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
