// Case table for DK606 user-client-selector-unchecked: selector bounds checks in the shapes real user clients write
// them (early return, __Require, ternary, switch), and structure inputs checked by a dispatch table or by hand.
import { userClientSelectorUnchecked } from '../../server/src/rules/dk606-user-client-selector-unchecked';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const prologue = lines(
  'enum : uint64_t { kSelectorPing = 0, kSelectorSend, kSelectorCount };',
  'struct SendRequest { uint64_t address; uint32_t length; };',
  '',
  'static kern_return_t DispatchPing(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)',
  '{',
  '    return kIOReturnSuccess;',
  '}',
  '',
  'static kern_return_t DispatchSend(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)',
  '{',
  '    const SendRequest * request = reinterpret_cast<const SendRequest *>(arguments->structureInput->getBytesNoCopy());',
  '    return request->length != 0 ? kIOReturnSuccess : kIOReturnBadArgument;',
  '}',
  '',
);

const table = (sendSize: string, declarator = 'sMethods[kSelectorCount]'): string =>
  lines(
    `static const IOUserClientMethodDispatch ${declarator} = {`,
    '    { &DispatchPing, 0, 0, 0, 0, 0 },',
    `    { &DispatchSend, 0, 0, ${sendSize}, 0, 0 },`,
    '};',
    '',
  );

const externalMethod = (...body: string[]): string =>
  lines(
    'kern_return_t MyUserClient::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,',
    '                                           const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)',
    '{',
    ...body,
    '}',
  );

const superCall = '    return super::ExternalMethod(selector, arguments, &sMethods[selector], this, nullptr);';
const checkedSize = table('sizeof(SendRequest)');

ruleTester(userClientSelectorUnchecked, {
  valid: [
    {
      name: "Apple's sample shape: early return when the selector is out of range, then the checked table",
      files: { 'MyUserClient.cpp': prologue + checkedSize + externalMethod('    if (selector >= kSelectorCount) {', '        return kIOReturnBadArgument;', '    }', superCall) },
    },
    {
      name: 'an AssertMacros __Require_Action guard with a goto exit',
      files: {
        'MyUserClient.cpp':
          prologue +
          checkedSize +
          externalMethod(
            '    kern_return_t ret = kIOReturnBadArgument;',
            '    __Require_Action(selector < kSelectorCount, Exit, ret = kIOReturnBadArgument);',
            '    ret = super::ExternalMethod(selector, arguments, &sMethods[selector], this, nullptr);',
            'Exit:',
            '    return ret;',
          ),
      },
    },
    {
      name: 'a ternary that picks no table entry for an unknown selector',
      files: {
        'MyUserClient.cpp':
          prologue +
          checkedSize +
          externalMethod('    const IOUserClientMethodDispatch * entry = (selector < kSelectorCount) ? &sMethods[selector] : nullptr;', '    return super::ExternalMethod(selector, arguments, entry, this, nullptr);'),
      },
    },
    {
      name: 'an unchecked switch whose handler tests the structure input before reading it',
      files: {
        'MyUserClient.cpp':
          externalMethod('    switch (selector) {', '    case kSelectorSend:', '        return HandleSend(arguments);', '    default:', '        return kIOReturnBadArgument;', '    }') +
          lines(
            '',
            'kern_return_t MyUserClient::HandleSend(IOUserClientMethodArguments * arguments)',
            '{',
            '    if (arguments->structureInput == nullptr || arguments->structureInput->getLength() < sizeof(SendRequest)) {',
            '        return kIOReturnBadArgument;',
            '    }',
            '    const SendRequest * request = (const SendRequest *) arguments->structureInput->getBytesNoCopy();',
            '    return Send(request->address, request->length);',
            '}',
          ),
      },
    },
    {
      name: 'ExternalMethod checks the length, then hands the arguments to the function that reads them',
      files: {
        'MyUserClient.cpp':
          externalMethod(
            '    if (selector != kSelectorSend || arguments->structureInput == nullptr || arguments->structureInput->getLength() != sizeof(SendRequest)) {',
            '        return kIOReturnBadArgument;',
            '    }',
            '    return HandleSend(arguments);',
          ) +
          lines('', 'kern_return_t MyUserClient::HandleSend(IOUserClientMethodArguments * arguments)', '{', '    auto request = (const SendRequest *) arguments->structureInput->getBytesNoCopy();', '    return Send(request->address, request->length);', '}'),
      },
    },
    {
      name: 'a selector indexing something that is not an array declared in the file',
      files: { 'MyUserClient.cpp': externalMethod('    OSObject * handler = ivars->handlers[selector];', '    return handler != nullptr ? kIOReturnSuccess : kIOReturnBadArgument;') },
    },
  ],
  invalid: [
    {
      name: 'the table indexed with the selector and no bounds check',
      files: { 'MyUserClient.cpp': prologue + checkedSize + externalMethod('    return super::ExternalMethod(selector, arguments, &⟦sMethods[selector]⟧, this, nullptr);') },
      findings: [
        {
          message: "'sMethods[selector]' indexes 'sMethods' with the client-supplied 'selector' without a bounds check",
          fixTitles: ["Return kIOReturnBadArgument when 'selector' is out of range"],
          output: {
            'MyUserClient.cpp': prologue + checkedSize + externalMethod('    if (selector >= kSelectorCount) {', '        return kIOReturnBadArgument;', '    }', superCall),
          },
        },
      ],
    },
    {
      name: 'an equality test is not a bounds check; a table without a written size is counted with sizeof',
      files: {
        'MyUserClient.cpp':
          prologue +
          table('sizeof(SendRequest)', 'sMethods[]') +
          externalMethod('    if (selector == kSelectorPing) {', '        os_log(OS_LOG_DEFAULT, "ping %llu", selector);', '    }', '    dispatch = &⟦sMethods[(uint32_t) selector]⟧;', '    return super::ExternalMethod(selector, arguments, dispatch, this, nullptr);'),
      },
      findings: [
        {
          message: "return kIOReturnBadArgument when 'selector >= sizeof(sMethods) / sizeof(sMethods[0])'",
          output: {
            'MyUserClient.cpp':
              prologue +
              table('sizeof(SendRequest)', 'sMethods[]') +
              externalMethod(
                '    if (selector == kSelectorPing) {',
                '        os_log(OS_LOG_DEFAULT, "ping %llu", selector);',
                '    }',
                '    if (selector >= sizeof(sMethods) / sizeof(sMethods[0])) {',
                '        return kIOReturnBadArgument;',
                '    }',
                '    dispatch = &sMethods[(uint32_t) selector];',
                '    return super::ExternalMethod(selector, arguments, dispatch, this, nullptr);',
              ),
          },
        },
      ],
    },
    {
      name: 'a switch hands the arguments to a function that casts the structure input without checking it',
      files: {
        'MyUserClient.cpp':
          externalMethod('    switch (selector) {', '    case kSelectorSend:', '        return HandleSend(arguments);', '    default:', '        return kIOReturnBadArgument;', '    }') +
          lines(
            '',
            'kern_return_t MyUserClient::HandleSend(IOUserClientMethodArguments * arguments)',
            '{',
            '    const SendRequest * request = (const SendRequest *) ⟦arguments->structureInput->getBytesNoCopy⟧();',
            '    return Send(request->address, request->length);',
            '}',
          ),
      },
      findings: [{ message: "'arguments->structureInput' is read with 'getBytesNoCopy()' without checking that it is present and long enough", noFix: true }],
    },
    {
      name: 'a table entry that declares the structure size variable leaves the check to its function',
      files: {
        'MyUserClient.cpp':
          prologue.replace('reinterpret_cast<const SendRequest *>(arguments->structureInput->getBytesNoCopy())', 'reinterpret_cast<const SendRequest *>(⟦arguments->structureInput->getBytesNoCopy⟧())') +
          table('kIOUserClientVariableStructureSize') +
          externalMethod('    if (selector >= kSelectorCount) {', '        return kIOReturnBadArgument;', '    }', superCall),
      },
      findings: [{ message: 'no IOUserClientMethodDispatch entry checks its size' }],
    },
  ],
});
