// Case table for DK304 source-not-cancelled.
import { sourceNotCancelled } from '../../server/src/rules/dk304-source-not-cancelled';
import { ruleTester } from '../helpers/rule-tester';

const iig = (extra = '', stop = true): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n${stop ? '    virtual kern_return_t Stop(IOService * provider) override;\n' : ''}    virtual void Tick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n${extra}};\n`;
const start = (body: string): string => `#include "MyDriver.h"\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n${body}\n    return ret;\n}\n`;
const stop = (body: string): string => `\nkern_return_t IMPL(MyDriver, Stop)\n{\n${body}\n}\n`;
const tick = (body = ''): string => `\nvoid IMPL(MyDriver, Tick)\n{\n${body}}\n`;
const free = '\nvoid MyDriver::free()\n{\n    if (ivars != nullptr) {\n        OSSafeReleaseNULL(ivars->tickAction);\n        OSSafeReleaseNULL(ivars->timer);\n        OSSafeReleaseNULL(ivars->queue);\n    }\n    IOSafeDeleteNULL(ivars, MyDriver_IVars, 1);\n    super::free();\n}\n';
const timerSetup = '    ret = IODispatchQueue::Create("TickQueue", 0, 0, &ivars->queue);\n    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n    ret = CreateActionTick(0, &ivars->tickAction);\n    ret = ivars->timer->SetHandler(ivars->tickAction);';
const superStop = '    return Stop(provider, SUPERDISPATCH);';

ruleTester(sourceNotCancelled, {
  valid: [
    {
      name: 'timer, then action, then queue cancelled in nested cancel handlers',
      files: {
        'MyDriver.cpp':
          start(timerSetup) +
          stop('    ivars->timer->Cancel(^{\n        ivars->tickAction->Cancel(^{\n            ivars->queue->Cancel(^{\n                Stop(provider, SUPERDISPATCH);\n            });\n        });\n    });\n    return kIOReturnSuccess;') +
          tick() +
          free,
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'one block variable passed to every Cancel',
      files: {
        'MyDriver.cpp':
          start(timerSetup) +
          stop(
            '    __block _Atomic uint32_t left = 3;\n    void (^cancelled)(void) = ^{\n        if (--left == 0) {\n            Stop(provider, SUPERDISPATCH);\n        }\n    };\n    ivars->timer->Cancel(cancelled);\n    ivars->tickAction->Cancel(cancelled);\n    ivars->queue->Cancel(cancelled);\n    return kIOReturnSuccess;',
          ) +
          tick() +
          free,
        'MyDriver.iig': iig(),
      },
    },
    {
      name: "the snippet's shape: a copied default queue, the timer cancelled, its action released in the cancel handler",
      files: {
        'MyDriver.cpp':
          start('    ret = CopyDispatchQueue(kIOServiceDefaultQueueName, &ivars->queue);\n    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n    ret = CreateActionTick(0, &ivars->tickAction);\n    ret = ivars->timer->SetHandler(ivars->tickAction);') +
          stop('    ret = ivars->timer->Cancel(^{\n        OSSafeReleaseNULL(ivars->tickAction);\n        Stop(provider, SUPERDISPATCH);\n    });\n    return kIOReturnSuccess;').replace('{\n    ret =', '{\n    kern_return_t ret =') +
          tick() +
          free,
        'MyDriver.iig': iig(),
      },
    },
    {
      name: "a client's retained completion (not created by the class) kept until Stop",
      files: {
        'MyDriver.cpp': 'kern_return_t MyDriver::Subscribe(IOUserClientMethodArguments * arguments)\n{\n    arguments->completion->retain();\n    ivars->subscriber = arguments->completion;\n    return kIOReturnSuccess;\n}\n' + stop('    OSSafeReleaseNULL(ivars->subscriber);\n' + superStop),
        'MyDriver.iig': '#include <DriverKit/IOUserClient.iig>\n\nclass MyDriver : public IOUserClient\n{\npublic:\n    virtual kern_return_t Stop(IOService * provider) override;\n    kern_return_t Subscribe(IOUserClientMethodArguments * arguments) LOCALONLY;\n};\n',
      },
    },
    {
      name: 'Stop cancels through a helper defined in the file, or calls one defined in another file',
      files: {
        'MyDriver.cpp': start(timerSetup) + stop('    TearDown(provider);\n    return kIOReturnSuccess;') + '\nvoid MyDriver::TearDown(IOService * provider)\n{\n    ivars->timer->Cancel(^{\n        ivars->tickAction->Cancel(^{\n            ivars->queue->Cancel(^{ Stop(provider, SUPERDISPATCH); });\n        });\n    });\n}\n' + tick(),
        'MyDriver.iig': iig('    void TearDown(IOService * provider) LOCALONLY;\n'),
      },
    },
    {
      name: 'Stop delegates to a method declared in the .iig but defined elsewhere',
      files: { 'MyDriver.cpp': start(timerSetup) + stop('    StopTimers();\n' + superStop) + tick(), 'MyDriver.iig': iig('    void StopTimers() LOCALONLY;\n') },
    },
    {
      name: 'Stop hands this to a free function, which may cancel anything',
      files: { 'MyDriver.cpp': start(timerSetup) + stop('    ShutDownDriver(this);\n' + superStop) + tick(), 'MyDriver.iig': iig() },
    },
    {
      name: 'cancelled when powering off rather than in Stop (this-> spelling)',
      files: {
        'MyDriver.cpp': start(timerSetup) + stop(superStop) + tick() + '\nkern_return_t MyDriver::SetPowerState_Impl(uint32_t powerFlags)\n{\n    if (powerFlags == 0) {\n        this->ivars->timer->Cancel(nullptr);\n        ivars->tickAction->Cancel(nullptr);\n        ivars->queue->Cancel(nullptr);\n    }\n    return SetPowerState(powerFlags, SUPERDISPATCH);\n}\n',
        'MyDriver.iig': iig('    virtual kern_return_t SetPowerState(uint32_t powerFlags) override;\n'),
      },
    },
    {
      name: 'no Stop in this file although the .iig declares one (it lives in another file)',
      files: { 'MyDriver.cpp': start(timerSetup) + tick(), 'MyDriver.iig': iig() },
    },
    {
      name: 'a per-request action released by its completion handler, an array slot, an action released right after SetHandler',
      files: {
        'MyDriver.cpp':
          start(
            '    ret = CreateActionTick(0, &ivars->pending);\n    ret = CreateActionTick(0, &ivars->slots[0]);\n    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n    ret = CreateActionTick(0, &ivars->tickAction);\n    ret = ivars->timer->SetHandler(ivars->tickAction);\n    OSSafeReleaseNULL(ivars->tickAction);',
          ) +
          stop('    ivars->timer->Cancel(^{ Stop(provider, SUPERDISPATCH); });\n    return kIOReturnSuccess;') +
          tick('    OSSafeReleaseNULL(ivars->pending);\n'),
        'MyDriver.iig': iig(),
      },
    },
  ],
  invalid: [
    {
      name: 'Stop only closes the provider and calls super: the queue, timer and action all outlive it',
      files: {
        'MyDriver.cpp':
          start(timerSetup.replace('IODispatchQueue::Create', '⟦IODispatchQueue::Create⟧').replace('IOTimerDispatchSource::Create', '⟦IOTimerDispatchSource::Create⟧').replace('CreateActionTick', '⟦CreateActionTick⟧')) +
          stop('    ivars->pci->Close(this, 0);\n    os_log(OS_LOG_DEFAULT, "MyDriver: stopping");\n' + superStop) +
          tick() +
          free,
        'MyDriver.iig': iig(),
      },
      findings: [
        { message: "Queue 'ivars->queue', created by this class, is never cancelled in 'Stop'" },
        { message: "'ivars->timer' is never cancelled in 'Stop', so it can still deliver callbacks after the driver stops" },
        { message: "Action 'ivars->tickAction' is never cancelled or released in 'Stop'" },
      ],
    },
    {
      name: 'the source is cancelled but the queue it runs on is not',
      files: {
        'MyDriver.cpp': start(timerSetup.replace('IODispatchQueue::Create', '⟦IODispatchQueue::Create⟧')) + stop('    ivars->timer->Cancel(^{\n        OSSafeReleaseNULL(ivars->tickAction);\n        Stop(provider, SUPERDISPATCH);\n    });\n    return kIOReturnSuccess;') + tick() + free,
        'MyDriver.iig': iig(),
      },
      findings: [{ message: "call 'ivars->queue->Cancel(...)' in Stop" }],
    },
    {
      name: 'created into a local in a helper, stored into the ivars; released on the error path only',
      files: {
        'MyDriver.cpp':
          start('    ret = CreateTimer();') +
          '\nkern_return_t MyDriver::CreateTimer()\n{\n    IOTimerDispatchSource * timer = nullptr;\n    kern_return_t ret = ⟦IOTimerDispatchSource::Create⟧(ivars->queue, &timer);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    ret = timer->SetHandler(ivars->action);\n    if (ret != kIOReturnSuccess) {\n        OSSafeReleaseNULL(timer);\n        return ret;\n    }\n    ivars->timer = timer;\n    return kIOReturnSuccess;\n}\n' +
          stop('    ivars->timer->SetEnable(false);\n' + superStop) +
          tick(),
        'MyDriver.iig': iig('    kern_return_t CreateTimer() LOCALONLY;\n'),
      },
      findings: [{ message: "'ivars->timer' is never cancelled in 'Stop'" }],
    },
    {
      name: 'a service whose .iig overrides Start but not Stop',
      files: { 'MyDriver.cpp': start('    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n    ret = ⟦CreateActionTick⟧(0, &ivars->tickAction);\n    ret = ivars->timer->SetHandler(ivars->tickAction);\n    OSSafeReleaseNULL(ivars->timer);') + tick(), 'MyDriver.iig': iig('', false) },
      findings: [{ message: "'ivars->tickAction' is never cancelled because 'MyDriver' does not override 'Stop'" }],
    },
  ],
});
