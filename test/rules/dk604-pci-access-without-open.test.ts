// Case table for DK604 pci-access-without-open: PCI drivers that open their device (in Start, in a helper, in
// UserInitializeController) and close it from Stop, and drivers that never open it or never close it in Stop.
import { pciAccessWithoutOpen } from '../../server/src/rules/dk604-pci-access-without-open';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const iig = (...extra: string[]): string =>
  lines(
    '#include <DriverKit/IOService.iig>',
    '',
    'class PciDriver : public IOService',
    '{',
    'public:',
    '    virtual kern_return_t Start(IOService * provider) override;',
    '    virtual kern_return_t Stop(IOService * provider) override;',
    ...extra,
    '};',
  );

const ivars = lines('struct PciDriver_IVars {', '    IOPCIDevice * pci;', '    uint8_t       bar0;', '    bool          open;', '};', '');

const start = (...body: string[]): string =>
  lines(
    'kern_return_t IMPL(PciDriver, Start)',
    '{',
    '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
    '    if (ret != kIOReturnSuccess) {',
    '        return ret;',
    '    }',
    '    ivars->pci = OSDynamicCast(IOPCIDevice, provider);',
    '    if (ivars->pci == nullptr) {',
    '        return kIOReturnNoDevice;',
    '    }',
    ...body,
    '    return kIOReturnSuccess;',
    '}',
    '',
  );

const stop = (...body: string[]): string => lines('kern_return_t IMPL(PciDriver, Stop)', '{', ...body, '    return Stop(provider, SUPERDISPATCH);', '}', '');

const openAndEnable = [
  '    ret = ivars->pci->Open(this, 0);',
  '    if (ret != kIOReturnSuccess) {',
  '        return ret;',
  '    }',
  '    uint16_t command = 0;',
  '    ivars->pci->ConfigurationRead16(kIOPCIConfigurationOffsetCommand, &command);',
  '    ivars->pci->ConfigurationWrite16(kIOPCIConfigurationOffsetCommand, command | kIOPCICommandBusLead | kIOPCICommandMemorySpace);',
];

ruleTester(pciAccessWithoutOpen, {
  valid: [
    {
      name: "Apple's PCI sample shape: Open in Start, command register set up, Close in Stop",
      files: { 'PciDriver.cpp': ivars + start(...openAndEnable) + stop('    ivars->pci->Close(this, 0);'), 'PciDriver.iig': iig() },
    },
    {
      name: 'a SCSI controller opening the device in UserInitializeController, through GetProvider()',
      files: {
        'PciDriver.cpp':
          ivars +
          lines(
            'kern_return_t IMPL(PciDriver, UserInitializeController)',
            '{',
            '    ivars->pci = OSDynamicCast(IOPCIDevice, GetProvider());',
            '    kern_return_t ret = ivars->pci->Open(this, 0);',
            '    if (ret == kIOReturnSuccess) {',
            '        ivars->pci->MemoryWrite32(ivars->bar0, 0x10, 0);',
            '    }',
            '    return ret;',
            '}',
            '',
          ) +
          stop('    ivars->pci->Close(this, 0);'),
        'PciDriver.iig': iig('    virtual kern_return_t UserInitializeController() override;'),
      },
    },
    {
      name: 'Close in a helper that Stop calls from the last cancel block',
      files: {
        'PciDriver.cpp':
          ivars +
          start('    ret = OpenDevice();', '    if (ret != kIOReturnSuccess) {', '        return ret;', '    }', '    ivars->pci->MemoryWrite32(ivars->bar0, 0, 1);') +
          lines('kern_return_t PciDriver::OpenDevice()', '{', '    kern_return_t ret = ivars->pci->Open(this, 0);', '    ivars->open = (ret == kIOReturnSuccess);', '    return ret;', '}', '') +
          lines('void PciDriver::CloseDevice()', '{', '    if (ivars->open) {', '        ivars->pci->Close(this, 0);', '        ivars->open = false;', '    }', '}', '') +
          lines(
            'kern_return_t IMPL(PciDriver, Stop)',
            '{',
            '    ivars->source->Cancel(^{',
            '        CloseDevice();',
            '        Stop(provider, SUPERDISPATCH);',
            '    });',
            '    return kIOReturnSuccess;',
            '}',
            '',
          ),
        'PciDriver.iig': iig('    kern_return_t OpenDevice() LOCALONLY;', '    void CloseDevice() LOCALONLY;'),
      },
    },
    {
      name: 'explicit _Impl definitions; Stop closes on its queue through this->CloseDevice() in a DispatchAsync block',
      files: {
        'PciDriver.cpp':
          ivars +
          lines(
            'kern_return_t PciDriver::Start_Impl(IOService * provider)',
            '{',
            '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
            '    ivars->pci = OSRequiredCast(IOPCIDevice, provider);',
            '    ret = ivars->pci->Open(this, 0);',
            '    ivars->pci->ConfigurationWrite16(kIOPCIConfigurationOffsetCommand, kIOPCICommandMemorySpace);',
            '    return ret;',
            '}',
            '',
            'void PciDriver::CloseDevice()',
            '{',
            '    ivars->pci->Close(this, 0);',
            '}',
            '',
            'kern_return_t PciDriver::Stop_Impl(IOService * provider)',
            '{',
            '    ivars->queue->DispatchAsync(^{',
            '        this->CloseDevice();',
            '        Stop(provider, SUPERDISPATCH);',
            '    });',
            '    return kIOReturnSuccess;',
            '}',
          ),
        'PciDriver.iig': iig('    void CloseDevice() LOCALONLY;'),
      },
    },
    {
      name: 'Stop hands the driver to a file-level teardown function, which may close the device',
      files: {
        'PciDriver.cpp': ivars + start(...openAndEnable) + stop('    TearDownHardware(this);'),
        'PciDriver.iig': iig(),
      },
    },
    {
      name: 'a helper object that is handed the device by its owner (it does not own the session)',
      files: {
        'PciDriver.cpp':
          ivars +
          lines('void PciDriver::SetDevice(IOPCIDevice * device)', '{', '    ivars->pci = device;', '}', '') +
          lines('uint32_t PciDriver::ReadStatus()', '{', '    uint32_t status = 0;', '    ivars->pci->MemoryRead32(ivars->bar0, 0x04, &status);', '    return status;', '}', ''),
        'PciDriver.iig': lines('class PciDriver : public OSObject', '{', 'public:', '    void SetDevice(IOPCIDevice * device) LOCALONLY;', '    uint32_t ReadStatus() LOCALONLY;', '};'),
      },
    },
    {
      name: 'the device is handed to a function this file does not show, which may open it',
      files: {
        'PciDriver.cpp': ivars + start('    ret = BringUpDevice(ivars->pci, this);', '    ivars->pci->MemoryWrite32(ivars->bar0, 0, 1);') + stop(),
        'PciDriver.iig': iig(),
      },
    },
    {
      name: 'the class is split across files: its .iig declares a method this file does not define',
      files: { 'PciDriver.cpp': ivars + start('    ivars->pci->MemoryWrite32(ivars->bar0, 0, 1);') + stop(), 'PciDriver.iig': iig('    kern_return_t OpenDevice() LOCALONLY;') },
    },
    {
      name: 'the ivars are declared elsewhere and Open is called on a field of unknown type',
      files: {
        'PciDriver.cpp': start('    ivars->device->Open(this, 0);', '    IOPCIDevice * pci = ivars->pci;', '    pci->MemoryWrite32(0, 0, 1);') + stop('    ivars->device->Close(this, 0);'),
        'PciDriver.iig': iig(),
      },
    },
  ],
  invalid: [
    {
      name: 'registers written from Start and read in a handler, but the device is never opened',
      files: {
        'PciDriver.cpp':
          ivars +
          start('    ⟦ivars->pci->MemoryWrite32⟧(ivars->bar0, 0x00, 1);') +
          stop() +
          lines('void IMPL(PciDriver, InterruptOccurred)', '{', '    uint32_t status = 0;', '    ivars->pci->MemoryRead32(ivars->bar0, 0x04, &status);', '}'),
        'PciDriver.iig': iig('    virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);'),
      },
      findings: [{ message: "'MemoryWrite32' accesses 'ivars->pci', but 'PciDriver' never opens it", noFix: true }],
    },
    {
      name: 'a local from OSDynamicCast reads configuration space without a session',
      files: {
        'PciDriver.cpp': lines(
          'kern_return_t PciDriver::Start_Impl(IOService * provider)',
          '{',
          '    IOPCIDevice * pci = OSDynamicCast(IOPCIDevice, provider);',
          '    uint16_t vendor = 0;',
          '    if (pci == nullptr) {',
          '        return kIOReturnNoDevice;',
          '    }',
          '    ⟦pci->ConfigurationRead16⟧(kIOPCIConfigurationOffsetVendorID, &vendor);',
          '    return Start(provider, SUPERDISPATCH);',
          '}',
          '',
          'kern_return_t PciDriver::Stop_Impl(IOService * provider)',
          '{',
          '    return Stop(provider, SUPERDISPATCH);',
          '}',
        ),
        'PciDriver.iig': iig(),
      },
      findings: [{ message: "call 'pci->Open(this, 0)' before the first access" }],
    },
    {
      name: 'opened in Start, closed only on its error path, never in Stop',
      files: {
        'PciDriver.cpp':
          ivars +
          start(
            '    ret = ⟦ivars->pci->Open⟧(this, 0);',
            '    if (ret != kIOReturnSuccess) {',
            '        return ret;',
            '    }',
            '    ret = ivars->pci->ConfigureInterrupts(kIOInterruptTypePCIMessaged, 1, 1, 0);',
            '    if (ret != kIOReturnSuccess) {',
            '        ivars->pci->Close(this, 0);',
            '        return ret;',
            '    }',
          ) +
          stop('    ivars->pci->MemoryWrite32(ivars->bar0, 0x00, 0);'),
        'PciDriver.iig': iig(),
      },
      findings: [{ message: "'ivars->pci' is opened here but 'PciDriver::Stop' never closes it" }],
    },
    {
      name: 'the class opens the device but does not override Stop at all',
      files: {
        'PciDriver.cpp': ivars + start(...openAndEnable.map((line) => line.replace('ivars->pci->Open', '⟦ivars->pci->Open⟧'))),
        'PciDriver.iig': lines('#include <DriverKit/IOService.iig>', '', 'class PciDriver : public IOService', '{', 'public:', '    virtual kern_return_t Start(IOService * provider) override;', '};'),
      },
      findings: [{ message: "'PciDriver' opens 'ivars->pci' but does not override 'Stop' to close it" }],
    },
  ],
});
