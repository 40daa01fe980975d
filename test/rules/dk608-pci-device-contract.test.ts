// Case table for DK608 pci-device-contract: memory indexes from GetBARInfo, bus mastering before DMA, and zero
// timeouts on interrupt pipes; with the shapes real PCI and USB drivers use when they get these right.
import { pciDeviceContract } from '../../server/src/rules/dk608-pci-device-contract';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const pciIvars = lines('struct PciDriver_IVars {', '    IOPCIDevice *  pci;', '    IODMACommand * dma;', '    uint8_t        memoryIndex;', '};', '');

const pciStart = (...body: string[]): string =>
  pciIvars +
  lines(
    'kern_return_t IMPL(PciDriver, Start)',
    '{',
    '    kern_return_t ret = Start(provider, SUPERDISPATCH);',
    '    ivars->pci = OSDynamicCast(IOPCIDevice, provider);',
    '    ret = ivars->pci->Open(this, 0);',
    ...body,
    '    return ret;',
    '}',
  );

const enableBusMaster = [
  '    uint16_t command = 0;',
  '    ivars->pci->ConfigurationRead16(kIOPCIConfigurationOffsetCommand, &command);',
  '    ivars->pci->ConfigurationWrite16(kIOPCIConfigurationOffsetCommand, command | kIOPCICommandBusLead | kIOPCICommandMemorySpace);',
];

const createDma = '    ret = IODMACommand::Create(ivars->pci, kIODMACommandCreateNoOptions, &spec, &ivars->dma);';

const usbIvars = lines('struct UsbDriver_IVars {', '    IOUSBHostInterface * interface;', '    IOUSBHostPipe *      interruptPipe;', '    IOBufferMemoryDescriptor * buffer;', '    OSAction *           action;', '};', '');

const findPipe = (...copy: string[]): string =>
  lines(
    'kern_return_t UsbDriver::FindPipes()',
    '{',
    '    kern_return_t ret = kIOReturnNotFound;',
    '    const IOUSBConfigurationDescriptor * config = ivars->interface->CopyConfigurationDescriptor();',
    '    const IOUSBInterfaceDescriptor * intf = ivars->interface->GetInterfaceDescriptor(config);',
    '    const IOUSBEndpointDescriptor * ep = nullptr;',
    '    while ((ep = IOUSBGetNextEndpointDescriptor(config, intf, (const IOUSBDescriptorHeader *) ep)) != nullptr) {',
    ...copy,
    '    }',
    '    return ret;',
    '}',
    '',
  );

const interruptCopy = [
  '        if (IOUSBGetEndpointType(ep) == kIOUSBEndpointTypeInterrupt && IOUSBGetEndpointDirection(ep) == kIOUSBEndpointDirectionIn) {',
  '            ret = ivars->interface->CopyPipe(ep->bEndpointAddress, &ivars->interruptPipe);',
  '        }',
];

const arm = (timeout: string): string => lines('kern_return_t UsbDriver::ArmRead()', '{', `    return ivars->interruptPipe->AsyncIO(ivars->buffer, 8, ivars->action, ${timeout});`, '}');

ruleTester(pciDeviceContract, {
  valid: [
    {
      name: "Apple's PCI sample shape: GetBARInfo, bus lead + memory space, then DMA",
      files: {
        'PciDriver.cpp': pciStart(
          ...enableBusMaster,
          '    ret = ivars->pci->GetBARInfo(kPCIMemoryRangeBAR2, &ivars->memoryIndex, nullptr, nullptr);',
          '    ivars->pci->MemoryWrite32(ivars->memoryIndex, 0x10, 1);',
          '    IODMACommandSpecification spec = {};',
          createDma,
        ),
      },
    },
    {
      name: 'memory index 0 without GetBARInfo, and the command register written as a 32-bit word at offset 4',
      files: {
        'PciDriver.cpp': pciStart(
          '    uint32_t commandStatus = 0;',
          '    ivars->pci->ConfigurationRead32(0x04, &commandStatus);',
          '    ivars->pci->ConfigurationWrite32(0x04, commandStatus | 0x6);',
          '    ivars->pci->MemoryWrite32(0, 0x10, 1);',
          '    IODMACommandSpecification spec = {};',
          createDma,
        ),
      },
    },
    {
      name: 'a literal BAR index checked against GetBARInfo elsewhere in the file',
      files: {
        'PciDriver.cpp': pciStart(
          ...enableBusMaster,
          '    uint8_t index = 0;',
          '    ivars->pci->GetBARInfo(kPCIMemoryRangeBAR1, &index);',
          '    if (index != 1) {',
          '        return kIOReturnUnsupported;',
          '    }',
          '    ivars->pci->MemoryWrite32(1, 0x10, 1);',
        ),
      },
    },
    {
      name: 'DMA with the device handed to a helper that may configure it',
      files: { 'PciDriver.cpp': pciStart('    ret = ConfigureCommandRegister(ivars->pci);', '    IODMACommandSpecification spec = {};', createDma) },
    },
    {
      name: 'a bulk pipe (no endpoint type check) may time out; the interrupt pipe uses 0',
      files: {
        'UsbDriver.cpp':
          usbIvars +
          findPipe(...interruptCopy) +
          arm('0') +
          lines('kern_return_t UsbDriver::Send()', '{', '    return ivars->bulkOut->AsyncIO(ivars->buffer, 64, ivars->action, 5000);', '}'),
      },
    },
    {
      name: 'the pipe ivar is also copied for an endpoint of unknown type',
      files: {
        'UsbDriver.cpp':
          usbIvars + findPipe(...interruptCopy) + lines('kern_return_t UsbDriver::UseDefault()', '{', '    return ivars->interface->CopyPipe(kDataEndpoint, &ivars->interruptPipe);', '}', '') + arm('1000'),
      },
    },
  ],
  invalid: [
    {
      name: 'BAR numbers used as memory indexes without GetBARInfo (one finding per BAR)',
      files: {
        'PciDriver.cpp': pciStart(
          ...enableBusMaster,
          '    ivars->pci->MemoryWrite32(⟦kPCIMemoryRangeBAR2⟧, 0x10, 1);',
          '    ivars->pci->MemoryWrite32(kPCIMemoryRangeBAR2, 0x14, 1);',
          '    uint64_t doorbell = 0;',
          '    ivars->pci->MemoryRead64(⟦1⟧, 0x00, &doorbell);',
        ),
      },
      findings: [
        { message: "'MemoryWrite32' takes a memory index, not a BAR number, and 'kPCIMemoryRangeBAR2' is BAR 2's index", noFix: true },
        { message: "get the index with 'ivars->pci->GetBARInfo(kPCIMemoryRangeBAR1, &memoryIndex, &size, &type)'" },
      ],
    },
    {
      name: 'an IODMACommand created while bus mastering is never enabled',
      files: { 'PciDriver.cpp': pciStart('    ivars->pci->MemoryWrite32(0, 0x10, 1);', '    IODMACommandSpecification spec = {};', createDma.replace('IODMACommand::Create', '⟦IODMACommand::Create⟧')) },
      findings: [{ message: "'IODMACommand::Create' sets up DMA, but 'PciDriver' never enables bus mastering and memory space", noFix: true }],
    },
    {
      name: 'a non-zero timeout on a pipe copied for an interrupt endpoint',
      files: { 'UsbDriver.cpp': usbIvars + findPipe(...interruptCopy) + arm('⟦1000⟧') },
      findings: [
        {
          message: "'ivars->interruptPipe' is an interrupt pipe, and interrupt transfers must not time out",
          fixTitles: ['Use a zero timeout on the interrupt pipe'],
          output: { 'UsbDriver.cpp': usbIvars + findPipe(...interruptCopy) + arm('0') },
        },
      ],
    },
    {
      name: 'a local pipe after a guard that skips every other endpoint type, used with a synchronous IO',
      files: {
        'UsbDriver.cpp':
          usbIvars +
          findPipe(
            '        if (IOUSBGetEndpointType(ep) != kIOUSBEndpointTypeInterrupt) {',
            '            continue;',
            '        }',
            '        IOUSBHostPipe * pipe = nullptr;',
            '        uint32_t transferred = 0;',
            '        ret = ivars->interface->CopyPipe(ep->bEndpointAddress, &pipe);',
            '        ret = pipe->IO(ivars->buffer, 8, &transferred, ⟦500⟧);',
            '        OSSafeReleaseNULL(pipe);',
          ),
      },
      findings: [{ message: "pass 0 to 'IO'" }],
    },
  ],
});
