// ThermalSimProtocol.h - the selectors and structures the ThermalSim dext's user client and its app share.
#ifndef ThermalSimProtocol_h
#define ThermalSimProtocol_h

#include <stdint.h>

// The type the app passes to IOServiceOpen.
#define kThermalSimConnectionType 0

enum ThermalSimSelector : uint32_t {
    kThermalSimSelectorGetTemperature = 0,   // scalar out: millidegrees Celsius
    kThermalSimSelectorSetSetpoint,          // scalar in: millidegrees Celsius
    kThermalSimSelectorConfigure,            // structure in: ThermalSimConfig
    kThermalSimSelectorSetLabel,             // structure in: 1...kThermalSimMaxLabel bytes of UTF-8
    kThermalSimSelectorLoadProfile,          // structure in: ThermalSimProfileHeader + points
    kThermalSimSelectorCount
};

#define kThermalSimMaxLabel      64
#define kThermalSimMaxPoints     32

struct ThermalSimConfig {
    uint32_t ambientMilliC;
    uint32_t heatRateMilliCPerSecond;
    uint32_t coolRateMilliCPerSecond;
    uint32_t noiseMilliC;
};

struct ThermalSimLabel {
    uint32_t length;
    char     text[kThermalSimMaxLabel];
};

struct ThermalSimProfileHeader {
    uint32_t pointCount;                     // followed by pointCount uint32_t setpoints
    uint32_t secondsPerPoint;
};

#endif /* ThermalSimProtocol_h */
