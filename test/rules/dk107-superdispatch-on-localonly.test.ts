// Case table for DK107 superdispatch-on-localonly.
import { superdispatchOnLocalonly } from '../../server/src/rules/dk107-superdispatch-on-localonly';
import { ruleTester } from '../helpers/rule-tester';

const clientIig =
  '#include <DriverKit/IOUserClient.iig>\n\nclass MyUserClient : public IOUserClient\n{\npublic:\n    virtual bool init() override;\n    virtual void free() override;\n' +
  '    virtual kern_return_t Start(IOService * provider) override;\n' +
  '    virtual kern_return_t ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,\n' +
  '                                         const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference) override;\n' +
  '    kern_return_t Reset(uint32_t how) LOCALONLY;\n};\n';
const externalMethod = (body: string): string =>
  `#include "MyUserClient.h"\n\nkern_return_t MyUserClient::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,\n                                           const IOUserClientMethodDispatch * dispatch, OSObject * target, void * reference)\n{\n${body}\n}\n`;
const pciIig =
  '#include <DriverKit/IOService.iig>\n#include <PCIDriverKit/IOPCIDevice.iig>\n\nclass MyPci : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n';
const pciStart = (body: string): string =>
  `#include "MyPci.h"\n\nstruct MyPci_IVars {\n    IOPCIDevice * pci;\n    IOService *   helper;\n};\n\nkern_return_t IMPL(MyPci, Start)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n${body}\n    return ret;\n}\n`;

ruleTester(superdispatchOnLocalonly, {
  valid: [
    {
      name: 'ExternalMethod override calling super::ExternalMethod with its dispatch table',
      files: { 'MyUserClient.cpp': externalMethod('    if (selector >= kCount) {\n        return kIOReturnBadArgument;\n    }\n    return super::ExternalMethod(selector, arguments, &sMethods[selector], this, nullptr);'), 'MyUserClient.iig': clientIig },
    },
    {
      name: 'init and free chaining with super::',
      files: {
        'MyUserClient.cpp': '#include "MyUserClient.h"\n\nbool MyUserClient::init()\n{\n    if (!super::init()) {\n        return false;\n    }\n    ivars = IONewZero(MyUserClient_IVars, 1);\n    return ivars != nullptr;\n}\n\nvoid MyUserClient::free()\n{\n    IOSafeDeleteNULL(ivars, MyUserClient_IVars, 1);\n    super::free();\n}\n',
        'MyUserClient.iig': clientIig,
      },
    },
    { name: 'SUPERDISPATCH on RPC methods (Start, SetPowerState)', files: { 'MyPci.cpp': pciStart('    ret = SetPowerState(kIOServicePowerCapabilityOn, SUPERDISPATCH);'), 'MyPci.iig': pciIig } },
    { name: 'IOPCIDevice Open without SUPERDISPATCH', files: { 'MyPci.cpp': pciStart('    ret = ivars->pci->Open(this, 0);'), 'MyPci.iig': pciIig } },
    {
      name: 'a receiver whose class the file does not declare, and an RPC method of a declared one',
      files: { 'MyPci.cpp': pciStart('    ret = GetThing()->Open(this, SUPERDISPATCH);\n    ret = ivars->helper->Start(this, SUPERDISPATCH);'), 'MyPci.iig': pciIig },
    },
  ],
  invalid: [
    {
      name: 'ExternalMethod(..., SUPERDISPATCH) in the ExternalMethod override: rewritten to super::ExternalMethod',
      files: { 'MyUserClient.cpp': externalMethod('    return ExternalMethod(selector, arguments, &sMethods[selector], this, nullptr, ⟦SUPERDISPATCH⟧);'), 'MyUserClient.iig': clientIig },
      findings: [
        {
          message: "'ExternalMethod' is LOCALONLY",
          fixTitles: ["Call 'super::ExternalMethod' without SUPERDISPATCH"],
          output: { 'MyUserClient.cpp': externalMethod('    return super::ExternalMethod(selector, arguments, &sMethods[selector], this, nullptr);') },
        },
      ],
    },
    {
      name: 'init(SUPERDISPATCH) and super::free(SUPERDISPATCH) in the overrides',
      files: {
        'MyUserClient.cpp': '#include "MyUserClient.h"\n\nbool MyUserClient::init()\n{\n    return init(⟦SUPERDISPATCH⟧);\n}\n\nvoid MyUserClient::free()\n{\n    super::free(⟦SUPERDISPATCH⟧);\n}\n',
        'MyUserClient.iig': clientIig,
      },
      findings: [
        { message: "call 'super::init(…)'", output: { 'MyUserClient.cpp': '#include "MyUserClient.h"\n\nbool MyUserClient::init()\n{\n    return super::init();\n}\n\nvoid MyUserClient::free()\n{\n    super::free(SUPERDISPATCH);\n}\n' } },
        { message: "'free' is LOCALONLY", output: { 'MyUserClient.cpp': '#include "MyUserClient.h"\n\nbool MyUserClient::init()\n{\n    return init(SUPERDISPATCH);\n}\n\nvoid MyUserClient::free()\n{\n    super::free();\n}\n' } },
      ],
    },
    {
      name: "IOPCIDevice's Open on an ivar and on a cast local: no fix",
      files: {
        'MyPci.cpp': pciStart('    ret = ivars->pci->Open(this, 0, ⟦SUPERDISPATCH⟧);\n    IOPCIDevice * device = OSDynamicCast(IOPCIDevice, provider);\n    device->Close(this, ⟦SUPERDISPATCH⟧);'),
        'MyPci.iig': pciIig,
      },
      findings: [
        { message: "'IOPCIDevice::Open' is LOCALONLY, so 'ivars->pci->Open' takes no SUPERDISPATCH argument", noFix: true },
        { message: "'IOPCIDevice::Close' is LOCALONLY", noFix: true },
      ],
    },
    {
      name: 'an own LOCALONLY helper, and ExternalMethod from another method: no fix',
      files: {
        'MyUserClient.cpp': '#include "MyUserClient.h"\n\nkern_return_t IMPL(MyUserClient, Start)\n{\n    Reset(0, ⟦SUPERDISPATCH⟧);\n    ExternalMethod(0, nullptr, nullptr, this, nullptr, ⟦SUPERDISPATCH⟧);\n    return Start(provider, SUPERDISPATCH);\n}\n',
        'MyUserClient.iig': clientIig,
      },
      findings: [
        { message: "'Reset' is a LOCALONLY method of 'MyUserClient' with no superclass version", noFix: true },
        { message: "'ExternalMethod' is LOCALONLY", noFix: true },
      ],
    },
    {
      name: 'class .iig not in the workspace: init is LOCALONLY for every OSObject',
      files: { 'Other.cpp': '#include "Other.h"\n\nbool Other::init()\n{\n    return this->init(⟦SUPERDISPATCH⟧);\n}\n' },
      findings: [{ message: "'init' is LOCALONLY", output: { 'Other.cpp': '#include "Other.h"\n\nbool Other::init()\n{\n    return super::init();\n}\n' } }],
    },
  ],
});
