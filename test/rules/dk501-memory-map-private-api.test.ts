// Case table for DK501 memory-map-private-api: documented ways to reach a descriptor's memory, and the private
// six-argument Map on buffers, ivars and descriptors of unknown type.
import { memoryMapPrivateApi } from '../../server/src/rules/dk501-memory-map-private-api';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const ivars = lines(
  'struct MyDriver_IVars {',
  '    IOBufferMemoryDescriptor * buffer;',
  '    IOMemoryDescriptor *       shared;',
  '    IOMemoryMap *              sharedMap;',
  '    RegisterWindow *           window;',
  '};',
);
const fn = (...body: string[]): string => ivars + lines('kern_return_t', 'MyDriver::MapMemory()', '{', ...body, '}');

ruleTester(memoryMapPrivateApi, {
  valid: [
    {
      name: 'CreateMapping, keeping the map in the ivars while the address is used',
      files: {
        'MyDriver.cpp': fn(
          '    kern_return_t ret = ivars->shared->CreateMapping(0, 0, 0, 0, 0, &ivars->sharedMap);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    bzero(reinterpret_cast<void *>(ivars->sharedMap->GetAddress()), ivars->sharedMap->GetLength());',
          '    return kIOReturnSuccess;',
        ),
      },
    },
    {
      name: "GetAddressRange on an IOBufferMemoryDescriptor",
      files: {
        'MyDriver.cpp': fn(
          '    IOAddressSegment range = {};',
          '    kern_return_t ret = ivars->buffer->GetAddressRange(&range);',
          '    if (ret == kIOReturnSuccess) {',
          '        memset(reinterpret_cast<void *>(range.address), 0, range.length);',
          '    }',
          '    return ret;',
        ),
      },
    },
    {
      name: 'a six-argument Map on a project class whose declaration is in view',
      files: { 'MyDriver.cpp': fn('    return ivars->window->Map(0, 0, 0, 0, &ivars->base, &ivars->size);') },
    },
    {
      name: 'Map with other argument counts and Map through a value',
      files: {
        'MyDriver.cpp': fn(
          '    RegisterWindow window;',
          '    window.Map(0, 0, 0, 0, nullptr, nullptr);',
          '    return ivars->table->Map(0x10, 0x20);',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'Map on a local IOBufferMemoryDescriptor (the forum shape)',
      files: {
        'MyDriver.cpp': fn(
          '    IOBufferMemoryDescriptor * buffer = nullptr;',
          '    uint64_t address = 0;',
          '    uint64_t length = 0;',
          '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 4096, 0, &buffer);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    ret = ⟦buffer->Map(0, 0, 0, 0, &address, &length)⟧;',
          '    OSSafeReleaseNULL(buffer);',
          '    return ret;',
        ),
      },
      findings: [{ message: "or read the buffer's address with 'GetAddressRange'", noFix: true }],
    },
    {
      name: 'Map on an IOMemoryDescriptor held in the ivars',
      files: { 'MyDriver.cpp': fn('    uint64_t address = 0, length = 0;', '    return ⟦ivars->shared->Map(0, 0, 0, 0, &address, &length)⟧;') },
      findings: [{ message: /^'ivars->shared->Map\(\.\.\.\)' is a private IOMemoryDescriptor method whose mapping no IOMemoryMap owns; call 'ivars->shared->CreateMapping\(\.\.\.\)' and keep the map while the address is in use\.$/ }],
    },
    {
      name: 'Map on a descriptor of unknown type, inside a condition',
      files: {
        'MyDriver.cpp': fn(
          '    uint64_t address = 0, length = 0;',
          '    if (⟦arguments->structureInputDescriptor->Map(0, 0, 0, 0, &address, &length)⟧ != kIOReturnSuccess) {',
          '        return kIOReturnNoMemory;',
          '    }',
          '    return kIOReturnSuccess;',
        ),
      },
      findings: [{ message: "'arguments->structureInputDescriptor->Map(...)'" }],
    },
    {
      name: 'Map inside a block in an explicit _Impl definition, with no ivars struct in view',
      files: {
        'MyDriver.cpp': lines(
          'kern_return_t MyDriver::CopyClientMemoryForType_Impl(uint64_t type, uint64_t * options, IOMemoryDescriptor ** memory)',
          '{',
          '    ivars->queue->DispatchAsync(^{',
          '        uint64_t address = 0, length = 0;',
          '        ⟦ivars->shared->Map(kIOMemoryMapReadOnly, 0, 0, 0, &address, &length)⟧;',
          '    });',
          '    return kIOReturnUnsupported;',
          '}',
        ),
      },
      findings: [{ message: "call 'ivars->shared->CreateMapping(...)'" }],
    },
  ],
});
