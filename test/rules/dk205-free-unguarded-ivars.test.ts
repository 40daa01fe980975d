// Case table for DK205 free-unguarded-ivars: the NULL checks real drivers put around ivars in free(), and the
// unguarded shape of Apple's own sample, with the guard the fix wraps around it.
import { freeUnguardedIvars } from '../../server/src/rules/dk205-free-unguarded-ivars';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const free = (...body: string[]): string => lines('void MyDriver::free()', '{', ...body, '}');

ruleTester(freeUnguardedIvars, {
  valid: [
    {
      name: 'if (ivars != nullptr) block, then IOSafeDeleteNULL and super::free()',
      files: {
        'MyDriver.cpp': free(
          '    if (ivars != nullptr) {',
          '        for (uint32_t i = 0; i < kSlots; i++) {',
          '            OSSafeReleaseNULL(ivars->ring[i]);',
          '        }',
          '        OSSafeReleaseNULL(ivars->queue);',
          '    }',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
        ),
      },
    },
    {
      name: 'if (ivars) with a nested test of a field, and IOSafeDeleteNULL inside the guard',
      files: {
        'MyDriver.cpp': free(
          '    if (ivars) {',
          '        if (ivars->rxQueueMap) {',
          '            ivars->rxQueueMap->release();',
          '            ivars->rxQueueMap = nullptr;',
          '        }',
          '        IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    }',
          '    super::free();',
        ),
      },
    },
    {
      name: 'early exit when ivars is NULL',
      files: {
        'MyDriver.cpp': free(
          '    if (ivars == nullptr) {',
          '        super::free();',
          '        return;',
          '    }',
          '    OSSafeReleaseNULL(ivars->timer);',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
        ),
      },
    },
    {
      name: 'short-circuit and conditional expression on ivars',
      files: {
        'MyDriver.cpp': free(
          '    if (ivars && ivars->open) {',
          '        CloseDevice();',
          '    }',
          '    IOLock * lock = ivars ? ivars->lock : nullptr;',
          '    IOLockFreeZero(lock);',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
        ),
      },
    },
    {
      name: 'AssertMacros: __Require(ivars != nullptr, Exit) before the uses, and a reversed comparison',
      files: {
        'MyDriver.cpp':
          free('    __Require(ivars != nullptr, Exit);', '    OSSafeReleaseNULL(ivars->queue);', '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);', 'Exit:', '    super::free();') +
          lines('void MyClient::free()', '{', '    if (nullptr != ivars) {', '        OSSafeReleaseNULL(ivars->provider);', '    }', '    IOSafeDeleteNULL(ivars, MyClient_IVars, 1);', '    super::free();', '}'),
      },
    },
  ],
  invalid: [
    {
      name: "Apple's sample shape: releases straight through ivars, wrapped by the fix",
      files: {
        'MyDriver.cpp': free(
          '    OSSafeReleaseNULL(⟦ivars->interruptSource⟧);',
          '    OSSafeReleaseNULL(ivars->interruptAction);',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
        ),
      },
      findings: [
        {
          message: "'free()' dereferences 'ivars' without a NULL check",
          fixTitles: ["Wrap the uses of 'ivars' in 'if (ivars != nullptr)'"],
          output: {
            'MyDriver.cpp': free(
              '    if (ivars != nullptr) {',
              '        OSSafeReleaseNULL(ivars->interruptSource);',
              '        OSSafeReleaseNULL(ivars->interruptAction);',
              '    }',
              '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
              '    super::free();',
            ),
          },
        },
      ],
    },
    {
      name: 'a field test and a loop over an ivars array are wrapped together, the log line stays outside',
      files: {
        'MyDriver.cpp': free(
          '    os_log(OS_LOG_DEFAULT, "free");',
          '    if (⟦ivars->cdcInterface⟧) {',
          '        delete ivars->cdcInterface;',
          '        ivars->cdcInterface = nullptr;',
          '    }',
          '    // slots',
          '    for (uint32_t i = 0; i < kSlots; i++) {',
          '        OSSafeReleaseNULL(ivars->slots[i]);',
          '    }',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
        ),
      },
      findings: [
        {
          message: "put the uses inside 'if (ivars != nullptr)'",
          output: {
            'MyDriver.cpp': free(
              '    os_log(OS_LOG_DEFAULT, "free");',
              '    if (ivars != nullptr) {',
              '        if (ivars->cdcInterface) {',
              '            delete ivars->cdcInterface;',
              '            ivars->cdcInterface = nullptr;',
              '        }',
              '        // slots',
              '        for (uint32_t i = 0; i < kSlots; i++) {',
              '            OSSafeReleaseNULL(ivars->slots[i]);',
              '        }',
              '    }',
              '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
              '    super::free();',
            ),
          },
        },
      ],
    },
    {
      name: 'uses split by an unrelated call: wrapping would skip the call, so no fix',
      files: {
        'MyDriver.cpp': free(
          '    OSSafeReleaseNULL(⟦ivars->queue⟧);',
          '    ReleaseSharedState();',
          '    OSSafeReleaseNULL(ivars->timer);',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
        ),
      },
      findings: [{ message: "dereferences 'ivars'", noFix: true }],
    },
    {
      name: 'a guard that does not cover the later uses, and a label a goto can reach',
      files: {
        'MyDriver.cpp': free(
          '    if (ivars == nullptr) {',
          '        goto done;',
          '    }',
          '    OSSafeReleaseNULL(ivars->queue);',
          'done:',
          '    OSSafeReleaseNULL(⟦ivars->timer⟧);',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
        ),
      },
      findings: [{ message: "dereferences 'ivars'", noFix: true }],
    },
  ],
});
