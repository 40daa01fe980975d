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
