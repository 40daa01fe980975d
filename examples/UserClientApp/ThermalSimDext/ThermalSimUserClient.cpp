// ThermalSimUserClient.cpp - the ThermalSim user client; contains the dext-side pitfall of ../EXPECTED.md.
//
// Calls arrive from the app through IOConnectCall*Method. ExternalMethod bounds-checks the selector and hands the
// table entry to super::ExternalMethod, which checks scalar counts and fixed structure sizes before calling the
// handler. Entries with kIOUserClientVariableStructureSize leave the structure check to the handler.
#include <os/log.h>

#include <DriverKit/IOLib.h>
#include <DriverKit/IOUserServer.h>
#include <DriverKit/IOUserClient.h>
#include <DriverKit/OSData.h>

#include "ThermalSimUserClient.h"
#include "ThermalSimService.h"
#include "ThermalSimProtocol.h"

struct ThermalSimUserClient_IVars {
    ThermalSimService * service;      // the provider, valid between Start and Stop
    char                label[kThermalSimMaxLabel + 1];
    uint32_t            profile[kThermalSimMaxPoints];
    uint32_t            profilePoints;
    uint32_t            secondsPerPoint;
};

static kern_return_t DispatchGetTemperature(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)
{
    ThermalSimUserClient * self = OSDynamicCast(ThermalSimUserClient, target);
    return self != nullptr ? self->GetTemperature(arguments) : kIOReturnBadArgument;
}

static kern_return_t DispatchSetSetpoint(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)
{
    ThermalSimUserClient * self = OSDynamicCast(ThermalSimUserClient, target);
    return self != nullptr ? self->SetSetpoint(arguments) : kIOReturnBadArgument;
}

static kern_return_t DispatchConfigure(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)
{
    ThermalSimUserClient * self = OSDynamicCast(ThermalSimUserClient, target);
    return self != nullptr ? self->Configure(arguments) : kIOReturnBadArgument;
}

static kern_return_t DispatchSetLabel(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)
{
    ThermalSimUserClient * self = OSDynamicCast(ThermalSimUserClient, target);
    return self != nullptr ? self->SetLabel(arguments) : kIOReturnBadArgument;
}

static kern_return_t DispatchLoadProfile(OSObject * target, void * reference, IOUserClientMethodArguments * arguments)
{
    ThermalSimUserClient * self = OSDynamicCast(ThermalSimUserClient, target);
    return self != nullptr ? self->LoadProfile(arguments) : kIOReturnBadArgument;
}

static const IOUserClientMethodDispatch sThermalSimMethods[kThermalSimSelectorCount] = {
    // function                 completion  scalarIn  structIn                              scalarOut  structOut
    { &DispatchGetTemperature,  0,          0,        0,                                    1,         0 },
    { &DispatchSetSetpoint,     0,          1,        0,                                    0,         0 },
    { &DispatchConfigure,       0,          0,        sizeof(ThermalSimConfig),             0,         0 },
    { &DispatchSetLabel,        0,          0,        kIOUserClientVariableStructureSize,   0,         0 },
    { &DispatchLoadProfile,     0,          0,        kIOUserClientVariableStructureSize,   0,         0 },
};

bool
ThermalSimUserClient::init()
{
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(ThermalSimUserClient_IVars, 1);
    return ivars != nullptr;
}

void
ThermalSimUserClient::free()
{
    IOSafeDeleteNULL(ivars, ThermalSimUserClient_IVars, 1);
    super::free();
}

kern_return_t
IMPL(ThermalSimUserClient, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ivars->service = OSDynamicCast(ThermalSimService, provider);
    if (ivars->service == nullptr) {
        Stop(provider, SUPERDISPATCH);
        return kIOReturnNoDevice;
    }
    return kIOReturnSuccess;
}

kern_return_t
IMPL(ThermalSimUserClient, Stop)
{
    ivars->service = nullptr;
    return Stop(provider, SUPERDISPATCH);
}

kern_return_t
ThermalSimUserClient::ExternalMethod(uint64_t selector, IOUserClientMethodArguments * arguments,
                                     const IOUserClientMethodDispatch * dispatch, OSObject * target,
                                     void * reference)
{
    if (selector >= kThermalSimSelectorCount) {
        return kIOReturnBadArgument;
    }
    return super::ExternalMethod(selector, arguments, &sThermalSimMethods[selector], this, nullptr);
}

kern_return_t
ThermalSimUserClient::GetTemperature(IOUserClientMethodArguments * arguments)
{
    arguments->scalarOutput[0] = ivars->service->ReadTemperature();   // count checked by the table
    arguments->scalarOutputCount = 1;
    return kIOReturnSuccess;
}

kern_return_t
ThermalSimUserClient::SetSetpoint(IOUserClientMethodArguments * arguments)
{
    const uint64_t milliC = arguments->scalarInput[0];
    if (milliC > 150000) {
        return kIOReturnBadArgument;
    }
    ivars->service->SetSetpoint(static_cast<uint32_t>(milliC));
    return kIOReturnSuccess;
}

kern_return_t
ThermalSimUserClient::Configure(IOUserClientMethodArguments * arguments)
{
    // The table entry checks the size, so structureInput is present and exactly sizeof(ThermalSimConfig) long.
    const ThermalSimConfig * config = reinterpret_cast<const ThermalSimConfig *>(arguments->structureInput->getBytesNoCopy());
    ivars->service->SetAmbient(config->ambientMilliC);
    return kIOReturnSuccess;
}

kern_return_t
ThermalSimUserClient::SetLabel(IOUserClientMethodArguments * arguments)
{
    // PITFALL DK606: variable-size entry, so structureInput may be NULL or shorter than a ThermalSimLabel.
    const ThermalSimLabel * label = reinterpret_cast<const ThermalSimLabel *>(arguments->structureInput->getBytesNoCopy());
    const uint32_t length = label->length < kThermalSimMaxLabel ? label->length : kThermalSimMaxLabel;
    memcpy(ivars->label, label->text, length);
    ivars->label[length] = '\0';
    return kIOReturnSuccess;
}

kern_return_t
ThermalSimUserClient::LoadProfile(IOUserClientMethodArguments * arguments)
{
    OSData * input = arguments->structureInput;
    if (input == nullptr || input->getLength() < sizeof(ThermalSimProfileHeader)) {
        return kIOReturnBadArgument;
    }
    const ThermalSimProfileHeader * header = reinterpret_cast<const ThermalSimProfileHeader *>(input->getBytesNoCopy());
    if (header->pointCount > kThermalSimMaxPoints ||
        input->getLength() != sizeof(ThermalSimProfileHeader) + header->pointCount * sizeof(uint32_t)) {
        return kIOReturnBadArgument;
    }
    const uint32_t * points = reinterpret_cast<const uint32_t *>(header + 1);
    for (uint32_t i = 0; i < header->pointCount; i++) {
        ivars->profile[i] = points[i];
    }
    ivars->profilePoints = header->pointCount;
    ivars->secondsPerPoint = header->secondsPerPoint;
    return kIOReturnSuccess;
}
