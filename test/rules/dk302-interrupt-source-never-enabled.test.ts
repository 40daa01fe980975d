// Case table for DK302 interrupt-source-never-enabled.
import { interruptSourceNeverEnabled } from '../../server/src/rules/dk302-interrupt-source-never-enabled';
import { ruleTester } from '../helpers/rule-tester';

const iig = (extra = ''): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOInterruptDispatchSource.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual kern_return_t Stop(IOService * provider) override;\n    virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);\n${extra}};\n`;
const start = (body: string): string => `#include "MyDriver.h"\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n${body}\n    return ret;\n}\n`;
const stop = (body: string): string => `\nkern_return_t IMPL(MyDriver, Stop)\n{\n${body}\n    return Stop(provider, SUPERDISPATCH);\n}\n`;
const handler = '\nvoid IMPL(MyDriver, InterruptOccurred)\n{\n}\n';
const create = '    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &ivars->source);\n    ret = CreateActionInterruptOccurred(0, &ivars->action);\n';

ruleTester(interruptSourceNeverEnabled, {
  valid: [
    {
      name: "Apple's PCI sample order: Create, CreateAction, SetHandler, SetEnable(true)",
      files: { 'MyDriver.cpp': start(`${create}    ret = ivars->source->SetHandler(ivars->action);\n    ret = ivars->source->SetEnable(true);`) + stop('') + handler, 'MyDriver.iig': iig() },
    },
    {
      name: 'enabled later, in another method, with SetEnableWithCompletion',
      files: {
        'MyDriver.cpp': start(`${create}    ret = ivars->source->SetHandler(ivars->action);`) + '\nkern_return_t MyDriver::StartHardware()\n{\n    return ivars->source->SetEnableWithCompletion(true, nullptr);\n}\n' + stop('') + handler,
        'MyDriver.iig': iig('    kern_return_t StartHardware() LOCALONLY;\n'),
      },
    },
    {
      name: 'a local source enabled before it moves into the ivars (nested success checks)',
      files: {
        'MyDriver.cpp': start(
          '    IOInterruptDispatchSource * source = nullptr;\n    OSAction * action = nullptr;\n    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &source);\n    if (ret == kIOReturnSuccess) {\n        ret = CreateActionInterruptOccurred(0, &action);\n        if (ret == kIOReturnSuccess) {\n            ret = source->SetHandler(action);\n            if (ret == kIOReturnSuccess) {\n                ret = source->SetEnable(true);\n            }\n        }\n        ivars->source = source;\n        ivars->action = action;\n    }',
        ) + stop('') + handler,
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'enabled through a local copy of the ivar in another method',
      files: {
        'MyDriver.cpp': start(`${create}    ret = ivars->source->SetHandler(ivars->action);`) + '\nkern_return_t MyDriver::Arm()\n{\n    IOInterruptDispatchSource * source = ivars->source;\n    return source->SetEnable(true);\n}\n' + stop('') + handler,
        'MyDriver.iig': iig('    kern_return_t Arm() LOCALONLY;\n'),
      },
    },
    {
      name: 'a local source handed to a helper, which may enable it',
      files: {
        'MyDriver.cpp': start('    IOInterruptDispatchSource * source = nullptr;\n    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &source);\n    ret = source->SetHandler(ivars->action);\n    ret = InstallSource(source);') + stop('') + handler,
        'MyDriver.iig': iig(),
      },
    },
    {
      name: 'the class is split across files: its .iig declares a method this file does not define',
      files: { 'MyDriver.cpp': start(`${create}    ret = ivars->source->SetHandler(ivars->action);`) + stop('') + handler, 'MyDriver.iig': iig('    kern_return_t EnableInterrupts() LOCALONLY;\n') },
    },
    {
      name: 'no handler yet (DK303 reports that), and a non-literal enable flag',
      files: {
        'MyDriver.cpp': start(`${create}    ret = IOInterruptDispatchSource::Create(provider, 1, ivars->queue, &ivars->other);\n    ret = ivars->other->SetHandler(ivars->action);\n    ret = ivars->other->SetEnable(ivars->wantInterrupts);`) + stop('') + handler,
        'MyDriver.iig': iig(),
      },
    },
  ],
  invalid: [
    {
      name: 'an ivar source with a handler and no SetEnable anywhere',
      files: { 'MyDriver.cpp': start(`${create}    ret = ⟦ivars->source->SetHandler⟧(ivars->action);\n    RegisterService();`) + stop('') + handler, 'MyDriver.iig': iig() },
      findings: [
        {
          message: "Interrupt source 'ivars->source' gets a handler but is never enabled",
          fixTitles: ["Enable 'ivars->source' after setting its handler"],
          output: { 'MyDriver.cpp': start(`${create}    ret = ivars->source->SetHandler(ivars->action);\n    ivars->source->SetEnable(true);\n    RegisterService();`) + stop('') + handler },
        },
      ],
    },
    {
      name: 'disabled in Stop but never enabled; the fix goes after the if that checks SetHandler',
      files: {
        'MyDriver.cpp': start(`${create}    if ((ret = ⟦ivars->source->SetHandler⟧(ivars->action)) != kIOReturnSuccess) {\n        return ret;\n    }`) + stop('    ivars->source->SetEnable(false);') + handler,
        'MyDriver.iig': iig(),
      },
      findings: [
        {
          message: "call 'ivars->source->SetEnable(true)' after 'SetHandler'",
          output: {
            'MyDriver.cpp': start(`${create}    if ((ret = ivars->source->SetHandler(ivars->action)) != kIOReturnSuccess) {\n        return ret;\n    }\n    ivars->source->SetEnable(true);`) + stop('    ivars->source->SetEnable(false);') + handler,
          },
        },
      ],
    },
    {
      name: 'a local source stored into the ivars, never enabled through either name',
      files: {
        'MyDriver.cpp':
          start('    IOInterruptDispatchSource * source = nullptr;\n    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &source);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    ret = ⟦source->SetHandler⟧(ivars->action);\n    ivars->source = source;') +
          stop('    ivars->source->Cancel(nullptr);') +
          handler,
        'MyDriver.iig': iig(),
      },
      findings: [
        {
          message: "Interrupt source 'ivars->source'",
          output: {
            'MyDriver.cpp':
              start('    IOInterruptDispatchSource * source = nullptr;\n    ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &source);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    ret = source->SetHandler(ivars->action);\n    source->SetEnable(true);\n    ivars->source = source;') +
              stop('    ivars->source->Cancel(nullptr);') +
              handler,
          },
        },
      ],
    },
    {
      name: 'without the .iig, in _Impl style, on a CRLF file',
      files: {
        'MyDriver.cpp':
          'kern_return_t MyDriver::Start_Impl(IOService * provider)\r\n{\r\n    IOInterruptDispatchSource * irq = nullptr;\r\n    kern_return_t ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &irq);\r\n    ⟦irq->SetHandler⟧(ivars->action);\r\n    ivars->irq = irq;\r\n    return ret;\r\n}\r\n',
      },
      findings: [
        {
          message: "'ivars->irq'",
          output: {
            'MyDriver.cpp':
              'kern_return_t MyDriver::Start_Impl(IOService * provider)\r\n{\r\n    IOInterruptDispatchSource * irq = nullptr;\r\n    kern_return_t ret = IOInterruptDispatchSource::Create(provider, 0, ivars->queue, &irq);\r\n    irq->SetHandler(ivars->action);\r\n    irq->SetEnable(true);\r\n    ivars->irq = irq;\r\n    return ret;\r\n}\r\n',
          },
        },
      ],
    },
  ],
});
