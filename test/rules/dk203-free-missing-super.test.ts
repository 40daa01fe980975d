// Case table for DK203 free-missing-super: free() overrides that end with super::free() in the ways real drivers
// write them, and overrides that never call it or keep working after it.
import { freeMissingSuper } from '../../server/src/rules/dk203-free-missing-super';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const IIG = lines('class MyDriver : public IOService', '{', 'public:', '    virtual bool init() override;', '    virtual void free() override;', '};');

ruleTester(freeMissingSuper, {
  valid: [
    {
      name: 'super::free(SUPERDISPATCH) is still the super call (DK107 reports the form)',
      files: {
        'MyDriver.cpp': lines('void MyDriver::free()', '{', '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);', '    super::free(SUPERDISPATCH);', '}'),
        'MyDriver.iig': IIG,
      },
    },
    {
      name: "Apple's template: release in a guarded block, delete the ivars, super::free() last",
      files: {
        'MyDriver.cpp': lines(
          'void MyDriver::free()',
          '{',
          '    if (ivars != nullptr) {',
          '        OSSafeReleaseNULL(ivars->timer);',
          '    }',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
          '}',
        ),
        'MyDriver.iig': IIG,
      },
    },
    {
      name: 'early exit that calls super::free() and returns, then the normal path',
      files: {
        'MyDriver.cpp': lines(
          'void MyDriver::free()',
          '{',
          '    if (ivars == nullptr) {',
          '        super::free();',
          '        return;',
          '    }',
          '    OSSafeReleaseNULL(ivars->queue);',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '    super::free();',
          '}',
        ),
      },
    },
    {
      name: 'logging before super::free(), and super::free() as the last statement of both branches',
      files: {
        'MyDriver.cpp': lines(
          'void MyDriver::free()',
          '{',
          '    os_log(OS_LOG_DEFAULT, "MyDriver::free");',
          '    if (ivars) {',
          '        IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '        super::free();',
          '    } else {',
          '        super::free();',
          '    }',
          '}',
        ),
      },
    },
    {
      name: 'a log line with only a message after super::free() (it does not touch the object)',
      files: { 'MyDriver.cpp': lines('void MyDriver::free(void)', '{', '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);', '    super::free();', '    Log("free() finished");', '}') },
    },
    {
      name: 'free() of a helper class that is not a DriverKit object (no .iig, no ivars)',
      files: { 'RingPool.cpp': lines('void RingPool::free()', '{', '    IOFree(slots, count * sizeof(Slot));', '    slots = nullptr;', '}') },
    },
    {
      name: 'a project macro that may expand to super::free()',
      files: { 'MyDriver.cpp': lines('void MyDriver::free()', '{', '    OSSafeReleaseNULL(ivars->queue);', '    DRIVER_FREE_IVARS(MyDriver);', '}') },
    },
  ],
  invalid: [
    {
      name: 'no super::free() at all: appended as the last statement',
      files: {
        'MyDriver.cpp': lines(
          'void MyDriver::⟦free⟧()',
          '{',
          '    if (ivars != nullptr) {',
          '        OSSafeReleaseNULL(ivars->timer);',
          '    }',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '}',
        ),
        'MyDriver.iig': IIG,
      },
      findings: [
        {
          message: "'MyDriver::free()' never calls 'super::free()'",
          fixTitles: ["Call 'super::free()' at the end of free()"],
          output: {
            'MyDriver.cpp': lines(
              'void MyDriver::free()',
              '{',
              '    if (ivars != nullptr) {',
              '        OSSafeReleaseNULL(ivars->timer);',
              '    }',
              '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
              '    super::free();',
              '}',
            ),
          },
        },
      ],
    },
    {
      name: 'tab indentation and CRLF line ends are kept',
      files: { 'MyDriver.cpp': 'void\r\nMyDriver::⟦free⟧()\r\n{\r\n\tos_log(OS_LOG_DEFAULT, "free");\r\n\tIOSafeDeleteNULL(ivars, MyDriver_IVars, 1);\r\n}\r\n' },
      findings: [{ message: 'as the last statement', output: { 'MyDriver.cpp': 'void\r\nMyDriver::free()\r\n{\r\n\tos_log(OS_LOG_DEFAULT, "free");\r\n\tIOSafeDeleteNULL(ivars, MyDriver_IVars, 1);\r\n\tsuper::free();\r\n}\r\n' } }],
    },
    {
      name: 'no super::free() and an early return: appending would miss that path, so no fix',
      files: {
        'MyDriver.cpp': lines('void MyDriver::⟦free⟧()', '{', '    if (ivars == nullptr) {', '        return;', '    }', '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);', '}'),
      },
      findings: [{ message: "never calls 'super::free()'", noFix: true }],
    },
    {
      name: 'statements after super::free() touch the freed object',
      files: {
        'MyDriver.cpp': lines(
          'void MyDriver::free()',
          '{',
          '    ⟦super::free()⟧;',
          '    OSSafeReleaseNULL(ivars->queue);',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '}',
        ),
      },
      findings: [{ message: "move it to the end of 'free()'", noFix: true }],
    },
    {
      name: 'super::free() at the end of an if block, with more code after the if',
      files: {
        'MyDriver.cpp': lines(
          'void MyDriver::free()',
          '{',
          '    if (ivars != nullptr) {',
          '        OSSafeReleaseNULL(ivars->queue);',
          '        ⟦super::free()⟧;',
          '    }',
          '    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);',
          '}',
        ),
      },
      findings: [{ message: 'statements after it still run' }],
    },
  ],
});
