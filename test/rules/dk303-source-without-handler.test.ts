// Case table for DK303 source-without-handler.
import { sourceWithoutHandler } from '../../server/src/rules/dk303-source-without-handler';
import { ruleTester } from '../helpers/rule-tester';

const iig = (extra = ''): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n#include <DriverKit/IODataQueueDispatchSource.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual void Tick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n${extra}};\n`;
const start = (body: string): string => `#include "MyDriver.h"\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n${body}\n    return ret;\n}\n`;
const tick = (body = ''): string => `\nvoid IMPL(MyDriver, Tick)\n{\n${body}}\n`;

ruleTester(sourceWithoutHandler, {
  valid: [
    {
      name: 'a timer given its handler right after creation',
      files: {
        'MyDriver.cpp': start('    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n    ret = CreateActionTick(0, &ivars->tickAction);\n    ret = ivars->timer->SetHandler(ivars->tickAction);') + tick(),
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'data queues: a consumer with SetDataAvailableHandler, a producer with only SetDataServicedHandler',
      files: {
        'MyDriver.cpp':
          start(
            '    ret = IODataQueueDispatchSource::Create(65536, ivars->queue, &ivars->inbound);\n    ret = ivars->inbound->SetDataAvailableHandler(ivars->availableAction);\n    ret = IODataQueueDispatchSource::Create(65536, ivars->queue, &ivars->outbound);\n    ret = ivars->outbound->SetDataServicedHandler(ivars->servicedAction);',
          ) + tick(),
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'a data queue drained by polling from a timer handler',
      files: {
        'MyDriver.cpp': start('    ret = IODataQueueDispatchSource::Create(65536, ivars->queue, &ivars->samples);') + tick('    ivars->samples->Dequeue(^(const void * data, size_t size) {\n        Consume(data, size);\n    });\n'),
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'a local timer handed to a helper, and its handler set through a local copy elsewhere',
      files: {
        'MyDriver.cpp':
          start('    IOTimerDispatchSource * timer = nullptr;\n    ret = IOTimerDispatchSource::Create(ivars->queue, &timer);\n    ret = AttachTimer(timer);\n    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->watchdog);') +
          tick('    IOTimerDispatchSource * watchdog = ivars->watchdog;\n    watchdog->SetHandler(action);\n'),
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'the class is split across files: its .iig declares a method this file does not define',
      files: { 'MyDriver.cpp': start('    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);') + tick(), 'MyDriver.iig': iig('    kern_return_t SetUpTimer() LOCALONLY;\n') },
    },
    {
      name: 'a source stored into an ivar array slot is not followed',
      files: { 'MyDriver.cpp': start('    ret = IOTimerDispatchSource::Create(ivars->queue, &ivars->timers[0]);\n    IOTimerDispatchSource * t = nullptr;\n    ret = IOTimerDispatchSource::Create(ivars->queue, &t);\n    ivars->timers[1] = t;') + tick(), 'MyDriver.iig': iig() },
    },
  ],
  invalid: [
    {
      name: 'a timer armed but never given a handler',
      files: {
        'MyDriver.cpp': start('    ret = ⟦IOTimerDispatchSource::Create⟧(ivars->queue, &ivars->timer);\n    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + 1000000, 0);') + tick(),
        'MyDriver.iig': iig(),
      },
      findings: [{ message: "Timer 'ivars->timer' is created but never given a handler", noFix: true }],
    },
    {
      name: 'an interrupt source created into a local, enabled and stored, never given a handler',
      files: {
        'MyDriver.cpp': start(
          '    IOInterruptDispatchSource * source = nullptr;\n    ret = ⟦IOInterruptDispatchSource::Create⟧(provider, 0, ivars->queue, &source);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    source->SetEnable(true);\n    ivars->source = source;',
        ) + tick(),
        'MyDriver.iig': iig(),
      },
      findings: [{ message: "Interrupt source 'ivars->source' is created but never given a handler" }],
    },
    {
      name: 'a data queue that is only ever filled',
      files: {
        'MyDriver.cpp': start('    ret = ⟦IODataQueueDispatchSource::Create⟧(65536, ivars->queue, &ivars->events);') + tick('    ivars->events->Enqueue(sizeof(time), ^(void * data, size_t size) {\n        memcpy(data, &time, sizeof(time));\n    });\n'),
        'MyDriver.iig': iig(),
      },
      findings: [{ message: "Data queue 'ivars->events' is never given a handler and never read" }],
    },
    {
      name: 'created twice into the same ivar: reported once; a local timer released without a handler',
      files: {
        'MyDriver.cpp':
          start('    ret = ⟦IOTimerDispatchSource::Create⟧(ivars->queue, &ivars->timer);\n    IOTimerDispatchSource * probe = nullptr;\n    ret = ⟦IOTimerDispatchSource::Create⟧(ivars->queue, &probe);\n    OSSafeReleaseNULL(probe);') +
          '\nvoid MyDriver::Rebuild()\n{\n    OSSafeReleaseNULL(ivars->timer);\n    IOTimerDispatchSource::Create(ivars->queue, &ivars->timer);\n}\n' +
          tick(),
        'MyDriver.iig': iig('    void Rebuild() LOCALONLY;\n'),
      },
      findings: [{ message: "'ivars->timer'" }, { message: "Timer 'probe'" }],
    },
  ],
});
