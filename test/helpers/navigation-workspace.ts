// A small DriverKit workspace on disk for the navigation tests: two drivers, an event source, and files to be ignored.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LspTestClient } from './lsp-client';

// Line 10 holds CJK and an emoji (a surrogate pair) before the declaration, so UTF-16 columns differ from bytes.
export const SAMPLE_IIG = `#include <DriverKit/IOService.iig>
#include <DriverKit/IOTimerDispatchSource.iig>
#include "SampleSource.iig"

class SampleDriver : public IOService
{
public:
    virtual bool init() override;
    virtual kern_return_t Start(IOService * provider) override;
    virtual kern_return_t Stop(IOService * provider) override;
    /* 定时 😀 */ virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);
    virtual void OnData(OSAction * action, uint64_t count) TYPE(SampleSource::DataReady);
    kern_return_t Refresh(uint32_t flags) LOCALONLY;
    virtual kern_return_t CopyState(uint64_t length) QUEUENAME(Aux);
};
`;

export const SOURCE_IIG = `#include <DriverKit/IODispatchSource.iig>

class SampleSource : public IODispatchSource
{
public:
    virtual kern_return_t SetHandler(OSAction * action TYPE(DataReady));
    virtual void DataReady(OSAction * action, uint64_t count) = 0;
};
`;

export const DERIVED_IIG = `#include "SampleDriver.iig"

class DerivedDriver : public SampleDriver
{
public:
    virtual kern_return_t Start(IOService * provider) override;
};
`;

// Line 18 holds CJK and an emoji before the CreateAction call.
export const SAMPLE_CPP = `#include "SampleDriver.h"

struct SampleDriver_IVars {
    IOTimerDispatchSource * timer;
    OSAction * timerAction;
    uint32_t count, limit;
};

bool SampleDriver::init()
{
    if (!super::init()) return false;
    ivars = IONewZero(SampleDriver_IVars, 1);
    return ivars != nullptr;
}

kern_return_t IMPL(SampleDriver, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    /* 定时器 😀 */ ret = CreateActionTimerFired(0, &ivars->timerAction);
    ivars->count = 0;
    SampleDriver::Refresh(0);
    return ret;
}

void SampleDriver::TimerFired_Impl(OSAction * action, uint64_t time)
{
    ivars->count++;
}

kern_return_t SampleDriver::Refresh(uint32_t flags) { return kIOReturnSuccess; }

static void helper() {}
`;

export const DATA_PATH_CPP = `#include "SampleDriver.h"

void IMPL(SampleDriver, OnData)
{
    ivars->count += count;
}
`;

export const DERIVED_CPP = `kern_return_t IMPL(DerivedDriver, Start)
{
    Refresh(1);
    return Start(provider, SUPERDISPATCH);
}
`;

/** A definition that must never be found: it lies outside the workspace or in a skipped folder. */
const STRAY_CPP = 'kern_return_t IMPL(SampleDriver, Start)\n{\n    return kIOReturnSuccess;\n}\n';

export interface NavigationWorkspace {
  readonly folder: string;
  readonly outside: string;
  readonly uri: (name: string) => string;
  readonly remove: () => void;
}

/**
 * Writes the workspace. Besides the real sources it holds a symbolic link to a folder outside the workspace, a linked
 * .cpp pointing outside, and a `build/` folder: the server must read none of them.
 */
export function createNavigationWorkspace(): NavigationWorkspace {
  const folder = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-nav-')));
  const outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-nav-outside-')));
  const files: Record<string, string> = {
    'SampleDriver.iig': SAMPLE_IIG,
    'SampleSource.iig': SOURCE_IIG,
    'Derived/DerivedDriver.iig': DERIVED_IIG,
    'SampleDriver.cpp': SAMPLE_CPP,
    'DataPath.cpp': DATA_PATH_CPP,
    'Derived/DerivedDriver.cpp': DERIVED_CPP,
    'build/Generated.cpp': STRAY_CPP,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), text);
  }
  fs.writeFileSync(path.join(outside, 'Stray.cpp'), STRAY_CPP);
  fs.symlinkSync(outside, path.join(folder, 'linked'));
  fs.symlinkSync(path.join(outside, 'Stray.cpp'), path.join(folder, 'Alias.cpp'));
  return {
    folder,
    outside,
    uri: (name) => pathToFileURL(path.join(folder, name)).toString(),
    remove: () => {
      fs.rmSync(folder, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    },
  };
}

/** Polls the server's status until the background scan has indexed at least `files` .iig files. */
export async function waitForIndex(client: LspTestClient, files: number): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const status = await client.request<{ indexedFiles: number; indexing: boolean }>('driverkit/serverStatus', {});
    if (!status.indexing && status.indexedFiles >= files) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the workspace index never reached ${files} files`);
}
