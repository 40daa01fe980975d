// PciEchoDevice.cpp - bundled example PCI DMA echo engine dext; the correct twin of PciEchoMonitor's pitfalls.
//
// The (fictional) echo engine reads a host buffer by DMA and writes it back, then raises an MSI. Everything here
// follows PCIDriverKit's contract: Open before any register access, memory indexes from GetBARInfo, bus mastering
// and memory space enabled before DMA, and Close in Stop before passing Stop on.
#include <os/log.h>

#include <DriverKit/IOLib.h>
#include <DriverKit/IOUserServer.h>
#include <DriverKit/IOBufferMemoryDescriptor.h>
#include <DriverKit/IODMACommand.h>
#include <DriverKit/IODispatchQueue.h>
#include <DriverKit/IOInterruptDispatchSource.h>
#include <PCIDriverKit/PCIDriverKit.h>

#include "PciEchoDevice.h"

namespace {

// BAR0 registers of the echo engine.
constexpr uint64_t kRegControl     = 0x00;   // bit 0 = reset, bit 1 = interrupt enable
constexpr uint64_t kRegStatus      = 0x04;   // bit 0 = echo done; write 1 to clear
constexpr uint64_t kRegDmaAddrLo   = 0x10;
constexpr uint64_t kRegDmaAddrHi   = 0x14;
constexpr uint64_t kRegDmaLength   = 0x18;
constexpr uint64_t kRegDoorbell    = 0x1C;
constexpr uint32_t kControlReset   = 0x1;
constexpr uint32_t kControlIntOn   = 0x2;
constexpr uint32_t kStatusDone     = 0x1;

constexpr uint64_t kEchoBufferSize = 16384;

} // namespace

struct PciEchoDevice_IVars {
    IOPCIDevice *               pci;
    uint8_t                     registers;       // memory index of BAR0, from GetBARInfo
    IODispatchQueue *           defaultQueue;
    IOInterruptDispatchSource * interruptSource;
    OSAction *                  interruptAction;
    IOBufferMemoryDescriptor *  echoBuffer;
    IODMACommand *              dma;
    uint64_t                    dmaAddress;
    bool                        dmaPrepared;
    uint64_t                    echoes;
};

bool
PciEchoDevice::init()
{
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(PciEchoDevice_IVars, 1);
    return ivars != nullptr;
}

void
PciEchoDevice::free()
{
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->interruptAction);
        OSSafeReleaseNULL(ivars->interruptSource);
        OSSafeReleaseNULL(ivars->defaultQueue);
        OSSafeReleaseNULL(ivars->dma);
        OSSafeReleaseNULL(ivars->echoBuffer);
    }
    IOSafeDeleteNULL(ivars, PciEchoDevice_IVars, 1);
    super::free();
}

kern_return_t
IMPL(PciEchoDevice, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) {
        return ret;
    }

    ivars->pci = OSDynamicCast(IOPCIDevice, provider);
    if (ivars->pci == nullptr) {
        Stop(provider, SUPERDISPATCH);
        return kIOReturnNoDevice;
    }
    ret = ivars->pci->Open(this, 0);
    if (ret != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, "PciEchoDevice: Open failed 0x%x", ret);
        Stop(provider, SUPERDISPATCH);
        return ret;
    }

    ret = MapRegisters();
    if (ret == kIOReturnSuccess) {
        ret = EnableBusMastering();
    }
    if (ret == kIOReturnSuccess) {
        ret = CreateInterruptSource();
    }
    if (ret == kIOReturnSuccess) {
        ret = PrepareEchoBuffer();
    }
    if (ret != kIOReturnSuccess) {
        ivars->pci->Close(this, 0);
        Stop(provider, SUPERDISPATCH);
        return ret;
    }

    ivars->pci->MemoryWrite32(ivars->registers, kRegControl, kControlIntOn);
    StartEcho(static_cast<uint32_t>(kEchoBufferSize));
    return RegisterService();
}

kern_return_t
IMPL(PciEchoDevice, Stop)
{
    ivars->pci->MemoryWrite32(ivars->registers, kRegControl, 0);
    ReleaseEchoBuffer();
    OSSafeReleaseNULL(ivars->interruptAction);
    // Super Stop runs only once the last interrupt handler has returned; Close comes first, as the docs ask.
    ivars->interruptSource->Cancel(^{
        ivars->pci->Close(this, 0);
        Stop(provider, SUPERDISPATCH);
    });
    return kIOReturnSuccess;
}

kern_return_t
PciEchoDevice::MapRegisters()
{
    uint64_t barSize = 0;
    uint8_t barType = 0;
    // A 64-bit BAR0 takes two BAR registers but one memory index, so the index comes from GetBARInfo.
    kern_return_t ret = ivars->pci->GetBARInfo(kPCIMemoryRangeBAR0, &ivars->registers, &barSize, &barType);
    if (ret != kIOReturnSuccess || barSize < 0x100) {
        return ret != kIOReturnSuccess ? ret : kIOReturnNoResources;
    }
    ivars->pci->MemoryWrite32(ivars->registers, kRegControl, kControlReset);
    return kIOReturnSuccess;
}

kern_return_t
PciEchoDevice::EnableBusMastering()
{
    uint16_t command = 0;
    ivars->pci->ConfigurationRead16(kIOPCIConfigurationOffsetCommand, &command);
    ivars->pci->ConfigurationWrite16(kIOPCIConfigurationOffsetCommand,
                                     command | kIOPCICommandBusLead | kIOPCICommandMemorySpace);
    return kIOReturnSuccess;
}

kern_return_t
PciEchoDevice::CreateInterruptSource()
{
    uint64_t interruptType = 0;
    uint32_t index = 0;
    kern_return_t ret = ivars->pci->ConfigureInterrupts(kIOInterruptTypePCIMessaged, 1, 1, 0);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    // MSI vectors follow any legacy INTx entry, so look for the first messaged index.
    for (index = 0; index < 4; index++) {
        ret = IOInterruptDispatchSource::GetInterruptType(ivars->pci, index, &interruptType);
        if (ret == kIOReturnSuccess && (interruptType & kIOInterruptTypePCIMessaged) != 0) {
            break;
        }
    }
    if (index == 4) {
        return kIOReturnNoInterrupt;
    }

    ret = CopyDispatchQueue(kIOServiceDefaultQueueName, &ivars->defaultQueue);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ret = IOInterruptDispatchSource::Create(ivars->pci, index, ivars->defaultQueue, &ivars->interruptSource);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ret = CreateActionInterruptOccurred(0, &ivars->interruptAction);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ret = ivars->interruptSource->SetHandler(ivars->interruptAction);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    return ivars->interruptSource->SetEnable(true);
}

kern_return_t
PciEchoDevice::PrepareEchoBuffer()
{
    IODMACommandSpecification spec = {};
    IOAddressSegment segments[1] = {};
    uint32_t segmentCount = 1;
    uint64_t flags = 0;

    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, kEchoBufferSize, 0, &ivars->echoBuffer);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ret = ivars->echoBuffer->SetLength(kEchoBufferSize);
    if (ret != kIOReturnSuccess) {
        return ret;
    }

    spec.options = kIODMACommandSpecificationNoOptions;
    spec.maxAddressBits = 64;
    ret = IODMACommand::Create(ivars->pci, kIODMACommandCreateNoOptions, &spec, &ivars->dma);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ret = ivars->dma->PrepareForDMA(kIODMACommandPrepareForDMANoOptions, ivars->echoBuffer, 0, kEchoBufferSize,
                                    &flags, &segmentCount, segments);
    if (ret != kIOReturnSuccess || segmentCount != 1) {
        return ret != kIOReturnSuccess ? ret : kIOReturnNoResources;
    }
    ivars->dmaPrepared = true;
    ivars->dmaAddress = segments[0].address;
    return kIOReturnSuccess;
}

void
PciEchoDevice::ReleaseEchoBuffer()
{
    if (ivars->dmaPrepared) {
        ivars->dma->CompleteDMA(kIODMACommandCompleteDMANoOptions);
        ivars->dmaPrepared = false;
    }
    OSSafeReleaseNULL(ivars->dma);
    OSSafeReleaseNULL(ivars->echoBuffer);
}

void
PciEchoDevice::StartEcho(uint32_t length)
{
    ivars->pci->MemoryWrite32(ivars->registers, kRegDmaAddrLo, static_cast<uint32_t>(ivars->dmaAddress));
    ivars->pci->MemoryWrite32(ivars->registers, kRegDmaAddrHi, static_cast<uint32_t>(ivars->dmaAddress >> 32));
    ivars->pci->MemoryWrite32(ivars->registers, kRegDmaLength, length);
    ivars->pci->MemoryWrite32(ivars->registers, kRegDoorbell, 1);
}

void
IMPL(PciEchoDevice, InterruptOccurred)
{
    uint32_t status = 0;
    ivars->pci->MemoryRead32(ivars->registers, kRegStatus, &status);
    if ((status & kStatusDone) == 0) {
        return;
    }
    ivars->pci->MemoryWrite32(ivars->registers, kRegStatus, kStatusDone);
    ivars->echoes += count;
    StartEcho(static_cast<uint32_t>(kEchoBufferSize));
}
