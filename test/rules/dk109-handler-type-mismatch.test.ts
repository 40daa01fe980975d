// Case table for DK109 handler-type-mismatch.
import { handlerTypeMismatch } from '../../server/src/rules/dk109-handler-type-mismatch';
import { ruleTester } from '../helpers/rule-tester';

const timerHandler = '    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n';
const interruptHandler = '    virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);\n';
const availableHandler = '    virtual void SamplesReady(OSAction * action) TYPE(IODataQueueDispatchSource::DataAvailable);\n';
const servicedHandler = '    virtual void SpaceFreed(OSAction * action) TYPE(IODataQueueDispatchSource::DataServiced);\n';
const iig = (members: string): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n#include <DriverKit/IOInterruptDispatchSource.iig>\n#include <DriverKit/IODataQueueDispatchSource.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n${members}};\n`;
const start = (body: string): string => `#include "MyDriver.h"\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n${body}\n    return ret;\n}\n`;
const timerSetup = '    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n';
const interruptSetup = '    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &ivars->interruptSource);\n';

ruleTester(handlerTypeMismatch, {
  valid: [
    {
      name: "Apple's PCI sample order: interrupt source, CreateActionInterruptOccurred, SetHandler, SetEnable",
      files: {
        'MyDriver.cpp': start(`${interruptSetup}    ret = CreateActionInterruptOccurred(sizeof(void *), &ivars->interruptAction);\n    ret = ivars->interruptSource->SetHandler(ivars->interruptAction);\n    ret = ivars->interruptSource->SetEnable(true);`),
        'MyDriver.iig': iig(interruptHandler),
      },
    },
    {
      name: 'a timer and an interrupt source in one class, each with its own typed action',
      files: {
        'MyDriver.cpp': start(
          `${timerSetup}${interruptSetup}    ret = CreateActionTimerFired(0, &ivars->timerAction);\n    ret = CreateActionInterruptOccurred(0, &ivars->interruptAction);\n    ret = ivars->timer->SetHandler(ivars->timerAction);\n    ret = ivars->interruptSource->SetHandler(ivars->interruptAction);`,
        ),
        'MyDriver.iig': iig(timerHandler + interruptHandler),
      },
    },
    {
      name: 'a data queue with both its consumer and producer handlers',
      files: {
        'MyDriver.cpp': start(
          '    ret = IODataQueueDispatchSource::Create(16384, ivars->queue, &ivars->dataQueue);\n    ret = CreateActionSamplesReady(0, &ivars->readyAction);\n    ret = CreateActionSpaceFreed(0, &ivars->freedAction);\n    ret = ivars->dataQueue->SetDataAvailableHandler(ivars->readyAction);\n    ret = ivars->dataQueue->SetDataServicedHandler(ivars->freedAction);',
        ),
        'MyDriver.iig': iig(availableHandler + servicedHandler),
      },
    },
    {
      name: 'locals named alike in two helpers are different objects',
      files: {
        'MyDriver.cpp':
          '#include "MyDriver.h"\n\nkern_return_t MyDriver::ArmTimer()\n{\n    IOTimerDispatchSource * source = nullptr;\n    OSAction * action = nullptr;\n    kern_return_t ret = IOTimerDispatchSource::Create(ivars->queue, &source);\n    ret = CreateActionTimerFired(0, &action);\n    ret = source->SetHandler(action);\n    return ret;\n}\n\nkern_return_t MyDriver::ArmInterrupt(IOService * provider)\n{\n    IOInterruptDispatchSource * source = nullptr;\n    OSAction * action = nullptr;\n    kern_return_t ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &source);\n    ret = CreateActionInterruptOccurred(0, &action);\n    ret = source->SetHandler(action);\n    return ret;\n}\n',
        'MyDriver.iig': iig(timerHandler + interruptHandler),
      },
    },
    {
      name: 'either side unknown: a source made in another file, an action from a parameter, sources in an array',
      files: {
        'MyDriver.cpp': start(
          `    ret = CreateActionTimerFired(0, &ivars->timerAction);\n    ivars->interruptSource->SetHandler(ivars->timerAction);\n${timerSetup}    ivars->timer->SetHandler(completion);\n    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &ivars->sources[0]);\n    ivars->sources[0]->SetHandler(ivars->timerAction);`,
        ),
        'MyDriver.iig': iig(timerHandler + interruptHandler),
      },
    },
    {
      name: "the class's .iig is not in the workspace, so the handler's TYPE is unknown",
      files: { 'MyDriver.cpp': start(`${interruptSetup}    ret = CreateActionTimerFired(0, &ivars->interruptAction);\n    ret = ivars->interruptSource->SetHandler(ivars->interruptAction);`) },
    },
  ],
  invalid: [
    {
      name: 'a timer action handed to an interrupt source: the only interrupt handler gets the action instead',
      files: {
        'MyDriver.cpp': start(`${interruptSetup}    ret = CreateActionTimerFired(0, &ivars->interruptAction);\n    ret = ivars->interruptSource->SetHandler(⟦ivars->interruptAction⟧);`),
        'MyDriver.iig': iig(timerHandler + interruptHandler),
      },
      findings: [
        {
          message:
            "Action 'ivars->interruptAction' was created for 'TimerFired', declared 'TYPE(IOTimerDispatchSource::TimerOccurred)', but 'ivars->interruptSource' was created by 'IOInterruptDispatchSource::Create'",
          fixTitles: ["Create the action with 'CreateActionInterruptOccurred' (IOInterruptDispatchSource::InterruptOccurred)"],
          output: { 'MyDriver.cpp': start(`${interruptSetup}    ret = CreateActionInterruptOccurred(0, &ivars->interruptAction);\n    ret = ivars->interruptSource->SetHandler(ivars->interruptAction);`) },
        },
      ],
    },
    {
      name: 'the wrong action variable passed while the right one exists: no fix',
      files: {
        'MyDriver.cpp': start(
          `${timerSetup}${interruptSetup}    ret = CreateActionTimerFired(0, &ivars->timerAction);\n    ret = CreateActionInterruptOccurred(0, &ivars->interruptAction);\n    ret = ivars->timer->SetHandler(ivars->timerAction);\n    ret = ivars->interruptSource->SetHandler(⟦ivars->timerAction⟧);`,
        ),
        'MyDriver.iig': iig(timerHandler + interruptHandler),
      },
      findings: [{ message: "delivers 'IOInterruptDispatchSource::InterruptOccurred', so the handler never runs", noFix: true }],
    },
    {
      name: 'a DataAvailable action given as the DataServiced handler of the same queue',
      files: {
        'MyDriver.cpp': start(
          '    ret = IODataQueueDispatchSource::Create(16384, ivars->queue, &ivars->dataQueue);\n    ret = CreateActionSamplesReady(0, &ivars->freedAction);\n    ret = ivars->dataQueue->SetDataServicedHandler(⟦ivars->freedAction⟧);',
        ),
        'MyDriver.iig': iig(availableHandler + servicedHandler),
      },
      findings: [
        {
          message: "its 'SetDataServicedHandler' delivers 'IODataQueueDispatchSource::DataServiced'",
          output: {
            'MyDriver.cpp': start(
              '    ret = IODataQueueDispatchSource::Create(16384, ivars->queue, &ivars->dataQueue);\n    ret = CreateActionSpaceFreed(0, &ivars->freedAction);\n    ret = ivars->dataQueue->SetDataServicedHandler(ivars->freedAction);',
            ),
          },
        },
      ],
    },
    {
      name: 'locals in one helper, with goto cleanup: interrupt action on a timer',
      files: {
        'MyDriver.cpp':
          '#include "MyDriver.h"\n\nkern_return_t MyDriver::ArmTimer()\n{\n    IOTimerDispatchSource * timer = nullptr;\n    OSAction * action = nullptr;\n    kern_return_t ret = IOTimerDispatchSource::Create(ivars->queue, &timer);\n    if (ret != kIOReturnSuccess) goto Exit;\n    if ((ret = CreateActionInterruptOccurred(0, &action)) != kIOReturnSuccess) goto Exit;\n    ret = timer->SetHandler(⟦action⟧);\nExit:\n    OSSafeReleaseNULL(action);\n    return ret;\n}\n',
        'MyDriver.iig': iig(timerHandler + interruptHandler),
      },
      findings: [{ message: "Action 'action' was created for 'InterruptOccurred'", fixTitles: ["Create the action with 'CreateActionTimerFired' (IOTimerDispatchSource::TimerOccurred)"] }],
    },
    {
      name: "a handler TYPE'd to the class's own self-posted prototype handed to a timer: no timer handler, no fix",
      files: {
        'MyDriver.cpp': start(`${timerSetup}    ret = CreateActionAttachTarget(0, &ivars->attachAction);\n    ret = ivars->timer->SetHandler(⟦ivars->attachAction⟧);`),
        'MyDriver.iig': iig('    virtual void TargetArrived(OSAction * action TARGET, uint32_t targetID) = 0;\n    virtual void AttachTarget(OSAction * action, uint32_t targetID) TYPE(MyDriver::TargetArrived);\n'),
      },
      findings: [{ message: "declared 'TYPE(MyDriver::TargetArrived)'", noFix: true }],
    },
  ],
});
