// Case table for DK106 missing-superdispatch.
import { missingSuperdispatch } from '../../server/src/rules/dk106-missing-superdispatch';
import { ruleTester } from '../helpers/rule-tester';

const iig =
  '#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n' +
  '    virtual bool init() override;\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual kern_return_t Stop(IOService * provider) override;\n' +
  '    virtual kern_return_t SetPowerState(uint32_t powerFlags) override;\n    virtual kern_return_t Poll(uint32_t depth);\n' +
  '    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n};\n';
const cpp = (body: string): string => `#include "MyDriver.h"\n\n${body}`;
const withIig = (body: string): { 'MyDriver.cpp': string; 'MyDriver.iig': string } => ({ 'MyDriver.cpp': cpp(body), 'MyDriver.iig': iig });

ruleTester(missingSuperdispatch, {
  valid: [
    {
      name: 'Apple template: IMPL Start and explicit Stop_Impl chain with SUPERDISPATCH',
      files: withIig('kern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n    return ret;\n}\n\nkern_return_t MyDriver::Stop_Impl(IOService * provider)\n{\n    return Stop(provider, SUPERDISPATCH);\n}\n'),
    },
    {
      name: "Apple's PCI sample: Start runs its own Stop override on failure (a different method)",
      files: withIig('kern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n    if (ret != kIOReturnSuccess) {\n        Stop(provider);\n        return ret;\n    }\n    return RegisterService();\n}\n'),
    },
    {
      name: 'super Stop from the last cancel handler, and SetPowerState returning super',
      files: withIig(
        'kern_return_t IMPL(MyDriver, Stop)\n{\n    ivars->timer->Cancel(^{\n        Stop(provider, SUPERDISPATCH);\n    });\n    return kIOReturnSuccess;\n}\n\nkern_return_t MyDriver::SetPowerState_Impl(uint32_t powerFlags)\n{\n    return SetPowerState(powerFlags, SUPERDISPATCH);\n}\n',
      ),
    },
    {
      name: 'the same method called on other objects',
      files: withIig('kern_return_t IMPL(MyDriver, Stop)\n{\n    ivars->child->Stop(provider);\n    provider->Stop(this);\n    return Stop(provider, SUPERDISPATCH);\n}\n'),
    },
    {
      name: 'the SUPERDISPATCH expansion written out',
      files: withIig('kern_return_t IMPL(MyDriver, Start)\n{\n    return Start(provider, (OSDispatchMethod) &super::_Dispatch);\n}\n'),
    },
    {
      name: 'LOCALONLY init calling super::init(), and an own RPC method with no superclass version recursing',
      files: withIig(
        'bool MyDriver::init()\n{\n    if (!super::init()) {\n        return false;\n    }\n    ivars = IONewZero(MyDriver_IVars, 1);\n    return ivars != nullptr;\n}\n\nkern_return_t IMPL(MyDriver, Poll)\n{\n    return depth == 0 ? kIOReturnSuccess : Poll(depth - 1);\n}\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'Start(provider) in an IMPL override: SUPERDISPATCH appended',
      files: withIig('kern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = ⟦Start(provider)⟧;\n    return ret;\n}\n'),
      findings: [
        {
          message: "Calling 'Start' without SUPERDISPATCH inside the 'Start' override",
          fixTitles: ["Call the superclass's 'Start' with SUPERDISPATCH"],
          output: { 'MyDriver.cpp': cpp('kern_return_t IMPL(MyDriver, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n    return ret;\n}\n') },
        },
      ],
    },
    {
      name: 'super::Stop(provider) in an explicit _Impl: rewritten to Stop(provider, SUPERDISPATCH)',
      files: withIig('kern_return_t MyDriver::Stop_Impl(IOService * provider)\n{\n    return ⟦super::Stop(provider)⟧;\n}\n'),
      findings: [
        {
          message: "'super::Stop(…)' without SUPERDISPATCH does not reach the superclass",
          output: { 'MyDriver.cpp': cpp('kern_return_t MyDriver::Stop_Impl(IOService * provider)\n{\n    return Stop(provider, SUPERDISPATCH);\n}\n') },
        },
      ],
    },
    {
      name: 'SetPowerState without SUPERDISPATCH never reaches the kernel base',
      files: withIig('kern_return_t MyDriver::SetPowerState_Impl(uint32_t powerFlags)\n{\n    ivars->powered = (powerFlags & kIOServicePowerCapabilityOn) != 0;\n    return ⟦SetPowerState(powerFlags)⟧;\n}\n'),
      findings: [
        {
          message: "inside the 'SetPowerState' override",
          output: {
            'MyDriver.cpp': cpp('kern_return_t MyDriver::SetPowerState_Impl(uint32_t powerFlags)\n{\n    ivars->powered = (powerFlags & kIOServicePowerCapabilityOn) != 0;\n    return SetPowerState(powerFlags, SUPERDISPATCH);\n}\n'),
          },
        },
      ],
    },
    {
      name: 'this->Stop(provider) from the last cancel handler, and the base class named explicitly',
      files: withIig(
        'kern_return_t IMPL(MyDriver, Stop)\n{\n    ivars->timer->Cancel(^{\n        ⟦this->Stop(provider)⟧;\n    });\n    return kIOReturnSuccess;\n}\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    return ⟦IOService::Start(provider)⟧;\n}\n',
      ),
      findings: [
        {
          message: "Calling 'this->Stop' without SUPERDISPATCH",
          output: {
            'MyDriver.cpp': cpp(
              'kern_return_t IMPL(MyDriver, Stop)\n{\n    ivars->timer->Cancel(^{\n        this->Stop(provider, SUPERDISPATCH);\n    });\n    return kIOReturnSuccess;\n}\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    return IOService::Start(provider);\n}\n',
            ),
          },
        },
        {
          message: "'IOService::Start(…)' without SUPERDISPATCH",
          output: {
            'MyDriver.cpp': cpp(
              'kern_return_t IMPL(MyDriver, Stop)\n{\n    ivars->timer->Cancel(^{\n        this->Stop(provider);\n    });\n    return kIOReturnSuccess;\n}\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    return Start(provider, SUPERDISPATCH);\n}\n',
            ),
          },
        },
      ],
    },
    {
      name: "class .iig not in the workspace: IOService's Start is still an inherited RPC method",
      files: { 'Other.cpp': '#include "Other.h"\n\nkern_return_t IMPL(Other, Start)\n{\n    return ⟦Start(provider)⟧;\n}\n' },
      findings: [{ message: "inside the 'Start' override", output: { 'Other.cpp': '#include "Other.h"\n\nkern_return_t IMPL(Other, Start)\n{\n    return Start(provider, SUPERDISPATCH);\n}\n' } }],
    },
    {
      name: 'after non-ASCII text on a CRLF file',
      files: { 'MyDriver.cpp': '// 起動 😀\r\nkern_return_t IMPL(MyDriver, Start)\r\n{\r\n    return ⟦Start(provider)⟧;\r\n}\r\n', 'MyDriver.iig': iig },
      findings: [{ message: 'SUPERDISPATCH', output: { 'MyDriver.cpp': '// 起動 😀\r\nkern_return_t IMPL(MyDriver, Start)\r\n{\r\n    return Start(provider, SUPERDISPATCH);\r\n}\r\n' } }],
    },
  ],
});
