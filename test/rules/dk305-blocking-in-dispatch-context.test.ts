// Case table for DK305 blocking-in-dispatch-context.
import { blockingInDispatchContext } from '../../server/src/rules/dk305-blocking-in-dispatch-context';
import { ruleTester } from '../helpers/rule-tester';

const iig = (extra = ''): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOInterruptDispatchSource.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual kern_return_t SetPowerState(uint32_t powerFlags) override;\n    virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);\n${extra}};\n`;
const prelude = '#include "MyDriver.h"\n\n#define kRegStatus 0x04\n#define kStatusReady 0x1\nstatic const uint32_t kResetSettleUs = 20;\n\n';
const start = (body: string): string => `${prelude}kern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n    uint32_t status = 0;\n${body}\n    return ret;\n}\n`;
const interrupt = (body: string): string => `${prelude}void IMPL(MyDriver, InterruptOccurred)\n{\n    uint32_t status = 0;\n${body}\n}\n`;
const power = (body: string): string => `${prelude}kern_return_t MyDriver::SetPowerState_Impl(uint32_t powerFlags)\n{\n    uint32_t status = 0;\n${body}\n    return SetPowerState(powerFlags, SUPERDISPATCH);\n}\n`;

ruleTester(blockingInDispatchContext, {
  valid: [
    {
      name: 'a few microseconds for a register to settle after reset, and a short sleep',
      files: { 'MyDriver.cpp': start('    ivars->pci->MemoryWrite32(ivars->bar, 0x00, 1);\n    IODelay(kResetSettleUs);\n    IOSleep(10);'), 'MyDriver.iig': iig() },
    },
    {
      name: 'a poll bounded by a retry count (worst case 1 ms) and one bounded by a decrementing timeout',
      files: {
        'MyDriver.cpp': start(
          '    for (uint32_t i = 0; i < 100; i++) {\n        ivars->pci->MemoryRead32(ivars->bar, kRegStatus, &status);\n        if (status & kStatusReady) {\n            break;\n        }\n        IODelay(10);\n    }\n    uint32_t timeout = 1000;\n    do {\n        ivars->pci->MemoryRead32(ivars->bar, kRegStatus, &status);\n    } while ((status & kStatusReady) == 0 && --timeout);',
        ),
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'draining a completion FIFO until it reads empty, doing work for each entry',
      files: {
        'MyDriver.cpp': interrupt('    for (;;) {\n        ivars->pci->MemoryRead32(ivars->bar, kRegStatus, &status);\n        if (status == 0xFFFFFFFF) {\n            break;\n        }\n        CompleteTask(status & 0xFF);\n    }'),
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'a long sleep in a helper, and in a block dispatched to a worker queue',
      files: {
        'MyDriver.cpp': start('    ivars->workQueue->DispatchAsync(^{\n        IOSleep(2000);\n        ResetPhy();\n    });') + '\nvoid MyDriver::ResetPhy()\n{\n    IOSleep(500);\n}\n',
        'MyDriver.iig': iig('    void ResetPhy() LOCALONLY;\n'),
      },
    },
    {
      name: 'DispatchSync onto a worker queue from a handler, and Wait on something that is not an action',
      files: {
        'MyDriver.cpp': `${prelude}kern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = CopyDispatchQueue(kIOServiceDefaultQueueName, &ivars->defaultQueue);\n    ret = IODispatchQueue::Create("Worker", 0, 0, &ivars->workQueue);\n    return ret;\n}\n\nvoid IMPL(MyDriver, InterruptOccurred)\n{\n    ivars->workQueue->DispatchSync(^{\n        Process(count);\n    });\n    ivars->fence->Wait(1, 2, 3);\n}\n`,
        'MyDriver.iig': iig(),
      },
    },
  ],
  invalid: [
    {
      name: "Apple's PCI test driver: IOSleep(1000) in Start",
      files: { 'MyDriver.cpp': start('    ⟦IOSleep(1000)⟧;'), 'MyDriver.iig': iig() },
      findings: [{ message: "'IOSleep(1000)' blocks 'Start' for 1000 ms", noFix: true }],
    },
    {
      name: 'IODelay in a constant-bounded loop that adds up to half a second in the interrupt handler',
      files: { 'MyDriver.cpp': interrupt('    for (uint32_t i = 0; i < 1000; i++) {\n        ivars->pci->MemoryWrite32(ivars->bar, 0x10, i);\n        ⟦IODelay(500)⟧;\n    }'), 'MyDriver.iig': iig() },
      findings: [{ message: "blocks handler 'InterruptOccurred' for up to 500 ms in this loop" }],
    },
    {
      name: 'polling a status bit with no bound in SetPowerState, spinning and sleeping',
      files: {
        'MyDriver.cpp': power(
          '    ⟦while⟧ ((status & kStatusReady) == 0) {\n        ivars->pci->MemoryRead32(ivars->bar, kRegStatus, &status);\n    }\n    ⟦do⟧ {\n        IOSleep(1);\n        ivars->pci->MemoryRead32(ivars->bar, kRegStatus, &status);\n    } while (status & kStatusReady);\n    ⟦for⟧ (;;) {\n        ivars->pci->ConfigurationRead32(0x44, &status);\n        if (!(status & 0x8000)) {\n            break;\n        }\n    }',
        ),
        'MyDriver.iig': iig(),
      },
      findings: [{ message: "'SetPowerState' polls a device register in a loop with no timeout" }, { message: 'with no timeout' }, { message: 'with no timeout' }],
    },
    {
      name: 'waiting on an action in ExternalMethod',
      files: {
        'MyDriver.cpp': `${prelude}kern_return_t MyDriver::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments, const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)\n{\n    OSActionWaitToken * token = nullptr;\n    ivars->reply->WillWait(&token);\n    Send(ivars->reply);\n    return ⟦ivars->reply->Wait(token, kIOTimerClockUptimeRaw, 0)⟧;\n}\n`,
        'MyDriver.iig': iig(),
      },
      findings: [{ message: "'ivars->reply->Wait(...)' blocks 'ExternalMethod' until the action completes" }],
    },
    {
      name: "DispatchSync onto the default queue from a handler that runs on it, and onto a handler's named queue",
      files: {
        'MyDriver.cpp': `${prelude}#define kIrqQueue "InterruptQueue"\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = CopyDispatchQueue(kIOServiceDefaultQueueName, &ivars->defaultQueue);\n    ret = IODispatchQueue::Create(kIrqQueue, 0, 0, &ivars->irqQueue);\n    ret = SetDispatchQueue(kIrqQueue, ivars->irqQueue);\n    return ret;\n}\n\nkern_return_t IMPL(MyDriver, SetPowerState)\n{\n    ⟦ivars->defaultQueue->DispatchSync(^{\n        ivars->powered = (powerFlags != 0);\n    })⟧;\n    return SetPowerState(powerFlags, SUPERDISPATCH);\n}\n\nvoid IMPL(MyDriver, Irq)\n{\n    ⟦ivars->irqQueue->DispatchSync(^{\n        Drain();\n    })⟧;\n}\n`,
        'MyDriver.iig': iig('    virtual void Irq(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred) QUEUENAME(InterruptQueue);\n'),
      },
      findings: [{ message: "'ivars->defaultQueue->DispatchSync' targets the queue 'SetPowerState' is already running on" }, { message: "targets the queue handler 'Irq' is already running on" }],
    },
  ],
});
