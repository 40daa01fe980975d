// thermalsimctl.cpp - the bundled example's command-line app: opens the ThermalSim dext's user client through
// IOKit.framework and reads or sets the simulated temperature. Contains the app-side pitfall of ../EXPECTED.md.
//
// Build: clang++ -std=c++17 thermalsimctl.cpp -framework IOKit -framework CoreFoundation -o thermalsimctl
// Sign with ThermalSimApp.entitlements, which grants userclient-access to the dext's bundle ID.
#include <IOKit/IOKitLib.h>
#include <mach/mach.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "../ThermalSimDext/ThermalSimProtocol.h"

namespace {

// The dext's personality IOUserClass; the kernel names the dext's service after it.
constexpr const char * kServiceName = "ThermalSimService";

io_service_t FindService()
{
    // IOServiceGetMatchingService consumes the matching dictionary.
    return IOServiceGetMatchingService(kIOMainPortDefault, IOServiceNameMatching(kServiceName));
}

io_service_t FindServiceForDiagnostics()
{
    // PITFALL DK607: a class match looks for a kernel class named ThermalSimService, and there is none.
    return IOServiceGetMatchingService(kIOMainPortDefault, IOServiceMatching("ThermalSimService"));
}

bool OpenConnection(io_service_t service, io_connect_t * connection)
{
    kern_return_t ret = IOServiceOpen(service, mach_task_self(), kThermalSimConnectionType, connection);
    if (ret != KERN_SUCCESS) {
        std::fprintf(stderr, "IOServiceOpen failed: 0x%x\n", ret);
        return false;
    }
    return true;
}

int ReadTemperature(io_connect_t connection)
{
    uint64_t milliC = 0;
    uint32_t outputCount = 1;
    kern_return_t ret = IOConnectCallScalarMethod(connection, kThermalSimSelectorGetTemperature, nullptr, 0, &milliC, &outputCount);
    if (ret != KERN_SUCCESS) {
        std::fprintf(stderr, "GetTemperature failed: 0x%x\n", ret);
        return EXIT_FAILURE;
    }
    std::printf("%.3f C\n", static_cast<double>(milliC) / 1000.0);
    return EXIT_SUCCESS;
}

int SetSetpoint(io_connect_t connection, const char * argument)
{
    const uint64_t milliC = std::strtoull(argument, nullptr, 10);
    kern_return_t ret = IOConnectCallScalarMethod(connection, kThermalSimSelectorSetSetpoint, &milliC, 1, nullptr, nullptr);
    if (ret != KERN_SUCCESS) {
        std::fprintf(stderr, "SetSetpoint failed: 0x%x\n", ret);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

int SetLabel(io_connect_t connection, const char * text)
{
    ThermalSimLabel label = {};
    label.length = static_cast<uint32_t>(std::strlen(text) < kThermalSimMaxLabel ? std::strlen(text) : kThermalSimMaxLabel);
    std::memcpy(label.text, text, label.length);
    kern_return_t ret = IOConnectCallStructMethod(connection, kThermalSimSelectorSetLabel, &label, sizeof(label), nullptr, nullptr);
    if (ret != KERN_SUCCESS) {
        std::fprintf(stderr, "SetLabel failed: 0x%x\n", ret);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}

} // namespace

int main(int argc, const char * argv[])
{
    const bool diagnostics = argc > 1 && std::strcmp(argv[1], "--diagnostics") == 0;
    io_service_t service = diagnostics ? FindServiceForDiagnostics() : FindService();
    if (service == IO_OBJECT_NULL) {
        std::fprintf(stderr, "%s is not running; is the dext activated?\n", kServiceName);
        return EXIT_FAILURE;
    }
    io_connect_t connection = IO_OBJECT_NULL;
    const bool opened = OpenConnection(service, &connection);
    IOObjectRelease(service);
    if (!opened) {
        return EXIT_FAILURE;
    }

    int status = EXIT_SUCCESS;
    if (argc > 2 && std::strcmp(argv[1], "set") == 0) {
        status = SetSetpoint(connection, argv[2]);
    } else if (argc > 2 && std::strcmp(argv[1], "label") == 0) {
        status = SetLabel(connection, argv[2]);
    } else {
        status = ReadTemperature(connection);
    }
    IOServiceClose(connection);
    return status;
}
