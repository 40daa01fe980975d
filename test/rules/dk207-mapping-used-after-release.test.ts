// Case table for DK207 mapping-used-after-release: the ways real drivers read a mapping before releasing it or keep
// the map alive, and addresses that outlive their IOMemoryMap.
import { mappingUsedAfterRelease } from '../../server/src/rules/dk207-mapping-used-after-release';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const fn = (...body: string[]): string => lines('kern_return_t MyDriver::FillBuffer(IOBufferMemoryDescriptor * buffer, uint64_t size)', '{', ...body, '}');

ruleTester(mappingUsedAfterRelease, {
  valid: [
    {
      name: 'address used, then the map released (poisoning a fresh buffer)',
      files: {
        'MyDriver.cpp': fn(
          '    IOMemoryMap * map = nullptr;',
          '    kern_return_t ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    uint8_t * bytes = reinterpret_cast<uint8_t *>(map->GetAddress());',
          '    memset(bytes, 0xA5, size);',
          '    map->release();',
          '    return kIOReturnSuccess;',
        ),
      },
    },
    {
      name: 'address and map both handed to the ivars, local cleared before the cleanup label',
      files: {
        'MyDriver.cpp': fn(
          '    kern_return_t ret;',
          '    IOMemoryMap * map = nullptr;',
          '    ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);',
          '    __Require_noErr(ret, Exit);',
          '    ivars->header = reinterpret_cast<MyHeader *>(map->GetAddress());',
          '    ivars->headerMap = map;',
          '    map = nullptr;',
          'Exit:',
          '    OSSafeReleaseNULL(map);',
          '    return ret;',
        ),
      },
    },
    {
      name: 'released only on an error path that returns; the address is used on the success path',
      files: {
        'MyDriver.cpp': fn(
          '    IOMemoryMap * map = nullptr;',
          '    kern_return_t ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    void * base = reinterpret_cast<void *>(map->GetAddress());',
          '    if (!InitializeQueue(base, size)) {',
          '        OSSafeReleaseNULL(map);',
          '        return kIOReturnError;',
          '    }',
          '    Publish(base);',
          '    ivars->queueMap = map;',
          '    return kIOReturnSuccess;',
        ),
      },
    },
    {
      name: 'the local is re-pointed before the release, and an ivars field cleared before the release',
      files: {
        'MyDriver.cpp': fn(
          '    IOMemoryMap * map = nullptr;',
          '    buffer->CreateMapping(0, 0, 0, 0, 0, &map);',
          '    if (map == nullptr) {',
          '        return kIOReturnNoMemory;',
          '    }',
          '    const uint32_t * words = reinterpret_cast<const uint32_t *>(map->GetAddress());',
          '    ivars->scratch = map->GetAddress();',
          '    Checksum(words, size);',
          '    ivars->scratch = 0;',
          '    words = nullptr;',
          '    OSSafeReleaseNULL(map);',
          '    return words == nullptr ? kIOReturnSuccess : kIOReturnError;',
        ),
      },
    },
    {
      name: 'only the number is used after the release: logged and compared',
      files: {
        'MyDriver.cpp': fn(
          '    IOMemoryMap * map = nullptr;',
          '    kern_return_t ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    uint64_t address = map->GetAddress();',
          '    Probe(reinterpret_cast<volatile uint32_t *>(address));',
          '    OSSafeReleaseNULL(map);',
          '    os_log(OS_LOG_DEFAULT, "MyDriver: probed the mapping at 0x%llx", address);',
          '    return address != 0 ? kIOReturnSuccess : kIOReturnNoMemory;',
        ),
      },
    },
    {
      name: 'the mapping of an ivars map (kept alive by the object) is not tracked',
      files: {
        'MyDriver.cpp': lines(
          'void IMPL(MyDriver, WatchdogFired)',
          '{',
          '    const volatile uint32_t * status = reinterpret_cast<const volatile uint32_t *>(ivars->statusMap->GetAddress());',
          '    if (status[0] == 0) {',
          '        Reset();',
          '    }',
          '}',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'address read after OSSafeReleaseNULL(map)',
      files: {
        'MyDriver.cpp': fn(
          '    IOMemoryMap * map = nullptr;',
          '    kern_return_t ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    uint8_t * bytes = reinterpret_cast<uint8_t *>(map->GetAddress());',
          '    OSSafeReleaseNULL(map);',
          '    memset(⟦bytes⟧, 0, size);',
          '    return kIOReturnSuccess;',
        ),
      },
      findings: [{ message: "'bytes' points into the mapping of 'map', which was already released", noFix: true }],
    },
    {
      name: 'address with an offset, map released with release(), used in a later block',
      files: {
        'MyDriver.cpp': fn(
          '    IOMemoryMap * map = nullptr;',
          '    if (buffer->CreateMapping(0, 0, 0, 0, 0, &map) != kIOReturnSuccess) {',
          '        return kIOReturnNoMemory;',
          '    }',
          '    uint64_t tail = map->GetAddress() + kTailOffset;',
          '    map->release();',
          '    if (size > 0) {',
          '        *reinterpret_cast<uint32_t *>(⟦tail⟧) = 0;',
          '    }',
          '    return kIOReturnSuccess;',
        ),
      },
      findings: [{ message: "'tail' points into the mapping of 'map'" }],
    },
    {
      name: 'address stored in the ivars while the local map is released at the cleanup label',
      files: {
        'MyDriver.cpp': fn(
          '    kern_return_t ret;',
          '    IOMemoryMap * map = nullptr;',
          '    ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);',
          '    __Require_noErr(ret, Exit);',
          '    ⟦ivars->ring = reinterpret_cast<RingEntry *>(map->GetAddress())⟧;',
          '    ret = kIOReturnSuccess;',
          'Exit:',
          '    OSSafeReleaseNULL(map);',
          '    return ret;',
        ),
      },
      findings: [{ message: "'ivars->ring' keeps an address inside the mapping of the local 'map'" }],
    },
    {
      name: 'address copied into the ivars through a local, map released at the end',
      files: {
        'MyDriver.cpp': fn(
          '    IOMemoryMap * map = nullptr;',
          '    kern_return_t ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    uint8_t * base = (uint8_t *) map->GetAddress();',
          '    if (size > kHeaderBytes) {',
          '        ⟦ivars->payload = base + kHeaderBytes⟧;',
          '    }',
          '    OSSafeReleaseNULL(map);',
          '    return kIOReturnSuccess;',
        ),
      },
      findings: [{ message: "'ivars->payload' keeps an address" }],
    },
  ],
});
