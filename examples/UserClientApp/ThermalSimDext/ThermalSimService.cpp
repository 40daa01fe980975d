// ThermalSimService.cpp - the virtual thermal sensor: publishes itself and creates a user client per IOServiceOpen.
#include <os/log.h>

#include <DriverKit/IOLib.h>
#include <DriverKit/IOUserServer.h>
#include <DriverKit/IOUserClient.h>

#include "ThermalSimService.h"
#include "ThermalSimProtocol.h"

struct ThermalSimService_IVars {
    uint32_t temperatureMilliC;
    uint32_t setpointMilliC;
    uint32_t ambientMilliC;
};

bool
ThermalSimService::init()
{
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(ThermalSimService_IVars, 1);
    if (ivars == nullptr) {
        return false;
    }
    ivars->ambientMilliC = 22000;
    ivars->temperatureMilliC = ivars->ambientMilliC;
    ivars->setpointMilliC = ivars->ambientMilliC;
    return true;
}

void
ThermalSimService::free()
{
    IOSafeDeleteNULL(ivars, ThermalSimService_IVars, 1);
    super::free();
}

kern_return_t
IMPL(ThermalSimService, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    // The kernel names this service after the personality's IOUserClass, which is what the app matches.
    return RegisterService();
}

kern_return_t
IMPL(ThermalSimService, Stop)
{
    return Stop(provider, SUPERDISPATCH);
}

kern_return_t
IMPL(ThermalSimService, NewUserClient)
{
    IOService * client = nullptr;
    if (type != kThermalSimConnectionType) {
        return kIOReturnBadArgument;
    }
    // UserClientProperties in the personality names IOUserUserClient and ThermalSimUserClient.
    kern_return_t ret = Create(this, "UserClientProperties", &client);
    if (ret != kIOReturnSuccess) {
        os_log(OS_LOG_DEFAULT, "ThermalSimService: Create failed 0x%x", ret);
        return ret;
    }
    *userClient = OSDynamicCast(IOUserClient, client);
    if (*userClient == nullptr) {
        client->release();
        return kIOReturnError;
    }
    return kIOReturnSuccess;
}

uint32_t
ThermalSimService::ReadTemperature()
{
    // Move a tenth of the way towards the setpoint on every read.
    const int64_t delta = static_cast<int64_t>(ivars->setpointMilliC) - static_cast<int64_t>(ivars->temperatureMilliC);
    ivars->temperatureMilliC = static_cast<uint32_t>(static_cast<int64_t>(ivars->temperatureMilliC) + delta / 10);
    return ivars->temperatureMilliC;
}

void
ThermalSimService::SetSetpoint(uint32_t milliC)
{
    ivars->setpointMilliC = milliC;
}

void
ThermalSimService::SetAmbient(uint32_t milliC)
{
    ivars->ambientMilliC = milliC;
}
