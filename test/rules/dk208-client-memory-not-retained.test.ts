// Case table for DK208 client-memory-not-retained: CopyClientMemoryForType shapes from real user clients (retain
// before or after, fresh descriptors, forwarding to the provider) and ivars handed out without a reference.
import { clientMemoryNotRetained } from '../../server/src/rules/dk208-client-memory-not-retained';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const IIG = lines(
  'class MyUserClient : public IOUserClient',
  '{',
  'public:',
  '    virtual kern_return_t CopyClientMemoryForType(uint64_t type, uint64_t * options, IOMemoryDescriptor ** memory) override;',
  '};',
);

const copy = (...body: string[]): string => lines('kern_return_t IMPL(MyUserClient, CopyClientMemoryForType)', '{', ...body, '}');

ruleTester(clientMemoryNotRetained, {
  valid: [
    {
      name: 'retain before handing out the same descriptor every time',
      files: {
        'MyUserClient.cpp': copy(
          '    if (type != kSharedMemoryType || ivars->shared == nullptr) {',
          '        return kIOReturnBadArgument;',
          '    }',
          '    ivars->shared->retain();',
          '    *options = kIOUserClientMemoryReadOnly;',
          '    *memory = ivars->shared;',
          '    return kIOReturnSuccess;',
        ),
        'MyUserClient.iig': IIG,
      },
    },
    {
      name: 'cast into *memory after a retain of an array slot, and (*memory)->retain() after the store',
      files: {
        'MyUserClient.cpp': copy(
          '    uint8_t channel = type & 0xF;',
          '    if (ivars->rdma[channel] != nullptr) {',
          '        ivars->rdma[channel]->retain();',
          '        *memory = (IOMemoryDescriptor *)(ivars->rdma[channel]);',
          '        return kIOReturnSuccess;',
          '    }',
          '    *memory = ivars->status;',
          '    (*memory)->retain();',
          '    return kIOReturnSuccess;',
        ),
      },
    },
    {
      name: 'a fresh +1 descriptor handed out directly, and forwarding to super or the provider',
      files: {
        'MyUserClient.cpp': copy(
          '    kern_return_t ret;',
          '    if (type == 0) {',
          '        IOBufferMemoryDescriptor * buffer = nullptr;',
          '        ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 128, 8, &buffer);',
          '        if (ret == kIOReturnSuccess) {',
          '            *memory = buffer;',
          '        }',
          '    } else if (type == 1) {',
          '        ret = ivars->driver->CopyTxBuffer(memory);',
          '    } else {',
          '        ret = CopyClientMemoryForType(type, options, memory, SUPERDISPATCH);',
          '    }',
          '    return ret;',
        ),
      },
    },
    {
      name: 'ownership handed over: the ivar is cleared after the store (_Impl spelling with its own parameter name)',
      files: {
        'MyUserClient.cpp': lines(
          'kern_return_t MyUserClient::CopyClientMemoryForType_Impl(uint64_t type, uint64_t * options, IOMemoryDescriptor ** out)',
          '{',
          '    *out = ivars->pendingDump;',
          '    ivars->pendingDump = nullptr;',
          '    return *out != nullptr ? kIOReturnSuccess : kIOReturnNotReady;',
          '}',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'ivar handed out with no retain; proven non-NULL, so the fix retains directly',
      files: {
        'MyUserClient.cpp': copy(
          '    if (ivars->shared == nullptr) {',
          '        return kIOReturnNotReady;',
          '    }',
          '    *options = 0;',
          '    ⟦*memory = ivars->shared⟧;',
          '    return kIOReturnSuccess;',
        ),
        'MyUserClient.iig': IIG,
      },
      findings: [
        {
          message: "'*memory' receives 'ivars->shared' without a retain",
          fixTitles: ["Retain 'ivars->shared' before storing it"],
          output: {
            'MyUserClient.cpp': copy(
              '    if (ivars->shared == nullptr) {',
              '        return kIOReturnNotReady;',
              '    }',
              '    *options = 0;',
              '    ivars->shared->retain();',
              '    *memory = ivars->shared;',
              '    return kIOReturnSuccess;',
            ),
          },
        },
      ],
    },
    {
      name: 'not known to be non-NULL: the fix guards the retain',
      files: { 'MyUserClient.cpp': copy('    *options = kIOUserClientMemoryReadOnly;', '    ⟦*memory = ivars->shared⟧;', '    return kIOReturnSuccess;') },
      findings: [
        {
          message: "call 'ivars->shared->retain()' before handing it out",
          output: {
            'MyUserClient.cpp': copy(
              '    *options = kIOUserClientMemoryReadOnly;',
              '    if (ivars->shared != nullptr) {',
              '        ivars->shared->retain();',
              '    }',
              '    *memory = ivars->shared;',
              '    return kIOReturnSuccess;',
            ),
          },
        },
      ],
    },
    {
      name: 'a fresh buffer stored into the ivars and handed out as well: two owners, one reference',
      files: {
        'MyUserClient.cpp': copy(
          '    if (ivars->shared == nullptr) {',
          '        IOBufferMemoryDescriptor * buffer = nullptr;',
          '        kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, kSharedBytes, 0, &buffer);',
          '        if (ret != kIOReturnSuccess) {',
          '            return ret;',
          '        }',
          '        ivars->shared = buffer;',
          '    }',
          '    ⟦*memory = ivars->shared⟧;',
          '    return kIOReturnSuccess;',
        ),
      },
      findings: [
        {
          message: "'*memory' receives 'ivars->shared'",
          output: {
            'MyUserClient.cpp': copy(
              '    if (ivars->shared == nullptr) {',
              '        IOBufferMemoryDescriptor * buffer = nullptr;',
              '        kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, kSharedBytes, 0, &buffer);',
              '        if (ret != kIOReturnSuccess) {',
              '            return ret;',
              '        }',
              '        ivars->shared = buffer;',
              '    }',
              '    if (ivars->shared != nullptr) {',
              '        ivars->shared->retain();',
              '    }',
              '    *memory = ivars->shared;',
              '    return kIOReturnSuccess;',
            ),
          },
        },
      ],
    },
    {
      name: 'through a local copy of an ivars array slot, in the _Impl spelling (reported, no fix)',
      files: {
        'MyUserClient.cpp': lines(
          'kern_return_t MyUserClient::CopyClientMemoryForType_Impl(uint64_t type, uint64_t * options, IOMemoryDescriptor ** memory)',
          '{',
          '    IOBufferMemoryDescriptor * slot = ivars->buffers[type];',
          '    if (slot == nullptr) {',
          '        return kIOReturnBadArgument;',
          '    }',
          '    ⟦*memory = slot⟧;',
          '    return kIOReturnSuccess;',
          '}',
        ),
      },
      findings: [{ message: "receives 'ivars->buffers[type]'", noFix: true }],
    },
  ],
});
