// UsbSensorHub.cpp - bundled example USB sensor-hub interface dext; contains the USB pitfall of ../EXPECTED.md.
//
// The (fictional) hub reports events (sensor attached, threshold crossed) on an interrupt IN endpoint and streams
// samples on a bulk IN endpoint. The driver opens its IOUSBHostInterface, finds both pipes from the interface's
// endpoint descriptors, and keeps one read in flight on each.
#include <os/log.h>

#include <DriverKit/IOLib.h>
#include <DriverKit/IOUserServer.h>
#include <DriverKit/IOBufferMemoryDescriptor.h>
#include <USBDriverKit/USBDriverKit.h>
#include <USBDriverKit/IOUSBHostInterface.h>
#include <USBDriverKit/IOUSBHostPipe.h>

#include "UsbSensorHub.h"

namespace {

constexpr uint32_t kEventLength    = 16;     // one event report
constexpr uint32_t kSampleLength   = 8192;   // a batch of 16-bit samples
constexpr uint32_t kSampleTimeoutMs = 2000;  // bulk reads may time out; the hub streams continuously
constexpr uint8_t  kEventThreshold = 0x02;

struct EventReport {
    uint8_t  kind;
    uint8_t  sensor;
    uint16_t value;
    uint32_t sequence;
    uint64_t timestamp;
};
static_assert(sizeof(EventReport) == kEventLength, "event report layout");

} // namespace

struct UsbSensorHub_IVars {
    IOUSBHostInterface *       interface;
    bool                       interfaceOpen;
    bool                       stopping;
    IOUSBHostPipe *            eventPipe;      // interrupt IN, from CopyPipe (+1)
    IOUSBHostPipe *            samplePipe;     // bulk IN, from CopyPipe (+1)
    IOBufferMemoryDescriptor * eventBuffer;
    IOBufferMemoryDescriptor * sampleBuffer;
    OSAction *                 eventAction;
    OSAction *                 sampleAction;
    uint64_t                   samplesBytes;
    uint32_t                   lastSequence;
};

bool
UsbSensorHub::init()
{
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(UsbSensorHub_IVars, 1);
    return ivars != nullptr;
}

void
UsbSensorHub::free()
{
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->eventAction);
        OSSafeReleaseNULL(ivars->sampleAction);
        OSSafeReleaseNULL(ivars->eventBuffer);
        OSSafeReleaseNULL(ivars->sampleBuffer);
        OSSafeReleaseNULL(ivars->eventPipe);
        OSSafeReleaseNULL(ivars->samplePipe);
        OSSafeReleaseNULL(ivars->interface);
    }
    IOSafeDeleteNULL(ivars, UsbSensorHub_IVars, 1);
    super::free();
}

kern_return_t
IMPL(UsbSensorHub, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    IOUSBHostInterface * interface = OSDynamicCast(IOUSBHostInterface, provider);
    if (interface == nullptr) {
        Stop(provider, SUPERDISPATCH);
        return kIOReturnNoDevice;
    }
    interface->retain();
    ivars->interface = interface;

    ret = ivars->interface->Open(this, 0, nullptr);
    if (ret != kIOReturnSuccess) {
        Stop(provider, SUPERDISPATCH);
        return ret;
    }
    ivars->interfaceOpen = true;

    ret = FindPipes();
    if (ret == kIOReturnSuccess) {
        ret = CreateBuffers();
    }
    if (ret == kIOReturnSuccess) {
        ret = CreateActionEventReceived(0, &ivars->eventAction);
    }
    if (ret == kIOReturnSuccess) {
        ret = CreateActionSamplesReceived(0, &ivars->sampleAction);
    }
    if (ret == kIOReturnSuccess) {
        // Interrupt endpoint: the timeout must be 0, the host polls it for as long as the read is queued.
        ret = ivars->eventPipe->AsyncIO(ivars->eventBuffer, kEventLength, ivars->eventAction, 0);
    }
    if (ret == kIOReturnSuccess) {
        ret = QueueSampleRead();
    }
    if (ret != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, "UsbSensorHub: start failed 0x%x", ret);
        ivars->interface->Close(this, 0);
        ivars->interfaceOpen = false;
        Stop(provider, SUPERDISPATCH);
        return ret;
    }
    return RegisterService();
}

kern_return_t
IMPL(UsbSensorHub, Stop)
{
    ivars->stopping = true;
    if (ivars->interfaceOpen) {
        ivars->interface->Close(this, 0);   // aborts both outstanding reads
        ivars->interfaceOpen = false;
    }
    OSSafeReleaseNULL(ivars->eventAction);
    OSSafeReleaseNULL(ivars->sampleAction);
    return Stop(provider, SUPERDISPATCH);
}

kern_return_t
UsbSensorHub::FindPipes()
{
    const IOUSBConfigurationDescriptor * configuration = ivars->interface->CopyConfigurationDescriptor();
    if (configuration == nullptr) {
        return kIOReturnNotFound;
    }
    const IOUSBInterfaceDescriptor * interfaceDescriptor = ivars->interface->GetInterfaceDescriptor(configuration);
    const IOUSBEndpointDescriptor * endpoint = nullptr;
    kern_return_t ret = kIOReturnSuccess;
    while (ret == kIOReturnSuccess && interfaceDescriptor != nullptr &&
           (endpoint = IOUSBGetNextEndpointDescriptor(configuration, interfaceDescriptor,
                                                      reinterpret_cast<const IOUSBDescriptorHeader *>(endpoint))) != nullptr) {
        const bool isIn = (endpoint->bEndpointAddress & kIOUSBEndpointDescriptorDirectionIn) != 0;
        if (IOUSBGetEndpointType(endpoint) == kIOUSBEndpointTypeInterrupt && isIn && ivars->eventPipe == nullptr) {
            ret = ivars->interface->CopyPipe(endpoint->bEndpointAddress, &ivars->eventPipe);
        } else if (IOUSBGetEndpointType(endpoint) == kIOUSBEndpointTypeBulk && isIn && ivars->samplePipe == nullptr) {
            ret = ivars->interface->CopyPipe(endpoint->bEndpointAddress, &ivars->samplePipe);
        }
    }
    IOUSBHostFreeDescriptor(configuration);
    if (ret == kIOReturnSuccess && (ivars->eventPipe == nullptr || ivars->samplePipe == nullptr)) {
        ret = kIOReturnNotFound;
    }
    return ret;
}

kern_return_t
UsbSensorHub::CreateBuffers()
{
    kern_return_t ret = ivars->interface->CreateIOBuffer(kIOMemoryDirectionIn, kEventLength, &ivars->eventBuffer);
    if (ret == kIOReturnSuccess) {
        ret = ivars->eventBuffer->SetLength(kEventLength);
    }
    if (ret == kIOReturnSuccess) {
        ret = ivars->interface->CreateIOBuffer(kIOMemoryDirectionIn, kSampleLength, &ivars->sampleBuffer);
    }
    if (ret == kIOReturnSuccess) {
        ret = ivars->sampleBuffer->SetLength(kSampleLength);
    }
    return ret;
}

kern_return_t
UsbSensorHub::QueueSampleRead()
{
    // Bulk endpoint: a timeout is allowed, and a timed-out read is simply queued again.
    return ivars->samplePipe->AsyncIO(ivars->sampleBuffer, kSampleLength, ivars->sampleAction, kSampleTimeoutMs);
}

void
UsbSensorHub::HandleEvent(uint32_t length)
{
    IOAddressSegment range = {};
    if (length < kEventLength || ivars->eventBuffer->GetAddressRange(&range) != kIOReturnSuccess) {
        return;
    }
    const EventReport * report = reinterpret_cast<const EventReport *>(range.address);
    if (report->kind == kEventThreshold) {
        os_log(OS_LOG_DEFAULT, "UsbSensorHub: sensor %u crossed its threshold (%u)", report->sensor, report->value);
    }
    ivars->lastSequence = report->sequence;
}

void
IMPL(UsbSensorHub, EventReceived)
{
    if (ivars->stopping || status == kIOReturnAborted) {
        return;
    }
    if (status == kIOReturnSuccess) {
        HandleEvent(actualByteCount);
    }
    // PITFALL DK608: a non-zero timeout on an interrupt pipe makes the read fail; pass 0 as Start does.
    kern_return_t ret = ivars->eventPipe->AsyncIO(ivars->eventBuffer, kEventLength, ivars->eventAction, 1000);
    if (ret != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, "UsbSensorHub: could not re-arm the event read: 0x%x", ret);
    }
}

void
IMPL(UsbSensorHub, SamplesReceived)
{
    if (ivars->stopping || status == kIOReturnAborted) {
        return;
    }
    if (status == kIOReturnSuccess) {
        ivars->samplesBytes += actualByteCount;
    } else if (status != kIOReturnTimeout) {
        os_log(OS_LOG_DEFAULT, "UsbSensorHub: sample read failed 0x%x at %llu", status, completionTimestamp);
    }
    kern_return_t ret = QueueSampleRead();
    if (ret != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, "UsbSensorHub: could not re-arm the sample read: 0x%x", ret);
    }
}
