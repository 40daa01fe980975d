// Case table for DK503 buffer-create-bad-arguments: direction-only options and plausible sizes stay silent; other
// option bits and swapped capacity/alignment literals are reported, the swap with an exact fix.
import { bufferCreateBadArguments } from '../../server/src/rules/dk503-buffer-create-bad-arguments';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const fn = (...body: string[]): string => lines('kern_return_t', 'MyDriver::Allocate()', '{', ...body, '}');
const create = (args: string): string => fn(`    return IOBufferMemoryDescriptor::Create(${args}, &ivars->buffer);`);

ruleTester(bufferCreateBadArguments, {
  valid: [
    { name: 'a direction constant, a capacity and no alignment', files: { 'MyDriver.cpp': create('kIOMemoryDirectionInOut, 4096, 0') } },
    { name: 'directions combined with |, named sizes', files: { 'MyDriver.cpp': create('kIOMemoryDirectionIn | kIOMemoryDirectionOut, kRingBytes, kRingAlignment') } },
    { name: 'a literal direction and a small buffer with page alignment', files: { 'MyDriver.cpp': create('2, 64, 4096') } },
    {
      name: 'options chosen at run time or named by the project',
      files: {
        'MyDriver.cpp': fn(
          '    kern_return_t ret = IOBufferMemoryDescriptor::Create(toDevice ? kIOMemoryDirectionOut : kIOMemoryDirectionIn, length, 0, &ivars->buffer);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    return IOBufferMemoryDescriptor::Create(kMyBufferDirection, 16384ULL, 0x1000, &ivars->spare);',
        ),
      },
    },
    { name: "IODMACommand::Create's arguments are not a buffer's", files: { 'MyDriver.cpp': fn('    return IODMACommand::Create(ivars->pci, 0x10, &spec, &ivars->dma);') } },
  ],
  invalid: [
    {
      name: 'a copy-on-write flag mixed into the direction',
      files: { 'MyDriver.cpp': create('⟦kIOMemoryDirectionInOut | kIOMemoryDisableCopyOnWrite⟧, 4096, 0') },
      findings: [{ message: "'kIOMemoryDisableCopyOnWrite' is not a memory direction", noFix: true }],
    },
    {
      name: "a mapping option and a user-client option are not directions",
      files: { 'MyDriver.cpp': fn('    return IOBufferMemoryDescriptor::Create(⟦kIOMemoryMapReadOnly | kIOUserClientMemoryReadOnly⟧, kSharedBytes, 0, &ivars->shared);') },
      findings: [{ message: "'kIOMemoryMapReadOnly' and 'kIOUserClientMemoryReadOnly' are not a memory direction" }],
    },
    {
      name: 'a literal with bits above the direction mask',
      files: { 'MyDriver.cpp': create('⟦(0x10 | kIOMemoryDirectionIn)⟧, 4096, 0') },
      findings: [{ message: "'0x10' is not a memory direction" }],
    },
    {
      name: 'zero capacity with a page alignment: the sizes are swapped',
      files: { 'MyDriver.cpp': create('kIOMemoryDirectionInOut, ⟦0, 4096⟧') },
      findings: [
        {
          message: "The capacity '0' and alignment '4096' look swapped",
          fixTitles: ['Swap the capacity and the alignment'],
          output: { 'MyDriver.cpp': create('kIOMemoryDirectionInOut, 4096, 0') },
        },
      ],
    },
    {
      name: 'an alignment that is no power of two, and one larger than any page',
      files: {
        'MyDriver.cpp': fn(
          '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionOut, ⟦16, 1500⟧, &ivars->frame);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    return IOBufferMemoryDescriptor::Create(kIOMemoryDirectionIn, ⟦0x1000, 65536ULL⟧, &ivars->ring);',
        ),
      },
      findings: [
        {
          message: "pass '1500' as the capacity",
          output: {
            'MyDriver.cpp': fn(
              '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionOut, 1500, 16, &ivars->frame);',
              '    if (ret != kIOReturnSuccess) {',
              '        return ret;',
              '    }',
              '    return IOBufferMemoryDescriptor::Create(kIOMemoryDirectionIn, 0x1000, 65536ULL, &ivars->ring);',
            ),
          },
        },
        {
          message: "pass '65536ULL' as the capacity",
          output: {
            'MyDriver.cpp': fn(
              '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionOut, 16, 1500, &ivars->frame);',
              '    if (ret != kIOReturnSuccess) {',
              '        return ret;',
              '    }',
              '    return IOBufferMemoryDescriptor::Create(kIOMemoryDirectionIn, 65536ULL, 0x1000, &ivars->ring);',
            ),
          },
        },
      ],
    },
    {
      name: 'bad options and swapped sizes in one call',
      files: { 'MyDriver.cpp': create('⟦kIOMemoryMapCacheModeInhibit⟧, ⟦0, 0x4000⟧') },
      findings: [{ message: "'kIOMemoryMapCacheModeInhibit' is not a memory direction" }, { message: 'look swapped', output: { 'MyDriver.cpp': create('kIOMemoryMapCacheModeInhibit, 0x4000, 0') } }],
    },
  ],
});
