// Case table for DK306 action-reference-without-size.
import { actionReferenceWithoutSize } from '../../server/src/rules/dk306-action-reference-without-size';
import { ruleTester } from '../helpers/rule-tester';

const iig = (extra = ''): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual void PortTimer(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n${extra}};\n`;
const prelude = '#include "MyDriver.h"\n\nstruct PortState {\n    uint32_t port;\n    uint64_t fired;\n};\n\n';
const start = (body: string): string => `kern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n${body}\n    return ret;\n}\n`;
const timerImpl = (body: string): string => `\nvoid IMPL(MyDriver, PortTimer)\n{\n${body}\n}\n`;
const useReference = '    PortState * state = (PortState *) action->GetReference();\n    state->fired = time;';

ruleTester(actionReferenceWithoutSize, {
  valid: [
    {
      name: 'the action is created with room for the reference it reads',
      files: { 'MyDriver.cpp': prelude + start('    ret = CreateActionPortTimer(sizeof(PortState), &ivars->portAction);') + timerImpl(useReference), 'MyDriver.iig': iig() },
    },
    {
      name: 'size 0, and the handler never asks for a reference',
      files: { 'MyDriver.cpp': prelude + start('    ret = CreateActionPortTimer(0, &ivars->portAction);') + timerImpl('    ivars->fired = time;'), 'MyDriver.iig': iig() },
    },
    {
      name: 'a size held in a variable, and one creation with a size among several',
      files: {
        'MyDriver.cpp': prelude + start('    size_t size = ivars->referenceSize;\n    ret = CreateActionPortTimer(size, &ivars->portAction);\n    ret = CreateActionPortTimer(0, &ivars->spareAction);') + timerImpl(useReference),
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'no visible CreateAction call: the action is created in another file of the class',
      files: { 'MyDriver.cpp': prelude + timerImpl(useReference), 'MyDriver.iig': iig('    kern_return_t CreateTimers() LOCALONLY;\n') },
    },
    {
      name: 'GetReference on another action, and a local that hides the parameter',
      files: {
        'MyDriver.cpp':
          prelude +
          start('    ret = CreateActionPortTimer(0, &ivars->portAction);') +
          timerImpl(
            '    PortState * other = (PortState *) ivars->otherAction->GetReference();\n    other->fired = time;\n    {\n        OSAction * action = ivars->peerAction;\n        PortState * peer = (PortState *) action->GetReference();\n        peer->fired = time;\n    }',
          ),
        'MyDriver.iig': iig(),
      },
    },
  ],
  invalid: [
    {
      name: 'IMPL style with a C cast: the fix allocates sizeof(PortState)',
      files: { 'MyDriver.cpp': prelude + start('    ret = CreateActionPortTimer(0, &ivars->portAction);') + timerImpl('    PortState * state = (PortState *) ⟦action->GetReference()⟧;\n    state->fired = time;'), 'MyDriver.iig': iig() },
      findings: [
        {
          message: "'action->GetReference()' is always NULL here because every 'CreateActionPortTimer' call passes a reference size of 0",
          fixTitles: ["Pass 'sizeof(PortState)' as the reference size of 'CreateActionPortTimer'"],
          output: { 'MyDriver.cpp': prelude + start('    ret = CreateActionPortTimer(sizeof(PortState), &ivars->portAction);') + timerImpl(useReference) },
        },
      ],
    },
    {
      name: '_Impl style with its own parameter name and static_cast',
      files: {
        'MyDriver.cpp':
          prelude +
          start('    ret = CreateActionPortTimer(0x0, &ivars->portAction);') +
          '\nvoid MyDriver::PortTimer_Impl(OSAction * timerAction, uint64_t time)\n{\n    auto * state = static_cast<PortState *>(⟦timerAction->GetReference()⟧);\n    state->port = 1;\n}\n',
        'MyDriver.iig': iig(),
      },
      findings: [
        {
          message: "'timerAction->GetReference()'",
          output: {
            'MyDriver.cpp':
              prelude +
              start('    ret = CreateActionPortTimer(sizeof(PortState), &ivars->portAction);') +
              '\nvoid MyDriver::PortTimer_Impl(OSAction * timerAction, uint64_t time)\n{\n    auto * state = static_cast<PortState *>(timerAction->GetReference());\n    state->port = 1;\n}\n',
          },
        },
      ],
    },
    {
      name: 'two creations, both with size 0: reported without a fix',
      files: {
        'MyDriver.cpp': prelude + start('    ret = CreateActionPortTimer(0, &ivars->portAction);\n    ret = CreateActionPortTimer(0, &ivars->spareAction);') + timerImpl('    PortState * state = (PortState *) ⟦action->GetReference()⟧;\n    state->fired = time;'),
        'MyDriver.iig': iig(),
      },
      findings: [{ message: 'reference size of 0', noFix: true }],
    },
    {
      name: 'the reference is not cast to a type: reported without a fix',
      files: { 'MyDriver.cpp': prelude + start('    ret = CreateActionPortTimer(0, &ivars->portAction);') + timerImpl('    void * reference = ⟦action->GetReference()⟧;\n    memset(reference, 0, 8);'), 'MyDriver.iig': iig() },
      findings: [{ message: "as in 'CreateActionPortTimer(sizeof(MyReference), &action)'", noFix: true }],
    },
    {
      name: 'without the .iig: the handler is known from its CreateAction call',
      files: { 'MyDriver.cpp': prelude + start('    ret = CreateActionPortTimer(0, &ivars->portAction);') + timerImpl('    PortState * state = reinterpret_cast<PortState *>(⟦action->GetReference()⟧);\n    state->fired = time;') },
      findings: [{ message: 'is always NULL here', output: { 'MyDriver.cpp': prelude + start('    ret = CreateActionPortTimer(sizeof(PortState), &ivars->portAction);') + timerImpl('    PortState * state = reinterpret_cast<PortState *>(action->GetReference());\n    state->fired = time;') } }],
    },
  ],
});
