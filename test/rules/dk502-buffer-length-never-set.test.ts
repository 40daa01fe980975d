// Case table for DK502 buffer-length-never-set: buffers whose length is set (or whose uses cannot all be seen), and
// buffers handed to DMA, transfers or clients without SetLength, with the exact line the fix adds.
import { bufferLengthNeverSet } from '../../server/src/rules/dk502-buffer-length-never-set';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const fn = (name: string, ...body: string[]): string => lines('kern_return_t', `MyDriver::${name}()`, '{', ...body, '}');

const prepareLocal = (...check: string[]): string =>
  fn(
    'PrepareBounce',
    '    IOBufferMemoryDescriptor * buffer = nullptr;',
    '    kern_return_t ret = ⟦IOBufferMemoryDescriptor::Create⟧(kIOMemoryDirectionInOut, kBounceBytes, 0, &buffer);',
    ...check,
    '    ret = ivars->dma->PrepareForDMA(0, buffer, 0, 0, &ivars->flags, &ivars->count, ivars->segments);',
    '    if (ret == kIOReturnSuccess) {',
    '        ret = RunTransfer();',
    '        ivars->dma->CompleteDMA(kIODMACommandCompleteDMANoOptions);',
    '    }',
    '    OSSafeReleaseNULL(buffer);',
    '    return ret;',
  );

ruleTester(bufferLengthNeverSet, {
  valid: [
    {
      name: "SetLength right after Create, as Apple's sample does",
      files: {
        'MyDriver.cpp': fn(
          'PrepareBounce',
          '    IOBufferMemoryDescriptor * buffer = nullptr;',
          '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 4096, 0, &buffer);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    buffer->SetLength(4096);',
          '    ret = ivars->dma->PrepareForDMA(0, buffer, 0, 0, &ivars->flags, &ivars->count, ivars->segments);',
          '    OSSafeReleaseNULL(buffer);',
          '    return ret;',
        ),
      },
    },
    {
      name: 'an ivars buffer created in one method, its length set in another, read by AsyncIO in a third',
      files: {
        'MyDriver.cpp':
          fn('Allocate', '    return IOBufferMemoryDescriptor::Create(kIOMemoryDirectionIn, kReadBytes, 0, &ivars->readBuffer);') +
          fn('Resize', '    return ivars->readBuffer->SetLength(kReadBytes);') +
          fn('QueueRead', '    return ivars->pipe->AsyncIO(ivars->readBuffer, kReadBytes, ivars->readAction, 0);'),
      },
    },
    {
      name: 'a buffer handed to a function this file cannot follow',
      files: {
        'MyDriver.cpp': fn(
          'Submit',
          '    IOBufferMemoryDescriptor * buffer = nullptr;',
          '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionOut, 512, 0, &buffer);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    ret = FillCommand(buffer);',
          '    if (ret == kIOReturnSuccess) {',
          '        ret = ivars->dma->PrepareForDMA(0, buffer, 0, 0, &ivars->flags, &ivars->count, ivars->segments);',
          '    }',
          '    OSSafeReleaseNULL(buffer);',
          '    return ret;',
        ),
      },
    },
    {
      name: 'a local stored into the ivars (other methods may set its length)',
      files: {
        'MyDriver.cpp': fn(
          'Allocate',
          '    IOBufferMemoryDescriptor * ring = nullptr;',
          '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, kRingBytes, 0, &ring);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    ivars->ring = ring;',
          '    return ivars->dma->PrepareForDMA(0, ring, 0, 0, &ivars->flags, &ivars->count, ivars->segments);',
        ),
      },
    },
    {
      name: 'a shared buffer with its length set, handed to the client in CopyClientMemoryForType',
      files: {
        'MyDriver.cpp':
          fn(
            'Start_Impl',
            '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, kSharedBytes, 0, &ivars->shared);',
            '    if (ret == kIOReturnSuccess) {',
            '        ret = ivars->shared->SetLength(kSharedBytes);',
            '    }',
            '    return ret;',
          ) +
          lines(
            'kern_return_t MyDriver::CopyClientMemoryForType_Impl(uint64_t type, uint64_t * options, IOMemoryDescriptor ** memory)',
            '{',
            '    ivars->shared->retain();',
            '    *memory = ivars->shared;',
            '    return kIOReturnSuccess;',
            '}',
          ),
      },
    },
    {
      name: 'a buffer only mapped and read by the CPU is not reported',
      files: {
        'MyDriver.cpp': fn(
          'Scratch',
          '    IOBufferMemoryDescriptor * buffer = nullptr;',
          '    IOAddressSegment range = {};',
          '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 4096, 0, &buffer);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    ret = buffer->GetAddressRange(&range);',
          '    buffer->release();',
          '    return ret;',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a local prepared for DMA without SetLength; the fix sets it after the error check',
      files: { 'MyDriver.cpp': prepareLocal('    if (ret != kIOReturnSuccess) {', '        return ret;', '    }') },
      findings: [
        {
          message: "'buffer' reaches 'PrepareForDMA' without 'SetLength'",
          fixTitles: ["Set the length of 'buffer' to its capacity"],
          output: {
            'MyDriver.cpp': prepareLocal('    if (ret != kIOReturnSuccess) {', '        return ret;', '    }', '    buffer->SetLength(kBounceBytes);').replace(/[⟦⟧]/g, ''),
          },
        },
      ],
    },
    {
      name: 'an ivars buffer read by AsyncIO; the fix follows __Require_noErr',
      files: {
        'MyDriver.cpp':
          fn(
            'Allocate',
            '    kern_return_t ret = ⟦IOBufferMemoryDescriptor::Create⟧(kIOMemoryDirectionIn, kReadBytes, 0, &ivars->readBuffer);',
            '    __Require_noErr(ret, Exit);',
            '    ret = CreateActionReadDone(0, &ivars->readAction);',
            'Exit:',
            '    return ret;',
          ) + fn('QueueRead', '    return ivars->pipe->AsyncIO(ivars->readBuffer, kReadBytes, ivars->readAction, 0);'),
      },
      findings: [
        {
          message: "'ivars->readBuffer' reaches 'AsyncIO'",
          output: {
            'MyDriver.cpp':
              fn(
                'Allocate',
                '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionIn, kReadBytes, 0, &ivars->readBuffer);',
                '    __Require_noErr(ret, Exit);',
                '    ivars->readBuffer->SetLength(kReadBytes);',
                '    ret = CreateActionReadDone(0, &ivars->readAction);',
                'Exit:',
                '    return ret;',
              ) + fn('QueueRead', '    return ivars->pipe->AsyncIO(ivars->readBuffer, kReadBytes, ivars->readAction, 0);'),
          },
        },
      ],
    },
    {
      name: 'Create tested in place; the fix goes after the if',
      files: {
        'MyDriver.cpp': fn(
          'Allocate',
          '    if (⟦IOBufferMemoryDescriptor::Create⟧(kIOMemoryDirectionOut, 64 * 1024, 0, &ivars->ring) != kIOReturnSuccess) {',
          '        return kIOReturnNoMemory;',
          '    }',
          '    return ivars->ringDMA->PrepareForDMA(0, ivars->ring, 0, 0, &ivars->flags, &ivars->count, ivars->segments);',
        ),
      },
      findings: [
        {
          message: "'ivars->ring' reaches 'PrepareForDMA'",
          output: {
            'MyDriver.cpp': fn(
              'Allocate',
              '    if (IOBufferMemoryDescriptor::Create(kIOMemoryDirectionOut, 64 * 1024, 0, &ivars->ring) != kIOReturnSuccess) {',
              '        return kIOReturnNoMemory;',
              '    }',
              '    ivars->ring->SetLength(64 * 1024);',
              '    return ivars->ringDMA->PrepareForDMA(0, ivars->ring, 0, 0, &ivars->flags, &ivars->count, ivars->segments);',
            ),
          },
        },
      ],
    },
    {
      name: 'a shared buffer handed to the client without SetLength, created in a nested success branch (no fix)',
      files: {
        'MyDriver.cpp':
          fn(
            'Start_Impl',
            '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
            '    if (ret == kIOReturnSuccess) {',
            '        ret = ⟦IOBufferMemoryDescriptor::Create⟧(kIOMemoryDirectionInOut, kSharedBytes, 0, &ivars->shared);',
            '    }',
            '    return ret;',
          ) +
          lines(
            'kern_return_t MyDriver::CopyClientMemoryForType_Impl(uint64_t type, uint64_t * options, IOMemoryDescriptor ** memory)',
            '{',
            '    ivars->shared->retain();',
            '    *memory = ivars->shared;',
            '    return kIOReturnSuccess;',
            '}',
          ),
      },
      findings: [{ message: "reaches 'CopyClientMemoryForType' without 'SetLength'", noFix: true }],
    },
    {
      name: 'a capacity computed by a call gets no fix',
      files: {
        'MyDriver.cpp': fn(
          'Allocate',
          '    IOBufferMemoryDescriptor * buffer = nullptr;',
          '    kern_return_t ret = ⟦IOBufferMemoryDescriptor::Create⟧(kIOMemoryDirectionInOut, RingBytes(), 0, &buffer);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    ret = ivars->dma->PerformOperation(kIODMACommandPerformOperationOptionZero, 0, RingBytes(), 0, buffer);',
          '    buffer->release();',
          '    return ret;',
        ),
      },
      findings: [{ message: "'buffer' reaches 'PerformOperation'", noFix: true }],
    },
  ],
});
