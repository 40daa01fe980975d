// Case table for DK104 create-action-without-handler.
import { createActionWithoutHandler } from '../../server/src/rules/dk104-create-action-without-handler';
import { ruleTester } from '../helpers/rule-tester';

const iig = (members: string, base = 'IOService'): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass MyDriver : public ${base}\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n${members}};\n`;
const timerHandler = '    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n';
const start = (body: string, rest = ''): string =>
  `#include "MyDriver.h"\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n${body}\n    return ret;\n}\n${rest}`;
const timerSetup = (create: string): string =>
  `    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n    ret = ${create}(0, &ivars->timerAction);\n    ret = ivars->timer->SetHandler(ivars->timerAction);`;

ruleTester(createActionWithoutHandler, {
  valid: [
    { name: 'the factory of a declared TYPE handler', files: { 'MyDriver.cpp': start(timerSetup('CreateActionTimerFired')), 'MyDriver.iig': iig(timerHandler) } },
    {
      name: 'a handler inherited from a base class of the workspace, called through this->',
      files: {
        'MyDriver.cpp': start('    ret = this->CreateActionTimerFired(sizeof(uint64_t), &ivars->timerAction);'),
        'MyDriver.iig': iig('', 'MyTimerBase'),
        'MyTimerBase.iig': `#include <DriverKit/IOService.iig>\nclass MyTimerBase : public IOService\n{\npublic:\n${timerHandler}};\n`,
      },
    },
    {
      name: "another project's MyDriver in the workspace: this file includes a different generated header",
      files: {
        'Heartbeat/Heartbeat.cpp': start('    ret = CreateActionBeat(0, &ivars->beatAction);'),
        'Template/Template.iig': iig(''),
      },
    },
    {
      name: "a helper of the driver whose name starts with CreateAction, and another object's factory",
      files: {
        'MyDriver.cpp': start('    ret = CreateActionTable(4);\n    ret = ivars->engine->CreateActionDone(0, &ivars->doneAction);'),
        'MyDriver.iig': iig('    kern_return_t CreateActionTable(uint32_t count) LOCALONLY;\n'),
      },
    },
    {
      name: "the factory IOUserClient's own KernelCompletion handler gives its subclasses",
      files: {
        'MyUserClient.cpp': '#include "MyUserClient.h"\n\nkern_return_t MyUserClient::Arm()\n{\n    return CreateActionKernelCompletion(0, &ivars->completion);\n}\n',
        'MyUserClient.iig': '#include <DriverKit/IOUserClient.iig>\n\nclass MyUserClient : public IOUserClient\n{\npublic:\n    kern_return_t Arm() LOCALONLY;\n};\n',
      },
    },
    {
      name: 'a family base class the knowledge base does not describe, and a class without an .iig',
      files: {
        'MyDriver.cpp': `${start('    ret = CreateActionReportReady(0, &ivars->reportAction);')}\nvoid IMPL(Other, Arm)\n{\n    CreateActionFired(0, &ivars->action);\n}\n`,
        'MyDriver.iig': iig('', 'IOUserHIDEventService'),
      },
    },
  ],
  invalid: [
    {
      name: 'a misspelled factory of a declared handler',
      files: { 'MyDriver.cpp': start(timerSetup('⟦CreateActionTimerFird⟧')), 'MyDriver.iig': iig(timerHandler) },
      findings: [
        {
          message: "'CreateActionTimerFird' is never generated because MyDriver's .iig declares no TYPE handler 'TimerFird'; did you mean 'CreateActionTimerFired'?",
          fixTitles: ["Call 'CreateActionTimerFired'"],
          output: { 'MyDriver.cpp': start(timerSetup('CreateActionTimerFired')) },
        },
      ],
    },
    {
      name: 'handler implemented with _Impl but never declared: declared for the timer it is handed to',
      files: {
        'MyDriver.cpp': start(timerSetup('⟦CreateActionTick⟧'), '\nvoid MyDriver::Tick_Impl(OSAction * action, uint64_t when)\n{\n}\n'),
        'MyDriver.iig': iig('').replace('#include <DriverKit/IOTimerDispatchSource.iig>\n', ''),
      },
      findings: [
        {
          message: "declare 'virtual void Tick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);' in the class body.",
          fixTitles: ["Declare 'Tick' in MyDriver's .iig with TYPE(IOTimerDispatchSource::TimerOccurred)"],
          output: { 'MyDriver.iig': iig('    virtual void Tick(OSAction * action, uint64_t when) TYPE(IOTimerDispatchSource::TimerOccurred);\n') },
        },
      ],
    },
    {
      name: 'a data-queue handler implemented with IMPL: declared with the prototype names',
      files: {
        'MyDriver.cpp': start(
          '    ret = IODataQueueDispatchSource::Create(4096, ivars->queue, &ivars->samples);\n    ret = ⟦CreateActionSamplesReady⟧(0, &ivars->samplesAction);\n    ret = ivars->samples->SetDataAvailableHandler(ivars->samplesAction);',
          '\nvoid IMPL(MyDriver, SamplesReady)\n{\n}\n',
        ),
        'MyDriver.iig': iig(''),
      },
      findings: [
        {
          message: 'IODataQueueDispatchSource::DataAvailable',
          output: {
            'MyDriver.iig': iig('    virtual void SamplesReady(OSAction * action) TYPE(IODataQueueDispatchSource::DataAvailable);\n').replace(
              '#include <DriverKit/IOTimerDispatchSource.iig>\n',
              '#include <DriverKit/IOTimerDispatchSource.iig>\n#include <DriverKit/IODataQueueDispatchSource.iig>\n',
            ),
          },
        },
      ],
    },
    {
      name: 'the handler is declared without TYPE: the annotation is added',
      files: { 'MyDriver.cpp': start(timerSetup('⟦CreateActionTick⟧')), 'MyDriver.iig': iig('    virtual void Tick(OSAction * action, uint64_t time);\n') },
      findings: [
        {
          message: "'CreateActionTick' is never generated because 'Tick' is declared in MyDriver's .iig without TYPE(...); add 'TYPE(IOTimerDispatchSource::TimerOccurred)' to its declaration.",
          fixTitles: ["Add 'TYPE(IOTimerDispatchSource::TimerOccurred)' to 'Tick'"],
          output: { 'MyDriver.iig': iig('    virtual void Tick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n') },
        },
      ],
    },
    {
      name: 'no handler and no telling which source: reported without a fix',
      files: { 'MyDriver.cpp': start('    ret = this->⟦CreateActionPoll⟧(0, &ivars->pollAction);'), 'MyDriver.iig': iig('    kern_return_t Poll() LOCALONLY;\n') },
      findings: [{ message: "'CreateActionPoll' is never generated because 'Poll' is declared in MyDriver's .iig without TYPE(...); add TYPE(Source::Prototype) to its declaration in place of LOCALONLY.", noFix: true }],
    },
    {
      name: 'a second handler next to one whose factory the file already calls is not taken for a misspelling',
      files: { 'MyDriver.cpp': start('    ret = CreateActionTimerFired(0, &ivars->timerAction);\n    ret = ⟦CreateActionTimerFire2⟧(0, &ivars->otherAction);'), 'MyDriver.iig': iig(timerHandler) },
      findings: [{ message: "declares no TYPE handler 'TimerFire2'; declare 'TimerFire2' with TYPE(Source::Prototype) in the class body.", noFix: true }],
    },
    {
      name: 'the source is known but the handler is not implemented in this file: no fix',
      files: { 'MyDriver.cpp': start(timerSetup('⟦CreateActionTick⟧')), 'MyDriver.iig': iig('') },
      findings: [{ message: "declares no TYPE handler 'Tick'; declare 'virtual void Tick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);'", noFix: true }],
    },
  ],
});
