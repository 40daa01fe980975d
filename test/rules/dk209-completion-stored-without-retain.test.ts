// Case table for DK209 completion-stored-without-retain: user clients that keep the async completion the way real
// drivers do (retain before or after the store, retained in a helper's caller), and stores without a reference.
import { completionStoredWithoutRetain } from '../../server/src/rules/dk209-completion-stored-without-retain';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const subscribe = (...body: string[]): string => lines('kern_return_t MyUserClient::Subscribe(IOUserClientMethodArguments * arguments)', '{', ...body, '}');

ruleTester(completionStoredWithoutRetain, {
  valid: [
    {
      name: 'NULL check, retain, release the previous one, then store',
      files: {
        'MyUserClient.cpp': subscribe(
          '    if (arguments->completion == nullptr) {',
          '        return kIOReturnBadArgument;',
          '    }',
          '    arguments->completion->retain();',
          '    OSSafeReleaseNULL(ivars->subscriber);',
          '    ivars->subscriber = arguments->completion;',
          '    return kIOReturnSuccess;',
        ),
      },
    },
    {
      name: 'store first, then retain through the ivar',
      files: {
        'MyUserClient.cpp': lines(
          'kern_return_t MyUserClient::prepareResponse(void * reference, IOUserClientMethodArguments * arguments)',
          '{',
          '    if (!arguments || !arguments->completion) {',
          '        return kIOReturnBadArgument;',
          '    }',
          '    ivars->m_cbAction = arguments->completion;',
          '    ivars->m_cbAction->retain();',
          '    return kIOReturnSuccess;',
          '}',
        ),
      },
    },
    {
      name: 'static dispatch function storing into a per-task slot through a retained local',
      files: {
        'MyUserClient.cpp': lines(
          'static kern_return_t StartTransfer(OSObject * target, void * reference, IOUserClientMethodArguments * args)',
          '{',
          '    MyUserClient * self = OSDynamicCast(MyUserClient, target);',
          '    OSAction * completion = args->completion;',
          '    if (self == nullptr || completion == nullptr) {',
          '        return kIOReturnBadArgument;',
          '    }',
          '    completion->retain();',
          '    self->ivars->tasks[0].completion = completion;',
          '    return kIOReturnSuccess;',
          '}',
        ),
      },
    },
    {
      name: 'completion parked in the ivars for a synchronous call and cleared before returning',
      files: {
        'MyUserClient.cpp': subscribe('    ivars->current = arguments->completion;', '    RunQueuedWork();', '    ivars->current = nullptr;', '    return kIOReturnSuccess;'),
      },
    },
    {
      name: 'completion only used during the call, and another class member stored',
      files: {
        'MyUserClient.cpp': subscribe(
          '    IOUserClientAsyncArgumentsArray data = {};',
          '    AsyncCompletion(arguments->completion, kIOReturnSuccess, data, 0);',
          '    ivars->lastSelector = arguments->selector;',
          '    return kIOReturnSuccess;',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'stored after a NULL check with no retain: the fix retains directly',
      files: {
        'MyUserClient.cpp': subscribe(
          '    if (arguments->completion == nullptr) {',
          '        return kIOReturnBadArgument;',
          '    }',
          '    OSSafeReleaseNULL(ivars->subscriber);',
          '    ⟦ivars->subscriber = arguments->completion⟧;',
          '    return kIOReturnSuccess;',
        ),
      },
      findings: [
        {
          message: "'ivars->subscriber' keeps 'arguments->completion' without retaining it",
          fixTitles: ["Retain 'arguments->completion' before storing it"],
          output: {
            'MyUserClient.cpp': subscribe(
              '    if (arguments->completion == nullptr) {',
              '        return kIOReturnBadArgument;',
              '    }',
              '    OSSafeReleaseNULL(ivars->subscriber);',
              '    arguments->completion->retain();',
              '    ivars->subscriber = arguments->completion;',
              '    return kIOReturnSuccess;',
            ),
          },
        },
      ],
    },
    {
      name: 'the completion may be NULL here: the fix guards the retain',
      files: {
        'MyUserClient.cpp': lines(
          'kern_return_t MyUserClient::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,',
          '                                           const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)',
          '{',
          '    if (selector == kSelectorWatch) {',
          '        ⟦ivars->watcher = arguments->completion⟧;',
          '        return kIOReturnSuccess;',
          '    }',
          '    return super::ExternalMethod(selector, arguments, dispatch, target, reference);',
          '}',
        ),
      },
      findings: [
        {
          message: 'so a later AsyncCompletion uses a freed action',
          output: {
            'MyUserClient.cpp': lines(
              'kern_return_t MyUserClient::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,',
              '                                           const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)',
              '{',
              '    if (selector == kSelectorWatch) {',
              '        if (arguments->completion != nullptr) {',
              '            arguments->completion->retain();',
              '        }',
              '        ivars->watcher = arguments->completion;',
              '        return kIOReturnSuccess;',
              '    }',
              '    return super::ExternalMethod(selector, arguments, dispatch, target, reference);',
              '}',
            ),
          },
        },
      ],
    },
    {
      name: 'through a local and into an ivars array (reported, no fix)',
      files: {
        'MyUserClient.cpp': lines(
          'static kern_return_t StartTransfer(OSObject * target, void * reference, IOUserClientMethodArguments * args)',
          '{',
          '    MyUserClient * self = OSDynamicCast(MyUserClient, target);',
          '    OSAction * completion = args->completion;',
          '    ⟦self->ivars->tasks[0].completion = completion⟧;',
          '    return kIOReturnSuccess;',
          '}',
        ),
      },
      findings: [{ message: "keeps 'args->completion'", noFix: true }],
    },
  ],
});
