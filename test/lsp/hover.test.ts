// End-to-end tests of hover over stdio: DriverKit classes, methods, annotations and TYPE prototypes, with exact ranges.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client';
import { BACKENDS } from '../helpers/parsers';

const IIG = `#include <DriverKit/IOService.iig>
#include <DriverKit/IOTimerDispatchSource.iig>

class HoverDriver : public IOService
{
public:
    virtual kern_return_t Start(IOService * provider) override;
    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);
    kern_return_t Helper(uint32_t value) LOCALONLY;
};
`;

// Line 12 starts with a comment holding CJK and an emoji (a surrogate pair), so UTF-16 columns differ from bytes.
const CPP = `#include "HoverDriver.h"

struct HoverDriver_IVars {
    IOTimerDispatchSource * timer;
    IOBufferMemoryDescriptor * buffer;
};

kern_return_t IMPL(HoverDriver, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 4096, 0, &ivars->buffer);
    /* 定时器 😀 */ ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, 0, 0);
    uint32_t localValue = 0;
    unknownSource->WakeAtTime(kIOTimerClockUptimeRaw, localValue, 0);
    unknownSource->Cancel(nullptr);
    return ret;
}
`;

interface HoverResult {
  contents: { kind: string; value: string };
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

type Span = [number, number, number, number];

function spanOf(hover: HoverResult): Span {
  return [hover.range.start.line, hover.range.start.character, hover.range.end.line, hover.range.end.character];
}

for (const backend of BACKENDS) {
  describe(`hover over stdio (${backend} parser)`, () => {
    let client: LspTestClient;
    let folder: string;
    let iigUri: string;
    let cppUri: string;
    const hover = (uri: string, line: number, character: number): Promise<HoverResult | null> =>
      client.request<HoverResult | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

    before(async () => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-hover-'));
      iigUri = pathToFileURL(path.join(folder, 'HoverDriver.iig')).toString();
      cppUri = pathToFileURL(path.join(folder, 'HoverDriver.cpp')).toString();
      client = new LspTestClient();
      const init = await client.initialize({ rootUri: pathToFileURL(folder).toString(), initializationOptions: { parserBackend: backend, settings: { debounceMs: 0 } } });
      assert.equal(init.capabilities.hoverProvider, true);
      client.notify('textDocument/didOpen', { textDocument: { uri: iigUri, languageId: 'iig', version: 1, text: IIG } });
      client.notify('textDocument/didOpen', { textDocument: { uri: cppUri, languageId: 'cpp', version: 1, text: CPP } });
    });

    after(async () => {
      await client.shutdown();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('shows a class with its declaration, header, summary, docs link and rules', async () => {
      const result = await hover(cppUri, 10, 15);
      assert.ok(result);
      assert.deepEqual(spanOf(result), [10, 10, 10, 34]);
      assert.equal(result.contents.kind, 'markdown');
      assert.equal(
        result.contents.value,
        [
          '```cpp',
          'class IOBufferMemoryDescriptor : public IOMemoryDescriptor',
          '```',
          '',
          'Declared in `DriverKit/IOBufferMemoryDescriptor.iig`.',
          '',
          'A memory buffer allocated for the dext; it starts with length 0 until SetLength is called.',
          '',
          '[Apple documentation](https://developer.apple.com/documentation/driverkit/iobuffermemorydescriptor)',
          '',
          'Rules: DK502 `buffer-length-never-set`, DK503 `buffer-create-bad-arguments`, DK201 `leaked-retained-object`',
        ].join('\n'),
      );
    });
    it('shows a static method named with its class, with the dispatch, summary, docs link and rules', async () => {
      const result = await hover(cppUri, 10, 40);
      assert.ok(result);
      assert.deepEqual(spanOf(result), [10, 36, 10, 42]);
      assert.equal(
        result.contents.value,
        [
          '```cpp',
          'static kern_return_t Create(uint64_t options, uint64_t capacity, uint64_t alignment, IOBufferMemoryDescriptor ** memory);',
          '```',
          '',
          '**`IOBufferMemoryDescriptor::Create`** — static, message-dispatched (RPC)',
          '',
          'Allocates a buffer of capacity bytes; options may hold only kIOMemoryDirection* bits. Returned at +1.  ',
          "The buffer's length is 0 until SetLength is called.",
          '',
          '[Apple documentation](https://developer.apple.com/documentation/driverkit/iobuffermemorydescriptor/create)',
          '',
          'Rules: DK503 `buffer-create-bad-arguments`, DK502 `buffer-length-never-set`, DK201 `leaked-retained-object`',
        ].join('\n'),
      );
    });

    it('explains an iig annotation over its whole range', async () => {
      const result = await hover(iigUri, 8, 45);
      assert.ok(result);
      assert.deepEqual(spanOf(result), [8, 41, 8, 50]);
      assert.equal(
        result.contents.value,
        [
          '```cpp',
          'LOCALONLY',
          '```',
          '',
          '**`LOCALONLY`** (iig annotation)',
          '',
          'The method runs only inside the dext process: no RPC message, no _Impl, defined as a plain C++ method.  ',
          'Reach its base with super::Method(...), never with SUPERDISPATCH.',
          '',
          '[Apple documentation](https://developer.apple.com/documentation/driverkit/localonly)',
          '',
          'Rules: DK107 `superdispatch-on-localonly`, DK108 `helper-missing-localonly`, DK102 `iig-annotation-outside-iig`',
        ].join('\n'),
      );
    });

    it('shows the callback prototype when hovering inside TYPE(...)', async () => {
      const result = await hover(iigUri, 7, 95);
      assert.ok(result);
      // The range is the annotation's argument, `IOTimerDispatchSource::TimerOccurred`.
      assert.deepEqual(spanOf(result), [7, 67, 7, 103]);
      assert.equal(
        result.contents.value,
        [
          '```cpp',
          'virtual void TimerOccurred(OSAction * action TARGET, uint64_t time) REPLY LOCAL;',
          '```',
          '',
          '**`IOTimerDispatchSource::TimerOccurred`** — callback prototype',
          '',
          'The callback prototype of a timer: a handler declared TYPE(IOTimerDispatchSource::TimerOccurred) takes (OSAction * action, uint64_t time).  ',
          'time is when the timer fired (mach_absolute_time).',
          '',
          'A `TYPE(IOTimerDispatchSource::TimerOccurred)` handler takes `(OSAction * action, uint64_t time)` and returns `void`.',
          '',
          '[Apple documentation](https://developer.apple.com/documentation/driverkit/iotimerdispatchsource)',
          '',
          'Rules: DK101 `type-callback-declaration`, DK109 `handler-type-mismatch`',
        ].join('\n'),
      );
      // The TYPE word itself explains the annotation instead.
      const word = await hover(iigUri, 7, 63);
      assert.deepEqual(word && [spanOf(word), word.contents.value.split('\n')[4]], [[7, 62, 7, 104], '**`TYPE`** (iig annotation)']);
    });

    it('resolves a member call on an ivar after CJK and emoji text with UTF-16 columns', async () => {
      // '    /* 定时器 😀 */ ivars->timer->' is 31 UTF-16 code units: "😀" counts two.
      const result = await hover(cppUri, 11, 35);
      assert.ok(result);
      assert.deepEqual(spanOf(result), [11, 31, 11, 41]);
      assert.equal(result.contents.value.split('\n')[1], 'virtual kern_return_t WakeAtTime(uint64_t options, uint64_t deadline, uint64_t leeway);');
      assert.equal(result.contents.value.split('\n')[4], '**`IOTimerDispatchSource::WakeAtTime`** — message-dispatched (RPC): an override uses `IMPL`/`_Impl` and reaches the base with `SUPERDISPATCH`');
    });

    it('resolves overrides and unqualified base calls through the workspace class chain', async () => {
      const titleAt = async (uri: string, line: number, character: number): Promise<[Span, string] | null> => {
        const result = await hover(uri, line, character);
        return result && [spanOf(result), result.contents.value.split('\n')[4]];
      };
      const startTitle = '**`IOService::Start`** — message-dispatched (RPC): an override uses `IMPL`/`_Impl` and reaches the base with `SUPERDISPATCH`';
      assert.deepEqual(await titleAt(cppUri, 7, 34), [[7, 32, 7, 37], startTitle]);
      assert.deepEqual(await titleAt(cppUri, 9, 26), [[9, 24, 9, 29], startTitle]);
      assert.deepEqual(await titleAt(iigUri, 6, 28), [[6, 26, 6, 31], startTitle]);
      assert.deepEqual(await titleAt(cppUri, 9, 45), [[9, 40, 9, 53], '**`SUPERDISPATCH`** (iig macro)']);
      assert.deepEqual(await titleAt(cppUri, 7, 15), [[7, 14, 7, 18], '**`IMPL`** (iig macro)']);
    });

    it('falls back to a unique method name only when the receiver type is unknown and one class has the method', async () => {
      const unique = await hover(cppUri, 13, 22);
      assert.deepEqual(unique && [spanOf(unique), unique.contents.value.split('\n')[4].split(' — ')[0]], [[13, 19, 13, 29], '**`IOTimerDispatchSource::WakeAtTime`**']);
      // Several classes declare Cancel: showing one of them could name the wrong class.
      assert.equal(await hover(cppUri, 14, 20), null);
    });

    it('answers null on names the knowledge base lacks, on the handler the driver declares, and on whitespace', async () => {
      assert.equal(await hover(cppUri, 12, 15), null, 'a local variable');
      assert.equal(await hover(iigUri, 7, 20), null, "the driver's own TYPE handler");
      assert.equal(await hover(cppUri, 12, 2), null, 'indentation');
      assert.equal(await hover(cppUri, 1, 0), null, 'an empty line');
      assert.equal(await hover(cppUri, 40, 0), null, 'past the end of the document');
    });
  });
}
