// Builds deterministic, realistic DriverKit sources for the benchmark: one .iig/.cpp pair of a given size, and a tree.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A small deterministic PRNG (mulberry32), so every run measures the same text. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HELPERS = [
  (n: number) => `kern_return_t
BenchDriver::AllocateRing${n}(uint64_t size)
{
    IOBufferMemoryDescriptor * buffer = nullptr;
    IOMemoryMap * map = nullptr;
    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, size, 0, &buffer);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    ret = buffer->SetLength(size);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    ivars->rings[${n} % 8] = buffer;
    ivars->maps[${n} % 8] = map;
    return kIOReturnSuccess;
Exit:
    OSSafeReleaseNULL(map);
    OSSafeReleaseNULL(buffer);
    return ret;
}
`,
  (n: number) => `void
BenchDriver::ProgramRegisters${n}(uint32_t value)
{
    // Write the doorbell and wait for the controller to acknowledge (bounded).
    for (uint32_t attempt = 0; attempt < 16; attempt++) {
        ivars->pciDevice->MemoryWrite32(ivars->barIndex, 0x${(0x100 + n * 4).toString(16)}, value ^ attempt);
        uint32_t status = 0;
        ivars->pciDevice->MemoryRead32(ivars->barIndex, 0x${(0x200 + n * 4).toString(16)}, &status);
        if ((status & 0x1) != 0) {
            break;
        }
    }
}
`,
  (n: number) => `kern_return_t
BenchDriver::CompleteTask${n}(uint64_t taskID, SCSITaskStatus status, uint64_t transferred)
{
    SCSIUserParallelResponse response = {};
    response.version = kScsiUserParallelTaskResponseCurrentVersion1;
    response.fControllerTaskIdentifier = taskID;
    response.fCompletionStatus = status;
    response.fServiceResponse = kSCSIServiceResponse_TASK_COMPLETE;
    response.fBytesTransferred = transferred;
    if (ivars->completions[taskID % 64] == nullptr) {
        return kIOReturnNotFound;
    }
    ParallelTaskCompletion(ivars->completions[taskID % 64], response);
    OSSafeReleaseNULL(ivars->completions[taskID % 64]);
    return kIOReturnSuccess;
}
`,
];

/** A .cpp of about `lines` lines made of realistic helper functions, and the .iig declaring them. */
export function generateDriver(lines: number, seed = 1): { iig: string; cpp: string } {
  const next = random(seed);
  const header = '// Generated for the benchmark: realistic DriverKit controller code.\n#include "BenchDriver.h"\n\n';
  const parts: string[] = [header];
  const declarations: string[] = [];
  let count = header.split('\n').length;
  for (let n = 0; count < lines; n++) {
    const kind = Math.floor(next() * HELPERS.length);
    const text = HELPERS[kind](n);
    parts.push(text, '\n');
    count += text.split('\n').length;
    const name = ['AllocateRing', 'ProgramRegisters', 'CompleteTask'][kind];
    const signature = ['kern_return_t %(uint64_t size)', 'void %(uint32_t value)', 'kern_return_t %(uint64_t taskID, SCSITaskStatus status, uint64_t transferred)'][kind];
    declarations.push(`    ${signature.replace('%', `${name}${n}`)} LOCALONLY;`);
  }
  const iig = `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass BenchDriver : public IOService\n{\npublic:\n    virtual bool init() override;\n    virtual void free() override;\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n${declarations.join('\n')}\n};\n`;
  return { iig, cpp: parts.join('') };
}

/** Writes `files` driver pairs of ~`linesPerFile` lines into `dir` (in subfolders of 50), returns the line total. */
export function writeTree(dir: string, files: number, linesPerFile: number): number {
  let total = 0;
  for (let i = 0; i < files; i++) {
    const folder = path.join(dir, `dext${Math.floor(i / 50)}`);
    fs.mkdirSync(folder, { recursive: true });
    const { iig, cpp } = generateDriver(linesPerFile, i + 1);
    const name = `BenchDriver${i}`;
    fs.writeFileSync(path.join(folder, `${name}.iig`), iig.replace(/BenchDriver/g, name));
    fs.writeFileSync(path.join(folder, `${name}.cpp`), cpp.replace(/BenchDriver/g, name));
    total += iig.split('\n').length + cpp.split('\n').length;
  }
  return total;
}
