// Typed access to the IOPCIDevice and USB pipe facts in knowledge/pci-device.json.
import data from '../../../knowledge/pci-device.json';

export const PCI_DEVICE_CLASS: string = data.deviceClass;
export const PCI_CAST_MACROS: ReadonlySet<string> = new Set(data.castMacros);
export const PCI_CONFIG_ACCESSORS: ReadonlySet<string> = new Set(data.configAccessors);
export const PCI_MEMORY_ACCESSORS: ReadonlySet<string> = new Set(data.memoryAccessors);
export const PCI_CONFIG_WRITERS: ReadonlySet<string> = new Set(data.configWriters);
export const PCI_OPEN: string = data.open;
export const PCI_CLOSE: string = data.close;
export const PCI_BAR_INFO: string = data.barInfo;
export const PCI_BAR_CONSTANTS: Readonly<Record<string, number>> = data.barConstants;
export const PCI_COMMAND_OFFSET_CONSTANTS: ReadonlySet<string> = new Set(data.commandRegister.offsetConstants);
export const PCI_COMMAND_OFFSET_VALUE: number = data.commandRegister.offsetValue;
export const PCI_COMMAND_ENABLE_BITS: readonly string[] = data.commandRegister.enableBits;
export const PCI_DMA_CREATORS: ReadonlySet<string> = new Set(data.dmaCreators);
export const PCI_DEVICE_SAFE_CALLS: ReadonlySet<string> = new Set(data.deviceSafeCalls);

export const USB_COPY_PIPE: string = data.usb.copyPipe;
export const USB_INTERRUPT_TYPE_CONSTANTS: ReadonlySet<string> = new Set(data.usb.interruptTypeConstants);
/** The index of the `completionTimeoutMs` argument of each pipe transfer method. */
export const USB_TIMEOUT_ARGUMENT: Readonly<Record<string, number>> = data.usb.timeoutArgument;

/** True for `ConfigurationRead16`, `MemoryWrite32` and the other accessors that need an open session. */
export function isPciAccessor(name: string): boolean {
  return PCI_CONFIG_ACCESSORS.has(name) || PCI_MEMORY_ACCESSORS.has(name);
}
