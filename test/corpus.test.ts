// Precision on real shapes: the correct dext corpus and the expanded snippets must produce zero findings with every
// rule; the bundled example must produce exactly the findings its EXPECTED.md lists.
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

    it('the bundled example reports exactly the planted pitfalls', async () => {
      const example = path.join(ROOT, 'examples', 'ScsiRaidDext');
      const files = readTree(example);
      const results = await lintSources(files, { backend, rules: ALL_RULES });
      const found = results.flatMap((r) => r.diagnostics.map((d) => ({ code: d.code, file: path.basename(r.path), line: lineOf(r.text, d.range.start) })));
      const expected = [...fs.readFileSync(path.join(example, 'EXPECTED.md'), 'utf8').matchAll(/^\|\s*(DK\d{3})\s*\|\s*`?([\w.]+)`?\s*\|\s*(\d+)\s*\|/gm)].map((m) => ({ code: m[1], file: m[2], line: Number(m[3]) }));
      assert.equal(expected.length, 5, 'EXPECTED.md lists the five planted pitfalls');
      const key = (f: { code: string; file: string; line: number }): string => `${f.code} ${f.file}:${f.line}`;
      assert.deepEqual(found.map(key).sort(), expected.map(key).sort());
    });
  });
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split(/\r\n|\r|\n/).length;
}
