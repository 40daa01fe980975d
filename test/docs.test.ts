// Enforces rule/docs parity (invariant 6): every registered rule has a page in the fixed format, a test table and a
// row in the generated rule list, and the examples on each page really are (in)correct according to the rule.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { renderReadmeRules, renderRuleList, RULE_LIST_PATH } from '../scripts/generate-rule-list';
import { fileKindOf } from '../server/src/model/build-model';
import type { FileKind } from '../server/src/model/file-model';
import { ALL_RULES } from '../server/src/rules';
import type { Rule } from '../server/src/rules/rule';
import { lintSources } from './helpers/lint-sources';
import { BACKENDS } from './helpers/parsers';

const ROOT = path.join(__dirname, '..');
const RULES_DOCS = path.join(ROOT, 'docs', 'rules');

const SECTIONS = [
  'What it does',
  'Why it is a problem',
  'Examples',
  'Fix',
  'Options',
  'When not to use it',
  'What the rule cannot see',
  'References',
] as const;
const EXAMPLE_KINDS = ['Incorrect', 'Correct'] as const;
type ExampleKind = (typeof EXAMPLE_KINDS)[number];

interface CodeBlock {
  readonly language: string;
  readonly file?: string;
  readonly code: string;
  /** The `##` and `###` headings the block sits under. */
  readonly section?: string;
  readonly subsection?: string;
  /** 1-based line of the opening fence, for messages. */
  readonly line: number;
}

interface DocsPage {
  readonly frontMatter: Readonly<Record<string, string>>;
  readonly sections: readonly string[];
  /** `###` headings under `## Examples`, in order. */
  readonly exampleHeadings: readonly string[];
  /** The text of each `##` section, without its heading. */
  readonly sectionText: ReadonlyMap<string, string>;
  readonly blocks: readonly CodeBlock[];
}

function readPage(file: string): DocsPage {
  const text = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  assert.ok(match, `${path.relative(ROOT, file)} must start with front matter between --- lines`);
  const frontMatter: Record<string, string> = {};
  for (const line of match[1].split('\n')) {
    const entry = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (entry) frontMatter[entry[1]] = entry[2].trim().replace(/^(['"])(.*)\1$/, '$2');
  }
  const sections: string[] = [];
  const exampleHeadings: string[] = [];
  const sectionText = new Map<string, string>();
  const blocks: CodeBlock[] = [];
  const bodyStartLine = match[0].split('\n').length;
  let section: string | undefined;
  let subsection: string | undefined;
  let fence: { marker: string; language: string; file?: string; line: number; lines: string[] } | undefined;
  text
    .slice(match[0].length)
    .split('\n')
    .forEach((line, index) => {
      if (fence) {
        if (line.trim().startsWith(fence.marker) && line.trim().replace(/[`~]/g, '') === '') {
          blocks.push({ language: fence.language, file: fence.file, code: `${fence.lines.join('\n')}\n`, section, subsection, line: fence.line });
          fence = undefined;
        } else {
          fence.lines.push(line);
        }
      } else if (/^(```|~~~)/.test(line)) {
        const marker = /^(`{3,}|~{3,})/.exec(line)?.[1] ?? '```';
        const info = line.slice(marker.length).trim().split(/\s+/);
        const file = info.slice(1).find((word) => word.startsWith('file='))?.slice('file='.length);
        fence = { marker, language: info[0] ?? '', file, line: bodyStartLine + index, lines: [] };
      } else if (line.startsWith('## ')) {
        section = line.slice(3).trim();
        subsection = undefined;
        sections.push(section);
        sectionText.set(section, '');
      } else if (line.startsWith('### ')) {
        subsection = line.slice(4).trim();
        if (section === 'Examples') exampleHeadings.push(subsection);
      }
      if (section !== undefined && !line.startsWith('## ')) sectionText.set(section, `${sectionText.get(section) ?? ''}${line}\n`);
    });
  assert.equal(fence, undefined, `${path.relative(ROOT, file)} has an unclosed code fence`);
  return { frontMatter, sections, exampleHeadings, sectionText, blocks };
}

function tryReadPage(file: string): DocsPage | undefined {
  try {
    return existsSync(file) ? readPage(file) : undefined;
  } catch {
    return undefined;
  }
}

/** Info.plist and .entitlements blocks are XML; sources are `iig` or `cpp`. */
function fenceLanguageOf(kind: FileKind): string {
  if (kind === 'iig') return 'iig';
  return kind === 'info-plist' || kind === 'entitlements' ? 'xml' : 'cpp';
}

const pagePath = (rule: Rule): string => path.join(ROOT, rule.meta.docsPath);
const testPath = (rule: Rule): string => path.join(ROOT, 'test', 'rules', `${rule.meta.code.toLowerCase()}-${rule.meta.name}.test.ts`);

/** The example blocks of one `### Incorrect` or `### Correct` subsection, which are linted together as one file set. */
function exampleBlocks(page: DocsPage, kind: ExampleKind): CodeBlock[] {
  return page.blocks.filter((b) => b.section === 'Examples' && b.subsection === kind);
}

function fileSet(blocks: readonly CodeBlock[]): Record<string, string> {
  return Object.fromEntries(blocks.map((b) => [b.file as string, b.code]));
}

describe('rule documentation parity', () => {
  for (const rule of ALL_RULES) {
    const { meta } = rule;
    describe(`${meta.code} ${meta.name}`, () => {
      it(`has a test table at ${path.relative(ROOT, testPath(rule))}`, () => {
        assert.ok(existsSync(testPath(rule)), `missing ${path.relative(ROOT, testPath(rule))}`);
      });

      it(`has a page at ${meta.docsPath}`, () => {
        assert.equal(meta.docsPath, `docs/rules/${meta.code}.md`);
        assert.ok(existsSync(pagePath(rule)), `missing ${meta.docsPath}`);
      });

      it('front matter matches the rule metadata', (t) => {
        if (!existsSync(pagePath(rule))) return t.skip('no page');
        const { frontMatter } = readPage(pagePath(rule));
        assert.deepEqual(
          { code: frontMatter.code, name: frontMatter.name, severity: frontMatter.severity, fixable: frontMatter.fixable, category: frontMatter.category },
          { code: meta.code, name: meta.name, severity: meta.defaultSeverity, fixable: meta.fixable, category: meta.category },
        );
        assert.ok((frontMatter.title ?? '').length > 0, 'front matter needs a title');
      });

      it('has the sections in the fixed order, and Incorrect then Correct examples', (t) => {
        if (!existsSync(pagePath(rule))) return t.skip('no page');
        const page = readPage(pagePath(rule));
        assert.deepEqual(page.sections, [...SECTIONS]);
        assert.deepEqual(page.exampleHeadings, [...EXAMPLE_KINDS]);
      });

      it("opens 'What it does' with the rule's summary sentence", (t) => {
        if (!existsSync(pagePath(rule))) return t.skip('no page');
        const whatItDoes = readPage(pagePath(rule)).sectionText.get('What it does') ?? '';
        assert.ok(whatItDoes.trim().startsWith(meta.summary), `'What it does' must start with the summary from the rule's meta:\n${meta.summary}`);
      });

      it('labels every example block with a lintable file name', (t) => {
        if (!existsSync(pagePath(rule))) return t.skip('no page');
        const page = readPage(pagePath(rule));
        for (const kind of EXAMPLE_KINDS) {
          const blocks = exampleBlocks(page, kind);
          assert.ok(blocks.length > 0, `'### ${kind}' has no code block`);
          const names = blocks.map((b) => b.file);
          for (const block of blocks) {
            const where = `${meta.docsPath}:${block.line}`;
            assert.ok(block.file, `${where}: the block needs an info string like \`cpp file=MyDriver.cpp\``);
            const fileKind = fileKindOf(block.file);
            assert.ok(fileKind, `${where}: '${block.file}' is not a file the linter reads`);
            assert.equal(block.language, fenceLanguageOf(fileKind), `${where}: the fence language must match '${block.file}'`);
          }
          assert.equal(new Set(names).size, names.length, `'### ${kind}' names a file twice`);
          const firstOther = names.findIndex((n) => !n?.endsWith('.iig'));
          assert.ok(firstOther < 0 || names.slice(firstOther).every((n) => !n?.endsWith('.iig')), `'### ${kind}': put companion .iig blocks first`);
          const checked = blocks.filter((b) => {
            const fileKind = b.file !== undefined ? fileKindOf(b.file) : undefined;
            return fileKind !== undefined && meta.appliesTo.includes(fileKind);
          });
          assert.ok(checked.length > 0, `'### ${kind}' has no file of a kind ${meta.code} checks (${meta.appliesTo.join(', ')})`);
        }
      });
    });
  }

  it('has no page for an unregistered code', () => {
    const codes = new Set(ALL_RULES.map((r) => r.meta.code));
    const pages = existsSync(RULES_DOCS) ? readdirSync(RULES_DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md') : [];
    assert.deepEqual(
      pages.filter((f) => !codes.has(f.slice(0, -'.md'.length))),
      [],
      'docs/rules has pages for codes that are not in ALL_RULES',
    );
  });

  it("README.md's rule table is what scripts/generate-rule-list.ts generates", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    assert.equal(readme, renderReadmeRules(readme, ALL_RULES), 'README.md is stale; run: npx tsx scripts/generate-rule-list.ts');
  });

  it(`${RULE_LIST_PATH} is what scripts/generate-rule-list.ts generates`, () => {
    const file = path.join(ROOT, RULE_LIST_PATH);
    assert.ok(existsSync(file), `missing ${RULE_LIST_PATH}; run: npx tsx scripts/generate-rule-list.ts`);
    assert.equal(readFileSync(file, 'utf8'), renderRuleList(ALL_RULES), `${RULE_LIST_PATH} is stale; run: npx tsx scripts/generate-rule-list.ts`);
  });
});

for (const backend of BACKENDS) {
  describe(`documented examples (${backend} parser)`, () => {
    for (const rule of ALL_RULES) {
      const page = tryReadPage(pagePath(rule));
      if (!page) continue; // The parity tests above report a missing or malformed page.
      const { code } = rule.meta;
      for (const kind of EXAMPLE_KINDS) {
        const blocks = exampleBlocks(page, kind).filter((b) => b.file !== undefined);
        if (blocks.length === 0) continue;
        it(`${code} ${kind} example ${kind === 'Incorrect' ? 'is reported' : 'is clean'}`, async () => {
          const results = await lintSources(fileSet(blocks), { backend, rules: [rule] });
          const findings = results.flatMap((r) => r.diagnostics.filter((d) => d.code === code).map((d) => `${r.path}: "${r.text.slice(d.range.start, d.range.end)}" ${d.message}`));
          if (kind === 'Incorrect') assert.ok(findings.length > 0, `the Incorrect example of ${code} yields no ${code} finding`);
          else assert.deepEqual(findings, [], `the Correct example of ${code} must yield no ${code} finding`);
        });
      }
    }
  });
}
