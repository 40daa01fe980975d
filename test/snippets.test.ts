// Tests the DriverKit snippets: file shape, .iig/.cpp pairing, and that the expanded code follows the DriverKit rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  type SnippetFile,
  type SnippetLanguage,
  expandSnippetBody,
  firstPrefix,
  readSnippetFile,
  writeExpandedSnippets,
} from './helpers/expand-snippets';

const LANGUAGES: readonly SnippetLanguage[] = ['iig', 'cpp'];

function snippetsOf(language: SnippetLanguage): SnippetFile {
  return readSnippetFile(language);
}

// Returns the expanded text of the snippet with `prefix` in the given language's file.
function expanded(language: SnippetLanguage, prefix: string): string {
  const snippet = Object.values(snippetsOf(language)).find((s) => firstPrefix(s) === prefix);
  assert.ok(snippet, `${language} has no snippet ${prefix}`);
  return expandSnippetBody(typeof snippet.body === 'string' ? snippet.body : [...snippet.body]);
}

function allExpanded(): { readonly language: SnippetLanguage; readonly prefix: string; readonly text: string }[] {
  return LANGUAGES.flatMap((language) =>
    Object.values(snippetsOf(language)).map((s) => ({ language, prefix: firstPrefix(s), text: expanded(language, firstPrefix(s)) })),
  );
}

// Comments are dropped before statement checks, so explanations never count as code.
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

// Returns the comment-free text between the braces of the first function whose header matches `header`.
function functionBody(code: string, header: RegExp): string {
  const match = header.exec(code);
  assert.ok(match, `no function matching ${header}`);
  const open = code.indexOf('{', match.index + match[0].length);
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '{') depth++;
    if (code[i] === '}' && --depth === 0) return stripComments(code.slice(open + 1, i)).trim();
  }
  throw new Error(`unbalanced braces after ${header}`);
}

// Asserts that each of `parts` occurs in `text`, in the given order.
function assertInOrder(text: string, parts: readonly string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    assert.ok(at !== -1, `expected '${part}' after offset ${from}`);
    from = at + part.length;
  }
}

test('expandSnippetBody takes defaults, mirrors tab stops and drops $0', () => {
  assert.equal(expandSnippetBody('${1:Foo} $1 ${1} x$0'), 'Foo Foo Foo x');
  assert.equal(expandSnippetBody(['$2 then ${2:late}', '${3}|']), 'late then late\n|');
  assert.equal(expandSnippetBody('${1:outer ${2:inner}} $2'), 'outer inner inner');
  assert.equal(expandSnippetBody('${1|first,second|} $1'), 'first first');
  assert.equal(expandSnippetBody('\\$1 \\} ^{ a$ $TM_FILENAME ${X:dflt}'), '$1 } ^{ a$  dflt');
  assert.throws(() => expandSnippetBody('${1:open'), /unterminated/);
});

test('both snippet files parse and every snippet has prefix, body and description', () => {
  for (const language of LANGUAGES) {
    const snippets = snippetsOf(language);
    assert.ok(Object.keys(snippets).length > 0, `${language} snippets are empty`);
    for (const [name, snippet] of Object.entries(snippets)) {
      const prefixes = typeof snippet.prefix === 'string' ? [snippet.prefix] : snippet.prefix;
      assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string'), `${name}: prefix`);
      const body = typeof snippet.body === 'string' ? [snippet.body] : snippet.body;
      assert.ok(Array.isArray(body) && body.every((l) => typeof l === 'string'), `${name}: body`);
      assert.equal(typeof snippet.description, 'string', `${name}: description`);
      assert.ok(snippet.description.length > 20, `${name}: description says too little`);
      for (const prefix of prefixes) assert.match(prefix, /^dk-/, `${name}: prefix ${prefix}`);
    }
  }
});

test('every .iig feature has a .cpp twin with the same prefix, and prefixes are unique per file', () => {
  const prefixes = (language: SnippetLanguage): string[] => Object.values(snippetsOf(language)).map(firstPrefix);
  for (const language of LANGUAGES) assert.equal(new Set(prefixes(language)).size, prefixes(language).length);
  const cpp = new Set(prefixes('cpp'));
  for (const prefix of prefixes('iig')) assert.ok(cpp.has(prefix), `${prefix} has no .cpp twin`);
});

test('expanded snippets keep no placeholder syntax', () => {
  for (const { language, prefix, text } of allExpanded()) {
    assert.doesNotMatch(text, /\$\{?\d/, `${language} ${prefix}`);
  }
});

test('no snippet frees directly, builds raw actions, or reaches an RPC base without SUPERDISPATCH', () => {
  for (const { language, prefix, text } of allExpanded()) {
    const where = `${language} ${prefix}`;
    assert.ok(!text.includes('->free()'), `${where}: ->free()`);
    assert.ok(!text.includes('OSAction::Create'), `${where}: OSAction::Create`);
    assert.doesNotMatch(text, /super::(Start|Stop|SetPowerState)\b/, where);
    assert.doesNotMatch(text, /\b(Start|Stop)\(provider\)/, where);
    assert.doesNotMatch(text, /IMPL\(\w+,\s*(init|free)\)/, where);
    assert.doesNotMatch(text, /\w+::\w+_Impl\(/, `${where}: use one handler form, IMPL`);
  }
});

test('every cpp free() guards ivars, deletes them and calls super::free() last; init and free never use SUPERDISPATCH', () => {
  for (const { prefix, text } of allExpanded().filter((s) => s.language === 'cpp')) {
    if (!/\w+::free\(\)/.test(text)) continue;
    const free = functionBody(text, /\n\w+::free\(\)/);
    assert.match(free, /IOSafeDeleteNULL\(ivars, \w+_IVars, 1\);\s*super::free\(\);$/, `${prefix}: free ends wrong`);
    assert.ok(!free.includes('SUPERDISPATCH'), prefix);
    const guard = free.indexOf('if (ivars != nullptr)');
    const firstUse = free.indexOf('ivars->');
    assert.ok(firstUse === -1 || (guard !== -1 && guard < firstUse), `${prefix}: ivars-> before the NULL guard`);
  }
});

test('every cpp Start calls Start(provider, SUPERDISPATCH) first and every Stop reaches Stop(provider, SUPERDISPATCH)', () => {
  for (const { prefix, text } of allExpanded().filter((s) => s.language === 'cpp')) {
    if (text.includes('IMPL(MyDriver, Start)')) {
      const start = functionBody(text, /IMPL\(MyDriver, Start\)/);
      assert.match(start, /^kern_return_t ret = Start\(provider, SUPERDISPATCH\);\s*if \(ret != kIOReturnSuccess\) \{\s*return ret;/, prefix);
      assert.match(start, /ret = RegisterService\(\);/, prefix);
    }
    if (text.includes('IMPL(MyDriver, Stop)')) {
      assert.match(functionBody(text, /IMPL\(MyDriver, Stop\)/), /return Stop\(provider, SUPERDISPATCH\);/, prefix);
    }
  }
});

test('every CreateAction names a TYPE handler declared by the twin .iig snippet and implemented with IMPL', () => {
  for (const { prefix, text } of allExpanded().filter((s) => s.language === 'cpp')) {
    const declared = [...expanded('iig', prefix).matchAll(/virtual void (\w+)\(OSAction \* action[^)]*\) TYPE\(\w+::\w+\);/g)].map((m) => m[1]);
    for (const [, handler] of text.matchAll(/CreateAction(\w+)\(0, &ivars->\w+\)/g)) {
      assert.ok(declared.includes(handler), `${prefix}: CreateAction${handler} has no TYPE declaration`);
      assert.match(text, new RegExp(`\\nvoid\\nIMPL\\(MyDriver, ${handler}\\)\\n\\{`), `${prefix}: ${handler} not implemented with IMPL`);
    }
  }
});

test('dk-timer declares a TimerOccurred handler and arms, re-arms, cancels and releases the timer', () => {
  assert.equal(
    expanded('iig', 'dk-timer').split('\n').at(-1),
    'virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);',
  );
  const cpp = expanded('cpp', 'dk-timer');
  const start = functionBody(cpp, /IMPL\(MyDriver, Start\)/);
  assert.ok(start.includes('CopyDispatchQueue(kIOServiceDefaultQueueName, &ivars->timerQueue)'));
  assert.ok(start.includes('IOTimerDispatchSource::Create(ivars->timerQueue, &ivars->timer)'));
  assert.ok(start.includes('CreateActionTimerFired(0, &ivars->timerAction)'));
  assert.ok(start.includes('ivars->timer->SetHandler(ivars->timerAction)'));
  const arm = 'WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) +';
  assert.ok(start.includes(arm), 'Start arms with an absolute uptime deadline');
  assertInOrder(start, ['SetHandler', 'WakeAtTime']);
  assert.ok(functionBody(cpp, /IMPL\(MyDriver, TimerFired\)/).includes(`ivars->timer->${arm}`), 'handler re-arms');
  assert.equal(cpp.split('WakeAtTime(').length - 1, cpp.split(arm).length - 1, 'every WakeAtTime uses the uptime clock');
  const stop = functionBody(cpp, /IMPL\(MyDriver, Stop\)/);
  assert.ok(stop.includes('ivars->timer->Cancel(^{'));
  assert.match(stop, /Cancel\(\^\{\s*OSSafeReleaseNULL\(ivars->timerAction\);\s*Stop\(provider, SUPERDISPATCH\);\s*\}\);/);
  const free = functionBody(cpp, /\nMyDriver::free\(\)/);
  for (const member of ['timerAction', 'timer', 'timerQueue']) assert.ok(free.includes(`OSSafeReleaseNULL(ivars->${member});`));
});

test('dk-interrupt declares an InterruptOccurred handler and creates, enables, disables and cancels the source', () => {
  assert.equal(
    expanded('iig', 'dk-interrupt').split('\n').at(-1),
    'virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);',
  );
  const cpp = expanded('cpp', 'dk-interrupt');
  const start = functionBody(cpp, /IMPL\(MyDriver, Start\)/);
  assert.ok(start.includes('IOInterruptDispatchSource::Create(provider, 0, ivars->interruptQueue, &ivars->interruptSource)'));
  assert.ok(start.includes('CreateActionInterruptOccurred(0, &ivars->interruptAction)'));
  assertInOrder(start, ['ivars->interruptSource->SetHandler(ivars->interruptAction)', 'ivars->interruptSource->SetEnable(true)']);
  assertInOrder(start, ['SetEnable(true)', 'RegisterService()']);
  const stop = functionBody(cpp, /IMPL\(MyDriver, Stop\)/);
  assertInOrder(stop, ['ivars->interruptSource->SetEnable(false)', 'ivars->interruptSource->Cancel(^{']);
  const free = functionBody(cpp, /\nMyDriver::free\(\)/);
  for (const member of ['interruptAction', 'interruptSource', 'interruptQueue']) {
    assert.ok(free.includes(`OSSafeReleaseNULL(ivars->${member});`));
  }
});

test('dk-scsi-map-hba-data bounds the table, sets the length, releases on failure and returns the slot as ID', () => {
  assert.equal(
    expanded('iig', 'dk-scsi-map-hba-data').split('\n').at(-1),
    'virtual kern_return_t UserMapHBAData(uint32_t * uniqueTaskID) override;',
  );
  const cpp = expanded('cpp', 'dk-scsi-map-hba-data');
  const map = functionBody(cpp, /IMPL\(MySCSIController, UserMapHBAData\)/);
  assert.match(map, /const uint32_t slotCount = sizeof\(ivars->taskData\) \/ sizeof\(ivars->taskData\[0\]\);/);
  assert.match(map, /if \(taskID >= slotCount\) \{\s*return kIOReturnNoResources;\s*\}/);
  assertInOrder(map, ['taskID >= slotCount', 'IOBufferMemoryDescriptor::Create(']);
  assert.match(map, /IOBufferMemoryDescriptor::Create\(kIOMemoryDirectionInOut, 4096, 0, &buffer\);\s*if \(ret != kIOReturnSuccess\) \{\s*return ret;/);
  // Once Create has succeeded, every early return must release the local buffer first.
  const afterCreate = map.slice(map.indexOf('buffer->SetLength(4096);'), map.indexOf('ivars->taskData[taskID] = buffer;'));
  const errorReturns = [...afterCreate.matchAll(/return (?!kIOReturnSuccess)[^;]+;/g)];
  assert.ok(errorReturns.length > 0);
  for (const r of errorReturns) assert.match(afterCreate.slice(0, r.index).trimEnd(), /OSSafeReleaseNULL\(buffer\);$/);
  assert.match(map, /ivars->taskData\[taskID\] = buffer;\s*ivars->lastTaskID = taskID;\s*\*uniqueTaskID = taskID;\s*return kIOReturnSuccess;$/);
  const free = functionBody(cpp, /\nMySCSIController::free\(\)/);
  assert.match(free, /for \(uint32_t i = 0; i < slotCount; i\+\+\) \{\s*OSSafeReleaseNULL\(ivars->taskData\[i\]\);\s*\}/);
});

test('dk-class declares the four overrides and implements init, free, Start and Stop by the rules', () => {
  const iig = expanded('iig', 'dk-class');
  assert.ok(iig.includes('class MyDriver : public IOService\n{\npublic:\n'));
  for (const declaration of [
    'virtual bool init() override;',
    'virtual void free() override;',
    'virtual kern_return_t Start(IOService * provider) override;',
    'virtual kern_return_t Stop(IOService * provider) override;',
  ]) {
    assert.ok(iig.includes(`\t${declaration}\n`), declaration);
  }
  const cpp = expanded('cpp', 'dk-class');
  assert.match(cpp, /\nstruct MyDriver_IVars \{/);
  const init = functionBody(cpp, /\nbool\nMyDriver::init\(\)/);
  assert.match(init, /^if \(!super::init\(\)\) \{\s*return false;\s*\}\s*ivars = IONewZero\(MyDriver_IVars, 1\);\s*if \(ivars == nullptr\) \{\s*return false;\s*\}\s*return true;$/);
  const free = functionBody(cpp, /\nvoid\nMyDriver::free\(\)/);
  assert.match(free, /^if \(ivars != nullptr\) \{[\s\S]*\}\s*IOSafeDeleteNULL\(ivars, MyDriver_IVars, 1\);\s*super::free\(\);$/);
  assert.match(functionBody(cpp, /\nkern_return_t\nIMPL\(MyDriver, Start\)/), /^kern_return_t ret = Start\(provider, SUPERDISPATCH\);/);
  assert.equal(functionBody(cpp, /\nkern_return_t\nIMPL\(MyDriver, Stop\)/), 'return Stop(provider, SUPERDISPATCH);');
});

test('writeExpandedSnippets writes each feature as a same-named .iig/.cpp pair', () => {
  const written = writeExpandedSnippets();
  try {
    assert.equal(written.length, LANGUAGES.reduce((n, l) => n + Object.keys(snippetsOf(l)).length, 0));
    for (const file of written) {
      assert.ok(file.path.endsWith(join(file.prefix, `${file.prefix}.${file.language}`)), file.path);
      assert.equal(readFileSync(file.path, 'utf8'), file.text);
    }
    for (const iig of written.filter((f) => f.language === 'iig')) {
      assert.ok(existsSync(iig.path.replace(/\.iig$/, '.cpp')), `${iig.prefix} has no .cpp file`);
    }
  } finally {
    const first = written[0];
    if (first) rmSync(dirname(dirname(first.path)), { recursive: true, force: true });
  }
});
