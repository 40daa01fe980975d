// Case table for DK105 impl-form-mismatch.
import { implFormMismatch } from '../../server/src/rules/dk105-impl-form-mismatch';
import { ruleTester } from '../helpers/rule-tester';

const iig = (members: string, base = 'IOService'): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass MyDriver : public ${base}\n{\npublic:\n    virtual bool init() override;\n    virtual void free() override;\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual kern_return_t Stop(IOService * provider) override;\n    virtual kern_return_t SetPowerState(uint32_t powerFlags) override;\n    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n    kern_return_t Poll(uint32_t slot, uint8_t * status) LOCALONLY;\n${members}};\n`;
const cpp = (body: string): string => `#include "MyDriver.h"\n\n${body}`;
const userClientIig =
  '#include <DriverKit/IOUserClient.iig>\n\nclass MyUserClient : public IOUserClient\n{\npublic:\n    virtual kern_return_t ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,\n                                         const IOUserClientMethodDispatch * dispatch, OSObject * target,\n                                         void * reference) override;\n    virtual kern_return_t CopyClientMemoryForType(uint64_t type, uint64_t * options, IOMemoryDescriptor ** memory) override;\n};\n';
const scsiIig =
  '#include <SCSIControllerDriverKit/IOUserSCSIParallelInterfaceController.iig>\n\nclass MyHba : public IOUserSCSIParallelInterfaceController\n{\npublic:\n    virtual kern_return_t UserReportMaximumTaskCount(uint32_t * count) override;\n    virtual void UserProcessBundledParallelTasks(const uint16_t parallelRequestSlotIndices[kMaxBundledParallelTasks],\n                                                 uint16_t parallelRequestSlotIndicesCount,\n                                                 OSAction * completion) override;\n};\n';

ruleTester(implFormMismatch, {
  valid: [
    {
      name: "Apple's template: IMPL for dispatched methods, plain init, free and LOCALONLY helpers",
      files: {
        'MyDriver.cpp': cpp(
          'bool MyDriver::init()\n{\n    return super::init();\n}\n\nvoid MyDriver::free()\n{\n    super::free();\n}\n\nkern_return_t IMPL(MyDriver, Start)\n{\n    return Start(provider, SUPERDISPATCH);\n}\n\nkern_return_t IMPL(MyDriver, Stop)\n{\n    return Stop(provider, SUPERDISPATCH);\n}\n\nvoid IMPL(MyDriver, TimerFired)\n{\n}\n\nkern_return_t MyDriver::Poll(uint32_t slot, uint8_t * status)\n{\n    return kIOReturnSuccess;\n}\n',
        ),
        'MyDriver.iig': iig(''),
      },
    },
    {
      name: 'explicit _Impl (the form Apple DTS prefers) with the same types spelled differently',
      files: {
        'MyDriver.cpp': cpp(
          'kern_return_t\nMyDriver::Start_Impl(IOService* provider)\n{\n    return Start(provider, SUPERDISPATCH);\n}\n\nkern_return_t MyDriver::SetPowerState_Impl(const UInt32 flags)\n{\n    return SetPowerState(flags, SUPERDISPATCH);\n}\n\nvoid MyDriver::TimerFired_Impl(OSAction * const action, uint64_t)\n{\n}\n\nvoid MyDriver::Completed_Impl(OSAction * action, kern_return_t status, const uint16_t * slots)\n{\n}\n',
        ),
        'MyDriver.iig': iig('    virtual void Completed(OSAction * action, IOReturn status, const uint16_t slots[32]) TYPE(MyEngine::Completed);\n'),
      },
    },
    {
      name: 'a user client: plain ExternalMethod (LOCALONLY in IOUserClient) and IMPL CopyClientMemoryForType',
      files: {
        'MyUserClient.cpp':
          '#include "MyUserClient.h"\n\nkern_return_t MyUserClient::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,\n                                           const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)\n{\n    return super::ExternalMethod(selector, arguments, dispatch, target, reference);\n}\n\nkern_return_t IMPL(MyUserClient, CopyClientMemoryForType)\n{\n    return kIOReturnUnsupported;\n}\n',
        'MyUserClient.iig': userClientIig,
      },
    },
    {
      name: 'nothing certain: unannotated methods of the driver, undeclared and overloaded names, unknown classes and families',
      files: {
        'MyDriver.cpp': cpp(
          'kern_return_t IMPL(MyDriver, Custom)\n{\n    return kIOReturnSuccess;\n}\n\nvoid MyDriver::Other()\n{\n}\n\nvoid MyDriver::Undeclared()\n{\n}\n\nvoid MyDriver::Twice(uint32_t x)\n{\n}\n\nkern_return_t IMPL(Elsewhere, Start)\n{\n    return Start(provider, SUPERDISPATCH);\n}\n\nkern_return_t MyHid::Start(IOService * provider)\n{\n    return kIOReturnSuccess;\n}\n',
        ),
        'MyDriver.iig': iig('    kern_return_t Custom(uint32_t mode);\n    void Other();\n    void Twice(uint32_t x) LOCALONLY;\n    void Twice(uint64_t x) LOCALONLY;\n'),
        'MyHid.iig': '#include <HIDDriverKit/IOUserHIDEventService.iig>\n\nclass MyHid : public IOUserHIDEventService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n',
      },
    },
    {
      name: "another project's MyDriver: this file neither sits next to that .iig nor includes its generated header",
      files: {
        'Heartbeat/Heartbeat.cpp': '#include "Heartbeat.h"\n\nvoid MyDriver::TimerFired(OSAction * action, uint64_t time)\n{\n}\n',
        'Template/Template.iig': iig(''),
      },
    },
    {
      name: 'a SCSI controller in the explicit _Impl style, array parameter included',
      files: {
        'MyHba.cpp':
          '#include "MyHba.h"\n\nkern_return_t MyHba::UserReportMaximumTaskCount_Impl(uint32_t * count)\n{\n    *count = 64;\n    return kIOReturnSuccess;\n}\n\nvoid MyHba::UserProcessBundledParallelTasks_Impl(const uint16_t parallelRequestSlotIndices[kMaxBundledParallelTasks],\n                                                 uint16_t parallelRequestSlotIndicesCount, OSAction * completion)\n{\n}\n',
        'MyHba.iig': scsiIig,
      },
    },
  ],
  invalid: [
    {
      name: 'Start defined in plain form: _Impl is added and the parameter list kept',
      files: { 'MyDriver.cpp': cpp('kern_return_t MyDriver::⟦Start⟧(IOService * dev)\n{\n    return Start(dev, SUPERDISPATCH);\n}\n'), 'MyDriver.iig': iig('') },
      findings: [
        {
          message:
            "'MyDriver::Start' is defined in plain form, but 'Start' is message-dispatched in IOService, so iig declares only 'Start_Impl' and this definition matches no declaration; define it as 'MyDriver::Start_Impl(...)' or 'IMPL(MyDriver, Start)'.",
          fixTitles: ["Define as 'MyDriver::Start_Impl'"],
          output: { 'MyDriver.cpp': cpp('kern_return_t MyDriver::Start_Impl(IOService * dev)\n{\n    return Start(dev, SUPERDISPATCH);\n}\n') },
        },
      ],
    },
    {
      name: 'a file next to the .iig that reaches the generated header through another include',
      files: {
        'Driver/Handlers.cpp': '#include "DriverPrivate.h"\n\nvoid MyDriver::⟦TimerFired⟧(OSAction * action, uint64_t time)\n{\n}\n',
        'Driver/MyDriver.iig': iig(''),
      },
      findings: [{ message: "'TimerFired' is a TYPE(...) handler", output: { 'Driver/Handlers.cpp': '#include "DriverPrivate.h"\n\nvoid MyDriver::TimerFired_Impl(OSAction * action, uint64_t time)\n{\n}\n' } }],
    },
    {
      name: 'a SCSI override defined in plain form',
      files: {
        'MyHba.cpp': '#include "MyHba.h"\n\nkern_return_t MyHba::⟦UserReportMaximumTaskCount⟧(uint32_t * count)\n{\n    *count = 64;\n    return kIOReturnSuccess;\n}\n',
        'MyHba.iig': scsiIig,
      },
      findings: [
        {
          message: "'UserReportMaximumTaskCount' is message-dispatched in IOUserSCSIParallelInterfaceController",
          output: { 'MyHba.cpp': '#include "MyHba.h"\n\nkern_return_t MyHba::UserReportMaximumTaskCount_Impl(uint32_t * count)\n{\n    *count = 64;\n    return kIOReturnSuccess;\n}\n' },
        },
      ],
    },
    {
      name: 'plain TYPE handler, and a plain Stop that also has an _Impl twin (no fix for the latter)',
      files: {
        'MyDriver.cpp': cpp(
          'void MyDriver::⟦TimerFired⟧(OSAction * action, uint64_t time)\n{\n}\n\nkern_return_t MyDriver::⟦Stop⟧(IOService * provider)\n{\n    return kIOReturnSuccess;\n}\n\nkern_return_t MyDriver::Stop_Impl(IOService * provider)\n{\n    return Stop(provider, SUPERDISPATCH);\n}\n',
        ),
        'MyDriver.iig': iig(''),
      },
      findings: [
        {
          message: "'TimerFired' is a TYPE(...) handler",
          output: {
            'MyDriver.cpp': cpp(
              'void MyDriver::TimerFired_Impl(OSAction * action, uint64_t time)\n{\n}\n\nkern_return_t MyDriver::Stop(IOService * provider)\n{\n    return kIOReturnSuccess;\n}\n\nkern_return_t MyDriver::Stop_Impl(IOService * provider)\n{\n    return Stop(provider, SUPERDISPATCH);\n}\n',
            ),
          },
        },
        { message: "'MyDriver::Stop' is defined in plain form", noFix: true },
      ],
    },
    {
      name: 'IMPL and _Impl used for LOCALONLY methods: rewritten to plain definitions with the .iig parameters',
      files: {
        'MyDriver.cpp': cpp(
          'bool IMPL(MyDriver, ⟦init⟧)\n{\n    return super::init();\n}\n\nvoid MyDriver::⟦free_Impl⟧()\n{\n    super::free();\n}\n\nkern_return_t IMPL(MyDriver, ⟦Poll⟧)\n{\n    *status = 0;\n    return kIOReturnSuccess;\n}\n',
        ),
        'MyDriver.iig': iig(''),
      },
      findings: [
        {
          message: "'IMPL(MyDriver, init)' is used for 'init', which is LOCALONLY in OSObject, so iig generates no 'init_Impl' or 'MyDriver_init_Args'; define it as a plain 'MyDriver::init(...)'.",
          fixTitles: ["Define as plain 'MyDriver::init'"],
          output: {
            'MyDriver.cpp': cpp(
              'bool MyDriver::init()\n{\n    return super::init();\n}\n\nvoid MyDriver::free_Impl()\n{\n    super::free();\n}\n\nkern_return_t IMPL(MyDriver, Poll)\n{\n    *status = 0;\n    return kIOReturnSuccess;\n}\n',
            ),
          },
        },
        {
          message: "'MyDriver::free_Impl' is used for 'free', which is LOCALONLY in OSObject",
          output: {
            'MyDriver.cpp': cpp(
              'bool IMPL(MyDriver, init)\n{\n    return super::init();\n}\n\nvoid MyDriver::free()\n{\n    super::free();\n}\n\nkern_return_t IMPL(MyDriver, Poll)\n{\n    *status = 0;\n    return kIOReturnSuccess;\n}\n',
            ),
          },
        },
        {
          message: "'Poll', which is declared LOCALONLY in the .iig",
          output: {
            'MyDriver.cpp': cpp(
              'bool IMPL(MyDriver, init)\n{\n    return super::init();\n}\n\nvoid MyDriver::free_Impl()\n{\n    super::free();\n}\n\nkern_return_t MyDriver::Poll(uint32_t slot, uint8_t * status)\n{\n    *status = 0;\n    return kIOReturnSuccess;\n}\n',
            ),
          },
        },
      ],
    },
    {
      name: 'ExternalMethod written with IMPL in a user client',
      files: { 'MyUserClient.cpp': '#include "MyUserClient.h"\n\nkern_return_t IMPL(MyUserClient, ⟦ExternalMethod⟧)\n{\n    return kIOReturnUnsupported;\n}\n', 'MyUserClient.iig': userClientIig },
      findings: [
        {
          message: 'LOCALONLY in IOUserClient',
          output: {
            'MyUserClient.cpp':
              '#include "MyUserClient.h"\n\nkern_return_t MyUserClient::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments, const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)\n{\n    return kIOReturnUnsupported;\n}\n',
          },
        },
      ],
    },
    {
      name: 'parameters that certainly differ from the .iig: reported without a fix',
      files: {
        'MyDriver.cpp': cpp(
          'kern_return_t MyDriver::⟦SetPowerState_Impl⟧(uint64_t powerFlags)\n{\n    return SetPowerState(powerFlags, SUPERDISPATCH);\n}\n\nvoid MyDriver::⟦TimerFired_Impl⟧(OSAction * action)\n{\n}\n\nkern_return_t MyDriver::⟦Start⟧(IOService ** provider)\n{\n    return kIOReturnSuccess;\n}\n',
        ),
        'MyDriver.iig': iig(''),
      },
      findings: [
        {
          message: "'MyDriver::SetPowerState_Impl' takes (uint64_t) but the .iig declares 'SetPowerState(uint32_t)', so the definition matches no declaration; use the .iig's parameter types.",
          noFix: true,
        },
        { message: "takes (OSAction*) but the .iig declares 'TimerFired(OSAction*, uint64_t)'", noFix: true },
        { message: "'MyDriver::Start' is defined in plain form", noFix: true },
      ],
    },
  ],
});
