// Case table for DK403 start-missing-superdispatch: the Start shapes real drivers use (early return, AssertMacros,
// assignment in the condition, logging first) and Start overrides that skip, delay or ignore the superclass.
import { startMissingSuperdispatch } from '../../server/src/rules/dk403-start-missing-superdispatch';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const iigOf = (base: string, ...members: string[]): string =>
  lines('#include <DriverKit/IOService.iig>', `class MyDriver : public ${base}`, '{', 'public:', '    virtual kern_return_t Start(IOService * provider) override;', ...members, '};');
const iig = iigOf('IOService', '    kern_return_t OpenDevice() LOCALONLY;');
const userClientIig = iigOf('IOService', '    virtual kern_return_t NewUserClient(uint32_t type, IOUserClient ** userClient) override;');

const startImpl = (...body: string[]): string => lines('kern_return_t', 'IMPL(MyDriver, Start)', '{', ...body, '}');
const openDevice = lines('kern_return_t', 'MyDriver::OpenDevice()', '{', '    return ivars->pci->Open(this, 0);', '}');

ruleTester(startMissingSuperdispatch, {
  valid: [
    {
      name: "Apple's template: super first, early return on error, RegisterService at the end",
      files: {
        'MyDriver.cpp': startImpl(
          '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    ivars->pci = OSDynamicCast(IOPCIDevice, provider);',
          '    RegisterService();',
          '    return kIOReturnSuccess;',
        ),
        'MyDriver.iig': userClientIig,
      },
    },
    {
      name: 'explicit _Impl form, locals and logging first, __Require_noErr_Action on the result',
      files: {
        'MyDriver.cpp': lines(
          'kern_return_t MyDriver::Start_Impl(IOService * provider)',
          '{',
          '    uint16_t command = 0;',
          '    IODispatchQueue * queue = nullptr;',
          '    os_log(OS_LOG_DEFAULT, "MyDriver: starting on %p", provider);',
          '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
          '    __Require_noErr_Action(ret, Exit, os_log(OS_LOG_DEFAULT, "MyDriver: super Start 0x%x", ret));',
          '    ret = OpenDevice();',
          'Exit:',
          '    return ret;',
          '}',
        ) + openDevice,
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'assignment inside the condition; a cast of the provider into a local may come first',
      files: {
        'MyDriver.cpp': startImpl(
          '    kern_return_t ret;',
          '    IOPCIDevice * pci = OSDynamicCast(IOPCIDevice, provider);',
          '    if ((ret = Start(provider, SUPERDISPATCH)) != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    return pci != nullptr ? OpenDevice() : kIOReturnNoDevice;',
        ) + openDevice,
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'a user client returns the superclass result directly',
      files: {
        'MyDriver.cpp':
          startImpl('    return Start(provider, SUPERDISPATCH);') +
          lines(
            'kern_return_t',
            'MyDriver::OpenDevice()',
            '{',
            '    return kIOReturnSuccess;',
            '}',
          ),
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'logging between the super call and its check',
      files: {
        'MyDriver.cpp': startImpl(
          '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
          '    os_log(OS_LOG_DEFAULT, "MyDriver: super Start 0x%x", ret);',
          '    if (ret != kIOReturnSuccess) {',
          '        Stop(provider, SUPERDISPATCH);',
          '        return ret;',
          '    }',
          '    return kIOReturnSuccess;',
        ),
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'SCSI controllers are registered by their family, so NewUserClient without RegisterService is fine',
      files: {
        'MyDriver.cpp': startImpl(
          '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    return kIOReturnSuccess;',
        ),
        'MyDriver.iig': iigOf('IOUserSCSIParallelInterfaceController', '    virtual kern_return_t NewUserClient(uint32_t type, IOUserClient ** userClient) override;'),
      },
    },
    {
      name: 'RegisterService called from a helper in the same file',
      files: {
        'MyDriver.cpp':
          startImpl('    kern_return_t ret = Start(provider, SUPERDISPATCH);', '    if (ret != kIOReturnSuccess) {', '        return ret;', '    }', '    return Publish();') +
          lines('kern_return_t', 'MyDriver::Publish()', '{', '    return RegisterService();', '}'),
        'MyDriver.iig': iigOf('IOService', '    virtual kern_return_t NewUserClient(uint32_t type, IOUserClient ** userClient) override;', '    kern_return_t Publish() LOCALONLY;'),
      },
    },
  ],
  invalid: [
    {
      name: 'Start never reaches the superclass',
      files: {
        'MyDriver.cpp': lines('kern_return_t', 'IMPL(MyDriver, ⟦Start⟧)', '{', '    ivars->pci = OSDynamicCast(IOPCIDevice, provider);', '    return OpenDevice();', '}') + openDevice,
        'MyDriver.iig': iig,
      },
      findings: [{ message: "'Start' never calls 'Start(provider, SUPERDISPATCH)'", noFix: true }],
    },
    {
      name: 'work on the ivars before the super call',
      files: {
        'MyDriver.cpp': startImpl(
          '    ivars->pci = OSDynamicCast(IOPCIDevice, provider);',
          '    ivars->pci->retain();',
          '    kern_return_t ret = ⟦Start(provider, SUPERDISPATCH)⟧;',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    return OpenDevice();',
        ) + openDevice,
        'MyDriver.iig': iig,
      },
      findings: [{ message: "runs after work on the provider or ivars; call it first" }],
    },
    {
      name: 'the result of the super call is thrown away',
      files: {
        'MyDriver.cpp': startImpl('    ⟦Start(provider, SUPERDISPATCH)⟧;', '    return OpenDevice();') + openDevice,
        'MyDriver.iig': iig,
      },
      findings: [{ message: "The result of 'Start(provider, SUPERDISPATCH)' is ignored" }],
    },
    {
      name: 'the result is stored but overwritten before it is tested',
      files: {
        'MyDriver.cpp': startImpl('    kern_return_t ret = ⟦Start(provider, SUPERDISPATCH)⟧;', '    ret = OpenDevice();', '    return ret;') + openDevice,
        'MyDriver.iig': iig,
      },
      findings: [{ message: "in 'ret' is not checked before more work" }],
    },
    {
      name: 'a service with NewUserClient that never registers',
      files: {
        'MyDriver.cpp': lines(
          'kern_return_t MyDriver::⟦Start_Impl⟧(IOService * provider)',
          '{',
          '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    return kIOReturnSuccess;',
          '}',
        ),
        'MyDriver.iig': userClientIig,
      },
      findings: [{ message: "'MyDriver' overrides 'NewUserClient' but never calls 'RegisterService()'" }],
    },
    {
      name: '_Impl form with its own provider name, stored in the ivars first',
      files: {
        'MyDriver.cpp': lines(
          'kern_return_t MyDriver::Start_Impl(IOService * nub)',
          '{',
          '    ivars->device = OSDynamicCast(IOPCIDevice, nub);',
          '    kern_return_t ret = ⟦Start(nub, SUPERDISPATCH)⟧;',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    return kIOReturnSuccess;',
          '}',
        ),
        'MyDriver.iig': iig,
      },
      findings: [{ message: "before anything touches 'nub' or 'ivars'" }],
    },
  ],
});
