// Realistic classes the generator tests start from, each linting clean before anything is generated.

/** A service in the shape of the dk-class snippet: ivars, init, free, Start (registers), Stop. */
export const PUMP_IIG = `#include <DriverKit/IOService.iig>

class PumpDriver : public IOService
{
public:
    virtual bool init() override;
    virtual void free() override;
    virtual kern_return_t Start(IOService * provider) override;
    virtual kern_return_t Stop(IOService * provider) override;
};
`;

export const PUMP_CPP = `#include <os/log.h>
#include <DriverKit/IOLib.h>
#include "PumpDriver.h"

struct PumpDriver_IVars {
    uint32_t strokes;
};

bool
PumpDriver::init()
{
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(PumpDriver_IVars, 1);
    if (ivars == nullptr) {
        return false;
    }
    return true;
}

void
PumpDriver::free()
{
    IOSafeDeleteNULL(ivars, PumpDriver_IVars, 1);
    super::free();
}

kern_return_t
IMPL(PumpDriver, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ret = RegisterService();
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    return kIOReturnSuccess;
}

kern_return_t
IMPL(PumpDriver, Stop)
{
    return Stop(provider, SUPERDISPATCH);
}
`;

/** A bare class: no ivars, no lifecycle methods, only a helper in the .cpp. */
export const BARE_IIG = `#include <DriverKit/IOService.iig>

class BareDriver : public IOService
{
};
`;

export const BARE_CPP = `#include <DriverKit/IOLib.h>
#include "BareDriver.h"
`;

/** A driver in the AssertMacros style (`__Require_noErr` to `Exit`) with a timer whose Cancel completion is one line. */
export const LINK_IIG = `#include <DriverKit/IOService.iig>
#include <DriverKit/IOTimerDispatchSource.iig>

class LinkDriver : public IOService
{
public:
    virtual bool init() override;
    virtual void free() override;
    virtual kern_return_t Start(IOService * provider) override;
    virtual kern_return_t Stop(IOService * provider) override;
    virtual void Tick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);
};
`;

export const LINK_CPP = `#include <DriverKit/IOLib.h>
#include "LinkDriver.h"

struct LinkDriver_IVars {
    IOTimerDispatchSource * tick;
    OSAction * tickAction;
};

bool LinkDriver::init()
{
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(LinkDriver_IVars, 1);
    return ivars != nullptr;
}

void LinkDriver::free()
{
    if (ivars) {
        OSSafeReleaseNULL(ivars->tickAction);
        OSSafeReleaseNULL(ivars->tick);
    }
    IOSafeDeleteNULL(ivars, LinkDriver_IVars, 1);
    super::free();
}

kern_return_t LinkDriver::Start_Impl(IOService * provider)
{
    IODispatchQueue * queue = nullptr;
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    __Require_noErr(ret, Exit);
    ret = CopyDispatchQueue(kIOServiceDefaultQueueName, &queue);
    __Require_noErr(ret, Exit);
    ret = IOTimerDispatchSource::Create(queue, &ivars->tick);
    __Require_noErr(ret, Exit);
    ret = CreateActionTick(0, &ivars->tickAction);
    __Require_noErr(ret, Exit);
    ret = ivars->tick->SetHandler(ivars->tickAction);
    __Require_noErr(ret, Exit);
    ret = ivars->tick->WakeAtTime(kIOTimerClockMonotonicRaw, clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW) + 1000000000ULL, 0);
Exit:
    OSSafeReleaseNULL(queue);
    return ret;
}

kern_return_t LinkDriver::Stop_Impl(IOService * provider)
{
    if (ivars->tick == nullptr || ivars->tick->Cancel(^{ OSSafeReleaseNULL(ivars->tickAction); Stop(provider, SUPERDISPATCH); }) != kIOReturnSuccess) {
        return Stop(provider, SUPERDISPATCH);
    }
    return kIOReturnSuccess;
}

void LinkDriver::Tick_Impl(OSAction * action, uint64_t time)
{
}
`;
