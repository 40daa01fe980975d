// Case table for DK204 init-missing-super: the ways real drivers call and check super::init(), and overrides that
// skip it or ignore its result.
import { initMissingSuper } from '../../server/src/rules/dk204-init-missing-super';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const IIG = lines('class MyDriver : public IOService', '{', 'public:', '    virtual bool init() override;', '    virtual void free() override;', '};');

ruleTester(initMissingSuper, {
  valid: [
    {
      name: "Apple's template: if (!super::init()) return false; then the ivars",
      files: {
        'MyDriver.cpp': lines('bool MyDriver::init()', '{', '    if (!super::init()) {', '        return false;', '    }', '    ivars = IONewZero(MyDriver_IVars, 1);', '    return ivars != nullptr;', '}'),
        'MyDriver.iig': IIG,
      },
    },
    {
      name: 'result kept in a local and tested (if (ok) … return ok;)',
      files: {
        'MyDriver.cpp': lines('bool MyDriver::init()', '{', '    bool ok = super::init();', '    if (ok) {', '        ivars = IONewZero(MyDriver_IVars, 1);', '        ok = (ivars != nullptr);', '    }', '    return ok;', '}'),
      },
    },
    {
      name: 'assignment inside the condition with a goto to the exit label',
      files: {
        'MyDriver.cpp': lines(
          'bool MyDriver::init()',
          '{',
          '    bool result;',
          '    if (!(result = super::init())) {',
          '        goto finish;',
          '    }',
          '    ivars = IONewZero(MyDriver_IVars, 1);',
          '    result = (ivars != nullptr);',
          'finish:',
          '    return result;',
          '}',
        ),
      },
    },
    {
      name: '__Require on super::init() and a combined condition',
      files: {
        'MyDriver.cpp': lines(
          'bool MyDriver::init()',
          '{',
          '    __Require(super::init(), Fail);',
          '    return true;',
          'Fail:',
          '    return false;',
          '}',
          'bool MyClient::init()',
          '{',
          '    if (!super::init() || (ivars = IONewZero(MyClient_IVars, 1)) == nullptr) return false;',
          '    return true;',
          '}',
        ),
      },
    },
    {
      name: 'returning the result directly, and delegating to another init',
      files: {
        'MyDriver.cpp': lines('bool MyDriver::init()', '{', '    return super::init();', '}', 'bool MyClient::init()', '{', '    return initWithQueueDepth(kDefaultDepth);', '}'),
        'MyDriver.iig': lines('class MyClient : public IOUserClient', '{', 'public:', '    virtual bool init() override;', '};'),
      },
    },
    {
      name: 'init() of a helper class that is not a DriverKit object',
      files: { 'Ring.cpp': lines('bool Ring::init()', '{', '    head = 0;', '    tail = 0;', '    return true;', '}') },
    },
  ],
  invalid: [
    {
      name: 'no super::init() at all: inserted first, with a false return',
      files: {
        'MyDriver.cpp': lines('bool MyDriver::⟦init⟧()', '{', '    ivars = IONewZero(MyDriver_IVars, 1);', '    return ivars != nullptr;', '}'),
        'MyDriver.iig': IIG,
      },
      findings: [
        {
          message: "'MyDriver::init()' never calls 'super::init()'",
          fixTitles: ["Call 'super::init()' first and return false when it fails"],
          output: {
            'MyDriver.cpp': lines('bool MyDriver::init()', '{', '    if (!super::init()) {', '        return false;', '    }', '    ivars = IONewZero(MyDriver_IVars, 1);', '    return ivars != nullptr;', '}'),
          },
        },
      ],
    },
    {
      name: 'tab indentation and CRLF line ends are kept',
      files: { 'MyDriver.cpp': 'bool\r\nMyDriver::⟦init⟧()\r\n{\r\n\t// ivars first\r\n\tivars = IONewZero(MyDriver_IVars, 1);\r\n\treturn ivars != nullptr;\r\n}\r\n' },
      findings: [
        {
          message: 'call it first',
          output: { 'MyDriver.cpp': 'bool\r\nMyDriver::init()\r\n{\r\n\tif (!super::init()) {\r\n\t\treturn false;\r\n\t}\r\n\t// ivars first\r\n\tivars = IONewZero(MyDriver_IVars, 1);\r\n\treturn ivars != nullptr;\r\n}\r\n' },
        },
      ],
    },
    {
      name: 'super::init() called as a bare statement: its result is turned into a check',
      files: { 'MyDriver.cpp': lines('bool MyDriver::init()', '{', '    ⟦super::init()⟧;', '    ivars = IONewZero(MyDriver_IVars, 1);', '    return ivars != nullptr;', '}') },
      findings: [
        {
          message: "The result of 'super::init()' is ignored",
          fixTitles: ["Return false when 'super::init()' fails"],
          output: { 'MyDriver.cpp': lines('bool MyDriver::init()', '{', '    if (!super::init()) {', '        return false;', '    }', '    ivars = IONewZero(MyDriver_IVars, 1);', '    return ivars != nullptr;', '}') },
        },
      ],
    },
    {
      name: 'result stored and overwritten before anyone reads it (no fix)',
      files: {
        'MyDriver.cpp': lines('bool MyDriver::init()', '{', '    bool ok = ⟦super::init()⟧;', '    ivars = IONewZero(MyDriver_IVars, 1);', '    ok = ivars != nullptr;', '    return ok;', '}'),
      },
      findings: [{ message: 'is ignored', noFix: true }],
    },
  ],
});
