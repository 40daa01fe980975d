// Case table for DK110 queue-name-mismatch.
import { queueNameMismatch } from '../../server/src/rules/dk110-queue-name-mismatch';
import { ruleTester } from '../helpers/rule-tester';

const iig = (base: string, members: string): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOInterruptDispatchSource.iig>\n\nclass MyDriver : public ${base}\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n${members}};\n`;
const irqHandler = '    virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time)\n        TYPE(IOInterruptDispatchSource::InterruptOccurred) QUEUENAME(InterruptQueue);\n';
const handlerBody = 'void IMPL(MyDriver, InterruptOccurred)\n{\n    ivars->count += count;\n}\n';
/** The whole class in one file: Start registering queues, plus the interrupt handler. */
const cpp = (prelude: string, body: string, handler = handlerBody): string =>
  `#include "MyDriver.h"\n${prelude}\nkern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n    ret = IODispatchQueue::Create("Irq", 0, 0, &ivars->irqQueue);\n${body}\n    return ret;\n}\n\n${handler}`;

ruleTester(queueNameMismatch, {
  valid: [
    {
      name: 'literal names matching QUEUENAME, and the default queue by literal and by macro',
      files: {
        'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue("InterruptQueue", ivars->irqQueue);\n    ret = SetDispatchQueue("Default", ivars->mainQueue);\n    ret = SetDispatchQueue(kIOServiceDefaultQueueName, ivars->mainQueue);'),
        'MyDriver.iig': iig('IOService', irqHandler),
      },
    },
    {
      name: 'the name given through a #define and through a static const array in the same file',
      files: {
        'MyDriver.cpp': cpp('#define kIrqQueueName "InterruptQueue"\nstatic const char kSpareName[] = "InterruptQueue";\n', '    ret = SetDispatchQueue(kIrqQueueName, ivars->irqQueue);\n    ret = SetDispatchQueue(kSpareName, ivars->irqQueue);'),
        'MyDriver.iig': iig('IOService', irqHandler),
      },
    },
    {
      name: "an IOUserClient subclass registering the SDK's ExternalMethod queue, by literal and by constant",
      files: {
        'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue("IOUserClientQueueExternalMethod", ivars->irqQueue);\n    ret = SetDispatchQueue(kIOUserClientQueueNameExternalMethod, ivars->irqQueue);', ''),
        'MyDriver.iig': iig('IOUserClient', ''),
      },
    },
    {
      name: "a SCSI controller registering the SDK's AuxiliaryQueue for UserCreateTargetForID without an own QUEUENAME",
      files: { 'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue("AuxiliaryQueue", ivars->irqQueue);', ''), 'MyDriver.iig': iig('IOUserSCSIParallelInterfaceController', '') },
    },
    {
      name: 'a name from a header this file does not show: neither direction can be checked',
      files: { 'MyDriver.cpp': cpp('#include "QueueNames.h"\n', '    ret = SetDispatchQueue(kIrqQueueName, ivars->irqQueue);'), 'MyDriver.iig': iig('IOService', irqHandler) },
    },
    {
      name: 'a base class whose queue names are not known, and a call on another object',
      files: {
        'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue("ReportQueue", ivars->irqQueue);\n    ret = ivars->client->SetDispatchQueue("Whatever", ivars->irqQueue);', ''),
        'MyDriver.iig': iig('IOUserHIDEventService', ''),
      },
    },
    {
      name: "a subclass of a workspace class: the base class's Start may register the queue",
      files: {
        'MyDriver.cpp': cpp('', ''),
        'MyDriver.iig': iig('MyBaseDriver', irqHandler),
        'MyBaseDriver.iig': '#include <DriverKit/IOService.iig>\n\nclass MyBaseDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n',
      },
    },
    {
      name: 'the class split over two files: the handler file cannot see the registration',
      files: { 'MyDriverInterrupts.cpp': `#include "MyDriver.h"\n\n${handlerBody}`, 'MyDriver.iig': iig('IOService', irqHandler) },
    },
  ],
  invalid: [
    {
      name: 'a misspelled literal: replaced by the declared name, and the queue it meant is not reported again',
      files: { 'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue(⟦"InterruptQeue"⟧, ivars->irqQueue);'), 'MyDriver.iig': iig('IOService', irqHandler) },
      findings: [
        {
          message: `No QUEUENAME of 'MyDriver' or its base classes declares "InterruptQeue", so 'SetDispatchQueue' fails with kIOReturnBadArgument`,
          fixTitles: ['Change the queue name to "InterruptQueue"'],
          output: { 'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue("InterruptQueue", ivars->irqQueue);') },
        },
      ],
    },
    {
      name: 'an unrelated name: reported without a fix, and the declared queue is left unregistered',
      files: { 'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue(⟦"Irq"⟧, ivars->irqQueue);', 'void IMPL(MyDriver, ⟦InterruptOccurred⟧)\n{\n    ivars->count += count;\n}\n'), 'MyDriver.iig': iig('IOService', irqHandler) },
      findings: [
        { message: "add 'QUEUENAME(Irq)' to the method", noFix: true },
        { message: "'InterruptOccurred' is declared 'QUEUENAME(InterruptQueue)', but this file never calls 'SetDispatchQueue(\"InterruptQueue\", queue)'", noFix: true },
      ],
    },
    {
      name: 'QUEUENAME declared but no SetDispatchQueue at all: the handler runs on the default queue',
      files: { 'MyDriver.cpp': cpp('', '', 'void MyDriver::⟦InterruptOccurred_Impl⟧(OSAction * action, uint64_t count, uint64_t time)\n{\n    ivars->count += count;\n}\n'), 'MyDriver.iig': iig('IOService', irqHandler) },
      findings: [{ message: "so 'InterruptOccurred' runs on the default queue", noFix: true }],
    },
    {
      name: 'a misspelled #define: reported at the use (the macro is not rewritten), and only once',
      files: {
        'MyDriver.cpp': cpp('#define kIrqQueueName "InterruptQueu"\n', '    ret = SetDispatchQueue(⟦kIrqQueueName⟧, ivars->irqQueue);'),
        'MyDriver.iig': iig('IOService', irqHandler),
      },
      findings: [{ message: 'did you mean "InterruptQueue"?', noFix: true }],
    },
    {
      name: "the user client's ExternalMethod queue misspelled, and used by a plain IOService",
      files: { 'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue(⟦"IOUserClientQueueExternalMethd"⟧, ivars->irqQueue);', ''), 'MyDriver.iig': iig('IOUserClient', '') },
      findings: [{ message: 'did you mean "IOUserClientQueueExternalMethod"?', output: { 'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue("IOUserClientQueueExternalMethod", ivars->irqQueue);', '') } }],
    },
    {
      name: "the ExternalMethod queue is IOUserClient's, not IOService's",
      files: { 'MyDriver.cpp': cpp('', '    ret = SetDispatchQueue(⟦kIOUserClientQueueNameExternalMethod⟧, ivars->irqQueue);', ''), 'MyDriver.iig': iig('IOService', '') },
      findings: [{ message: `declares "IOUserClientQueueExternalMethod"`, noFix: true }],
    },
  ],
});
