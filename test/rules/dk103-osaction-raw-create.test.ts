// Case table for DK103 osaction-raw-create.
import { osactionRawCreate } from '../../server/src/rules/dk103-osaction-raw-create';
import { ruleTester } from '../helpers/rule-tester';

const iig = (members: string): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n${members}};\n`;
const timerHandler = '    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n';
const interruptHandler = '    virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);\n';
const start = (body: string): string => `#include "MyDriver.h"\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret;\n${body}\n    return ret;\n}\n`;

ruleTester(osactionRawCreate, {
  valid: [
    { name: 'the generated CreateAction factory', files: { 'MyDriver.cpp': start('    ret = CreateActionTimerFired(sizeof(uint64_t), &ivars->timerAction);'), 'MyDriver.iig': iig(timerHandler) } },
    { name: 'OSAction::Create named in a comment and a string', files: { 'MyDriver.cpp': start('    // never call OSAction::Create(this, 0, 0, 0, &a) here\n    IOLog("OSAction::Create is private\\n");\n    ret = kIOReturnSuccess;') } },
    { name: "another class's Create", files: { 'MyDriver.cpp': start('    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n    ret = MyAction::Create(this, 0, 0, 0, &ivars->action);') } },
    { name: 'a member named Create on an action object', files: { 'MyDriver.cpp': start('    ret = ivars->factory->Create(this, 0, 0, 0, &ivars->action);') } },
  ],
  invalid: [
    {
      name: 'one TYPE handler: replaced by its CreateAction',
      files: { 'MyDriver.cpp': start('    ret = ⟦OSAction::Create⟧(this, 0, 0, 0, &ivars->timerAction);'), 'MyDriver.iig': iig(timerHandler) },
      findings: [
        {
          message: "'OSAction::Create' creates an untyped action",
          fixTitles: ["Use 'CreateActionTimerFired' (IOTimerDispatchSource::TimerOccurred)"],
          output: { 'MyDriver.cpp': start('    ret = CreateActionTimerFired(0, &ivars->timerAction);') },
        },
      ],
    },
    {
      name: 'several TYPE handlers: one fix per candidate',
      files: { 'MyDriver.cpp': start('    ret = ⟦OSAction::Create⟧(this, MyDriver_X_ID, 0, sizeof(void *), &action);'), 'MyDriver.iig': iig(timerHandler + interruptHandler) },
      findings: [
        {
          message: 'CreateAction<Handler>',
          fix: 1,
          fixTitles: ["Use 'CreateActionTimerFired' (IOTimerDispatchSource::TimerOccurred)", "Use 'CreateActionInterruptOccurred' (IOInterruptDispatchSource::InterruptOccurred)"],
          output: { 'MyDriver.cpp': start('    ret = CreateActionInterruptOccurred(sizeof(void *), &action);') },
        },
      ],
    },
    {
      name: 'several TYPE handlers, but SetHandler on a timer source picks the timer one',
      files: {
        'MyDriver.cpp': start(
          '    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n    ret = ⟦OSAction::Create⟧(this, 0, 0, 0, &ivars->timerAction);\n    ivars->timer->SetHandler(ivars->timerAction);',
        ),
        'MyDriver.iig': iig(interruptHandler + timerHandler),
      },
      findings: [
        {
          message: 'CreateAction<Handler>',
          fixTitles: ["Use 'CreateActionTimerFired' (IOTimerDispatchSource::TimerOccurred)"],
          output: {
            'MyDriver.cpp': start(
              '    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n    ret = CreateActionTimerFired(0, &ivars->timerAction);\n    ivars->timer->SetHandler(ivars->timerAction);',
            ),
          },
        },
      ],
    },
    {
      name: 'no TYPE handler: declares one in the .iig and defines it in the .cpp',
      files: { 'MyDriver.cpp': start('    ret = ⟦OSAction::Create⟧(this, 0, 0, 0, &ivars->action);'), 'MyDriver.iig': iig('') },
      findings: [
        {
          message: 'declare a TYPE handler',
          fix: 1,
          fixTitles: [
            "Declare a timer handler 'TimerOccurred' in MyDriver's .iig and use 'CreateActionTimerOccurred'",
            "Declare an interrupt handler 'InterruptOccurred' in MyDriver's .iig and use 'CreateActionInterruptOccurred'",
            "Declare a data-queue handler 'DataAvailable' in MyDriver's .iig and use 'CreateActionDataAvailable'",
          ],
          output: {
            'MyDriver.cpp':
              start('    ret = CreateActionInterruptOccurred(0, &ivars->action);').slice(0, -1) +
              '\n\nvoid MyDriver::InterruptOccurred_Impl(OSAction * action, uint64_t count, uint64_t time)\n{\n}\n',
            'MyDriver.iig': iig(interruptHandler).replace(
              '#include <DriverKit/IOTimerDispatchSource.iig>\n',
              '#include <DriverKit/IOTimerDispatchSource.iig>\n#include <DriverKit/IOInterruptDispatchSource.iig>\n',
            ),
          },
        },
      ],
    },
    {
      name: 'no TYPE handler, but the action goes to an interrupt source: only the interrupt handler is offered',
      files: {
        'MyDriver.cpp': start(
          '    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &ivars->source);\n    ret = ⟦OSAction::Create⟧(this, 0, 0, 0, &ivars->action);\n    ivars->source->SetHandler(ivars->action);',
        ),
        'MyDriver.iig': iig(''),
      },
      findings: [{ message: 'untyped action', fixTitles: ["Declare an interrupt handler 'InterruptOccurred' in MyDriver's .iig and use 'CreateActionInterruptOccurred'"] }],
    },
    {
      name: 'CreateWithTypeName, and a target other than this (no fix for the latter)',
      files: {
        'MyDriver.cpp': start('    ret = ⟦OSAction::CreateWithTypeName⟧(this, 1, 2, 0, name, &a);\n    ret = ⟦OSAction::Create⟧(ivars->client, 0, 0, 0, &b);'),
        'MyDriver.iig': iig(timerHandler),
      },
      findings: [
        { message: "'OSAction::CreateWithTypeName'", output: { 'MyDriver.cpp': start('    ret = CreateActionTimerFired(0, &a);\n    ret = OSAction::Create(ivars->client, 0, 0, 0, &b);') } },
        { message: "'OSAction::Create'", noFix: true },
      ],
    },
    {
      name: 'class .iig not in the workspace: reported without a fix',
      files: { 'Other.cpp': '#include "Other.h"\nvoid IMPL(Other, Arm)\n{\n    ⟦OSAction::Create⟧(this, 0, 0, 0, &ivars->a);\n}\n' },
      findings: [{ message: 'untyped action', noFix: true }],
    },
  ],
});
