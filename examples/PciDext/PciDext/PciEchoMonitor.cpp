// PciEchoMonitor.cpp - the echo engine's health monitor (PCI function 1); contains the PCI pitfalls of ../EXPECTED.md.
//
// The monitor samples the engine's temperature and error counters once a second. Its twin, PciEchoDevice.cpp,
// shows the correct forms: a memory index from GetBARInfo, and Close in Stop.
#include <os/log.h>
#include <time.h>

#include <DriverKit/IOLib.h>
#include <DriverKit/IOUserServer.h>
#include <DriverKit/IODispatchQueue.h>
#include <DriverKit/IOTimerDispatchSource.h>
#include <PCIDriverKit/PCIDriverKit.h>

#include "PciEchoMonitor.h"

namespace {

// BAR2 registers of the monitor function.
constexpr uint64_t kRegTemperature = 0x00;   // degrees Celsius
constexpr uint64_t kRegErrorCount  = 0x04;
constexpr uint64_t kSampleIntervalNs = 1000000000ULL;
constexpr uint64_t kSampleLeewayNs   = 50000000ULL;

} // namespace

struct PciEchoMonitor_IVars {
    IOPCIDevice *           pci;
    IODispatchQueue *       defaultQueue;
    IOTimerDispatchSource * sampleTimer;
    OSAction *              sampleAction;
    uint32_t                lastTemperature;
    uint32_t                lastErrors;
};

bool
PciEchoMonitor::init()
{
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(PciEchoMonitor_IVars, 1);
    return ivars != nullptr;
}

void
PciEchoMonitor::free()
{
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->sampleAction);
        OSSafeReleaseNULL(ivars->sampleTimer);
        OSSafeReleaseNULL(ivars->defaultQueue);
    }
    IOSafeDeleteNULL(ivars, PciEchoMonitor_IVars, 1);
    super::free();
}

kern_return_t
IMPL(PciEchoMonitor, Start)
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
    // PITFALL DK604: the session opened here is never closed; Stop must Close the device before super Stop.
    ret = ivars->pci->Open(this, 0);
    if (ret != kIOReturnSuccess) {
        Stop(provider, SUPERDISPATCH);
        return ret;
    }

    ret = CopyDispatchQueue(kIOServiceDefaultQueueName, &ivars->defaultQueue);
    if (ret == kIOReturnSuccess) {
        ret = IOTimerDispatchSource::Create(ivars->defaultQueue, &ivars->sampleTimer);
    }
    if (ret == kIOReturnSuccess) {
        ret = CreateActionSampleTimerFired(0, &ivars->sampleAction);
    }
    if (ret == kIOReturnSuccess) {
        ret = ivars->sampleTimer->SetHandler(ivars->sampleAction);
    }
    if (ret != kIOReturnSuccess) {
        ivars->pci->Close(this, 0);
        Stop(provider, SUPERDISPATCH);
        return ret;
    }
    ArmSampleTimer();
    return RegisterService();
}

kern_return_t
IMPL(PciEchoMonitor, Stop)
{
    OSSafeReleaseNULL(ivars->sampleAction);
    ivars->sampleTimer->Cancel(^{
        Stop(provider, SUPERDISPATCH);
    });
    return kIOReturnSuccess;
}

void
PciEchoMonitor::ArmSampleTimer()
{
    const uint64_t now = clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW);
    ivars->sampleTimer->WakeAtTime(kIOTimerClockMonotonicRaw, now + kSampleIntervalNs, kSampleLeewayNs);
}

void
IMPL(PciEchoMonitor, SampleTimerFired)
{
    uint32_t temperature = 0;
    uint32_t errors = 0;
    // PITFALL DK608: Memory* take a memory index, not a BAR number; behind a 64-bit BAR0, BAR2 is index 1.
    ivars->pci->MemoryRead32(kPCIMemoryRangeBAR2, kRegTemperature, &temperature);
    ivars->pci->MemoryRead32(kPCIMemoryRangeBAR2, kRegErrorCount, &errors);
    if (errors != ivars->lastErrors) {
        os_log(OS_LOG_DEFAULT, "PciEchoMonitor: %u new errors at %u C", errors - ivars->lastErrors, temperature);
    }
    ivars->lastTemperature = temperature;
    ivars->lastErrors = errors;
    ArmSampleTimer();
}
