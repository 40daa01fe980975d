// Tests the .iig TextMate grammar: exact scopes of iig annotations, and that comments and strings still win.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const GRAMMAR_PATH = join(__dirname, '..', 'syntaxes', 'iig.tmLanguage.json');
const LANGUAGE_CONFIGURATION_PATH = join(__dirname, '..', 'syntaxes', 'iig.language-configuration.json');
const ANNOTATION = 'storage.modifier.iig.annotation';

// VS Code's real C++ grammar cannot be loaded outside VS Code, so this minimal stand-in for `source.cpp`
// supplies what the iig patterns must coexist with: comments, strings, keywords, and nested `{}`/`()`
// regions whose inner patterns (like the real grammar's) only reach the C++ grammar's own repository.
// That keeps the iig patterns the thing under test, including their injection into C++ regions.
const CPP_STUB = {
  scopeName: 'source.cpp',
  patterns: [{ include: '#body' }],
  repository: {
    body: {
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        { include: '#keywords' },
        { include: '#block' },
        { include: '#parens' },
      ],
    },
    comments: {
      patterns: [
        { name: 'comment.line.double-slash.cpp', begin: '//', end: '$' },
        { name: 'comment.block.cpp', begin: '/\\*', end: '\\*/' },
      ],
    },
    strings: {
      name: 'string.quoted.double.cpp',
      begin: '"',
      end: '"',
      patterns: [{ match: '\\\\.', name: 'constant.character.escape.cpp' }],
    },
    keywords: { match: '\\b(?:class|public|virtual|void|override|const|char|int)\\b', name: 'keyword.other.cpp' },
    block: { name: 'meta.block.cpp', begin: '\\{', end: '\\}', patterns: [{ include: '#body' }] },
    parens: { name: 'meta.parens.cpp', begin: '\\(', end: '\\)', patterns: [{ include: '#body' }] },
  },
};

// A realistic .iig: an xnu-style kernel class, then a driver class using the annotations developers write.
const SAMPLE = [
  '// The LOCAL word in this comment is prose, not an annotation.',
  'class KERNEL IOService : public OSObject',
  '{',
  'public:',
  '    virtual kern_return_t Start(IOService * provider) LOCAL;',
  '    void SetPort(mach_port_t port PORTMAKESEND) LOCALONLY;',
  '    virtual kern_return_t SetHandler(OSAction * action TYPE(InterruptOccurred)) LOCAL;',
  '};',
  'class EXTENDS (IOMemoryDescriptor) IOMemoryDescriptorPrivate',
  '{',
  '};',
  'class MyDriver : public IOService',
  '{',
  'public:',
  '    virtual void TimerFired(OSAction * action, uint64_t time)',
  '        TYPE(IOTimerDispatchSource::TimerOccurred);',
  '    kern_return_t Helper(uint32_t value) LOCALONLY;',
  '    void CreateTargets(void) LOCALONLY QUEUENAME(AuxiliaryQueue);',
  '    // Handlers are LOCAL only in Apple headers.',
  '    /* TYPE(Commented::Out) and',
  '       LOCAL stay comment text */',
  '    const char * label = "LOCAL";',
  '    int MYLOCAL; int LOCALONLYX; int LOCAL_ONLY;',
  '};',
];

interface Token {
  readonly text: string;
  readonly start: number;
  readonly scopes: readonly string[];
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

async function createGrammar(): Promise<vsctm.IGrammar> {
  // The wasm ships inside the vscode-oniguruma package, so nothing is downloaded at run time.
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      if (scopeName === 'source.iig') return vsctm.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
      if (scopeName === 'source.cpp') return vsctm.parseRawGrammar(JSON.stringify(CPP_STUB), 'cpp-stub.json');
      return null;
    },
  });
  const grammar = await registry.loadGrammar('source.iig');
  if (grammar === null) throw new Error('source.iig did not load');
  return grammar;
}

// The wasm may be loaded only once per process, so every test shares one grammar.
function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= createGrammar();
  return grammarPromise;
}

async function tokenizeLines(lines: readonly string[]): Promise<Token[][]> {
  const grammar = await loadGrammar();
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes }));
  });
}

// Returns the token covering the first `needle` inside `hint`, on the first sample line containing `hint`;
// searching inside the hint keeps look-ups like '(' unambiguous.
async function tokenAt(hint: string, needle: string): Promise<Token> {
  const lineIndex = SAMPLE.findIndex((line) => line.includes(hint));
  assert.notEqual(lineIndex, -1, `sample has no line with ${hint}`);
  const line = SAMPLE[lineIndex] as string;
  const column = line.indexOf(needle, line.indexOf(hint));
  assert.notEqual(column, -1, `line ${lineIndex} has no ${needle}`);
  const tokens = (await tokenizeLines(SAMPLE))[lineIndex] as Token[];
  const token = tokens.find((t) => t.start <= column && column < t.start + t.text.length);
  assert.ok(token, `no token at ${lineIndex}:${column}`);
  return token;
}

// Asserts that `expected.text` inside `hint` is exactly one token with exactly `expected.scopes`.
async function assertToken(hint: string, expected: { readonly text: string; readonly scopes: readonly string[] }): Promise<void> {
  const token = await tokenAt(hint, expected.text);
  assert.deepEqual({ text: token.text, scopes: token.scopes }, expected);
}

async function assertNotAnnotation(hint: string, needle: string): Promise<void> {
  const token = await tokenAt(hint, needle);
  const iigScopes = token.scopes.filter((s) => s !== 'source.iig' && s.split('.').includes('iig'));
  assert.deepEqual(iigScopes, [], `${needle} got ${token.scopes.join(' ')}`);
}

const CLASS_BODY = ['source.iig', 'meta.block.cpp'];

test('grammar is source.iig, delegates to source.cpp, and lists the annotations first', () => {
  const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')) as { scopeName: string; patterns: { include: string }[] };
  assert.equal(raw.scopeName, 'source.iig');
  assert.deepEqual(raw.patterns, [{ include: '#annotations' }, { include: 'source.cpp' }]);
});

test('TYPE(Class::Method) after a method scopes macro, parentheses, class and method', async () => {
  const line = 'TYPE(IOTimerDispatchSource::TimerOccurred);';
  await assertToken(line, { text: 'TYPE', scopes: [...CLASS_BODY, ANNOTATION] });
  await assertToken(line, { text: '(', scopes: [...CLASS_BODY, 'punctuation.section.parens.begin.bracket.round.iig'] });
  await assertToken(line, { text: 'IOTimerDispatchSource', scopes: [...CLASS_BODY, 'entity.name.type.class.iig'] });
  await assertToken(line, { text: '::', scopes: [...CLASS_BODY, 'punctuation.separator.namespace.access.iig'] });
  await assertToken(line, { text: 'TimerOccurred', scopes: [...CLASS_BODY, 'entity.name.function.iig'] });
  await assertToken(line, { text: ')', scopes: [...CLASS_BODY, 'punctuation.section.parens.end.bracket.round.iig'] });
});

test('TYPE(Method) on an OSAction parameter scopes the method inside the parameter list', async () => {
  const inParens = [...CLASS_BODY, 'meta.parens.cpp'];
  await assertToken('TYPE(InterruptOccurred)', { text: 'TYPE', scopes: [...inParens, ANNOTATION] });
  await assertToken('TYPE(InterruptOccurred)', { text: 'InterruptOccurred', scopes: [...inParens, 'entity.name.function.iig'] });
  await assertToken('PORTMAKESEND', { text: 'PORTMAKESEND', scopes: [...inParens, ANNOTATION] });
});

test('LOCALONLY and LOCAL are single annotation tokens', async () => {
  await assertToken('Helper(uint32_t value) LOCALONLY', { text: 'LOCALONLY', scopes: [...CLASS_BODY, ANNOTATION] });
  await assertToken('Start(IOService * provider) LOCAL;', { text: 'LOCAL', scopes: [...CLASS_BODY, ANNOTATION] });
});

test('QUEUENAME(AuxiliaryQueue) scopes macro, parentheses and queue name', async () => {
  const line = 'QUEUENAME(AuxiliaryQueue)';
  await assertToken(line, { text: 'QUEUENAME', scopes: [...CLASS_BODY, ANNOTATION] });
  await assertToken(line, { text: '(', scopes: [...CLASS_BODY, 'punctuation.section.parens.begin.bracket.round.iig'] });
  await assertToken(line, { text: 'AuxiliaryQueue', scopes: [...CLASS_BODY, 'entity.name.tag.queue.iig'] });
  await assertToken(line, { text: ')', scopes: [...CLASS_BODY, 'punctuation.section.parens.end.bracket.round.iig'] });
});

test('KERNEL after class and EXTENDS (Class) at top level are annotations', async () => {
  await assertToken('class KERNEL IOService', { text: 'class', scopes: ['source.iig', 'keyword.other.cpp'] });
  await assertToken('class KERNEL IOService', { text: 'KERNEL', scopes: ['source.iig', ANNOTATION] });
  await assertToken('class EXTENDS', { text: 'EXTENDS', scopes: ['source.iig', ANNOTATION] });
  await assertToken('class EXTENDS', { text: 'IOMemoryDescriptor', scopes: ['source.iig', 'entity.name.type.class.iig'] });
});

test('annotation words inside comments and strings stay comment and string text', async () => {
  const lineComment = await tokenAt('The LOCAL word', 'LOCAL');
  assert.deepEqual(lineComment.scopes, ['source.iig', 'comment.line.double-slash.cpp']);
  await assertNotAnnotation('// Handlers are LOCAL', 'LOCAL');
  await assertNotAnnotation('/* TYPE(Commented::Out)', 'TYPE');
  await assertNotAnnotation('LOCAL stay comment text', 'LOCAL');
  await assertNotAnnotation('"LOCAL"', 'LOCAL');
  const inString = await tokenAt('"LOCAL"', 'LOCAL');
  assert.deepEqual(inString.scopes, [...CLASS_BODY, 'string.quoted.double.cpp']);
});

test('identifiers that merely contain an annotation word are not annotations', async () => {
  await assertNotAnnotation('int MYLOCAL;', 'MYLOCAL');
  await assertNotAnnotation('int MYLOCAL;', 'LOCAL');
  await assertNotAnnotation('int MYLOCAL;', 'LOCALONLYX');
  await assertNotAnnotation('int MYLOCAL;', 'LOCAL_ONLY');
});

test('every bare annotation keyword is recognised', async () => {
  const keywords = ['KERNEL', 'NATIVE', 'LOCAL', 'LOCALONLY', 'REMOTE', 'LOCALHOST', 'INVOKEREPLY', 'REPLY', 'TARGET',
    'PORTMAKESEND', 'PORTCOPYSEND', 'IIG_SERIALIZABLE', 'IIG_CONCRETE', 'SUPERDISPATCH'];
  const [tokens] = await tokenizeLines([keywords.join(' ')]);
  const annotated = (tokens ?? []).filter((t) => t.scopes.includes(ANNOTATION)).map((t) => t.text);
  assert.deepEqual(annotated, keywords);
});

test('language configuration declares C++ comments and brackets', () => {
  const config = JSON.parse(readFileSync(LANGUAGE_CONFIGURATION_PATH, 'utf8')) as {
    comments: { lineComment: string; blockComment: string[] };
    brackets: string[][];
  };
  assert.deepEqual(config.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
  assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
});
