// Case table for DK301 timer-deadline-clock-mismatch.
import { timerDeadlineClockMismatch } from '../../server/src/rules/dk301-timer-deadline-clock-mismatch';
import { ruleTester } from '../helpers/rule-tester';

const prelude = '#include <time.h>\n#include "MyDriver.h"\n\nstatic const uint64_t kPollIntervalNs = 250000000ULL;\n#define kLeewayNs (10 * NSEC_PER_MSEC)\n\n';
const arm = (body: string): string => `${prelude}kern_return_t MyDriver::ArmTimer()\n{\n${body}\n    return kIOReturnSuccess;\n}\n`;
const handler = (body: string): string => `${prelude}void IMPL(MyDriver, TimerFired)\n{\n${body}\n}\n`;

ruleTester(timerDeadlineClockMismatch, {
  valid: [
    {
      name: "Apple's sample: monotonic clock read plus a nanosecond delay",
      files: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockMonotonicRaw, clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW) + 5000000000, 2000000000);') },
    },
    {
      name: 'the deadline read into a local first, uptime and wall clock',
      files: {
        'MyDriver.cpp': arm(
          '    uint64_t now = clock_gettime_nsec_np(CLOCK_UPTIME_RAW);\n    const uint64_t deadline = now + kPollIntervalNs;\n    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, deadline, kLeewayNs);\n    ivars->alarm->WakeAtTime(kIOTimerClockWallTime, clock_gettime_nsec_np(CLOCK_REALTIME) + 60 * NSEC_PER_SEC, 0);',
        ),
      },
    },
    {
      name: 'Mach ticks with a converted delay (the conversion is not judged)',
      files: {
        'MyDriver.cpp': arm(
          '    mach_timebase_info_data_t tb;\n    mach_timebase_info(&tb);\n    ivars->timer->WakeAtTime(kIOTimerClockMachAbsoluteTime, mach_absolute_time() + NsToAbsolute(kPollIntervalNs), 0);\n    ivars->timer->WakeAtTime(kIOTimerClockMachAbsoluteTime, mach_absolute_time() + (5 * NSEC_PER_MSEC) * tb.denom / tb.numer, 0);',
        ),
      },
    },
    {
      name: "deadlines the rule cannot follow: the handler's time, an ivar, a parameter, a reassigned local",
      files: {
        'MyDriver.cpp': handler(
          '    ivars->timer->WakeAtTime(kIOTimerClockMachAbsoluteTime, time + ivars->periodTicks, 0);\n    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, ivars->nextDeadline, 0);\n    uint64_t deadline = kPollIntervalNs;\n    deadline += clock_gettime_nsec_np(CLOCK_UPTIME_RAW);\n    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, deadline, 0);',
        ),
      },
    },
    {
      name: 'fire now (0), never (all ones) and a clock option spelled as its value',
      files: {
        'MyDriver.cpp': arm(
          '    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, 0, 0);\n    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, 0xFFFFFFFFFFFFFFFFULL, 0);\n    ivars->timer->WakeAtTime(0x88, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + kPollIntervalNs, 0);',
        ),
      },
    },
    {
      name: 'an unknown clock id and an option held in a variable',
      files: {
        'MyDriver.cpp': arm(
          '    ivars->timer->WakeAtTime(kIOTimerClockMonotonicRaw, clock_gettime_nsec_np(CLOCK_MONOTONIC) + kPollIntervalNs, 0);\n    ivars->timer->WakeAtTime(ivars->clock, ivars->now() + kPollIntervalNs, 0);',
        ),
      },
    },
  ],
  invalid: [
    {
      name: 'a relative literal delay on a nanosecond clock',
      files: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, ⟦1000000⟧, 0);') },
      findings: [
        {
          message: "deadline '1000000' is a delay",
          fixTitles: ["Add 'clock_gettime_nsec_np(CLOCK_UPTIME_RAW)' to the delay"],
          output: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + 1000000, 0);') },
        },
      ],
    },
    {
      name: 'a relative delay held in a file-scope constant and in a constant local',
      files: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockMonotonicRaw, ⟦kPollIntervalNs⟧, kLeewayNs);\n    uint64_t delay = 2 * kPollIntervalNs;\n    ivars->timer->WakeAtTime(kIOTimerClockMachContinuousTime, ⟦delay⟧, 0);') },
      findings: [
        { message: 'fires at once', output: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockMonotonicRaw, clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW) + kPollIntervalNs, kLeewayNs);\n    uint64_t delay = 2 * kPollIntervalNs;\n    ivars->timer->WakeAtTime(kIOTimerClockMachContinuousTime, delay, 0);') } },
        { message: "as in 'mach_continuous_time() + delay'", output: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockMonotonicRaw, kPollIntervalNs, kLeewayNs);\n    uint64_t delay = 2 * kPollIntervalNs;\n    ivars->timer->WakeAtTime(kIOTimerClockMachContinuousTime, mach_continuous_time() + delay, 0);') } },
      ],
    },
    {
      name: 'a nanosecond delay on a tick clock moves to the uptime clock',
      files: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockMachAbsoluteTime, ⟦2 * NSEC_PER_SEC⟧, 0);') },
      findings: [
        {
          message: 'is a delay',
          fixTitles: ["Use 'kIOTimerClockUptimeRaw' and add 'clock_gettime_nsec_np(CLOCK_UPTIME_RAW)' to the delay"],
          output: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + 2 * NSEC_PER_SEC, 0);') },
        },
      ],
    },
    {
      name: 'option 0: named after the clock the deadline reads; with a bare delay there is nothing to go on',
      files: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(⟦0⟧, clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW) + kPollIntervalNs, 0);\n    ivars->timer->WakeAtTime(⟦0⟧, 500000, 0);') },
      findings: [
        {
          message: "option '0' is not a timer clock",
          output: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockMonotonicRaw, clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW) + kPollIntervalNs, 0);\n    ivars->timer->WakeAtTime(0, 500000, 0);') },
        },
        { message: "option '0' is not a timer clock", noFix: true },
      ],
    },
    {
      name: 'Mach ticks read with a nanosecond option: the option follows the clock read',
      files: { 'MyDriver.cpp': handler('    ivars->timer->WakeAtTime(⟦kIOTimerClockUptimeRaw⟧, mach_absolute_time() + ivars->periodTicks, 0);') },
      findings: [
        {
          message: "but the deadline is read from 'mach_absolute_time()' (Mach absolute time in ticks)",
          fixTitles: ["Use 'kIOTimerClockMachAbsoluteTime'"],
          output: { 'MyDriver.cpp': handler('    ivars->timer->WakeAtTime(kIOTimerClockMachAbsoluteTime, mach_absolute_time() + ivars->periodTicks, 0);') },
        },
      ],
    },
    {
      name: 'Mach ticks plus nanosecond constants with a nanosecond option: the clock read follows the option',
      files: { 'MyDriver.cpp': handler('    ivars->timer->WakeAtTime(⟦kIOTimerClockMonotonicRaw⟧, mach_continuous_time() + 5 * NSEC_PER_MSEC, kLeewayNs);') },
      findings: [
        {
          message: "selects monotonic time in nanoseconds, but the deadline is read from 'mach_continuous_time()'",
          fixTitles: ["Read the deadline from 'clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW)'"],
          output: { 'MyDriver.cpp': handler('    ivars->timer->WakeAtTime(kIOTimerClockMonotonicRaw, clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW) + 5 * NSEC_PER_MSEC, kLeewayNs);') },
        },
      ],
    },
    {
      name: 'uptime read with the monotonic option (different clocks, same unit)',
      files: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(⟦kIOTimerClockMonotonicRaw⟧, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + kPollIntervalNs, 1000);') },
      findings: [
        {
          message: "use 'kIOTimerClockUptimeRaw', or read the deadline from 'clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW)'",
          output: { 'MyDriver.cpp': arm('    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + kPollIntervalNs, 1000);') },
        },
      ],
    },
    {
      name: 'no fix when the leeway would change units, or when the clock read sits in a local',
      files: {
        'MyDriver.cpp': arm(
          '    ivars->timer->WakeAtTime(⟦kIOTimerClockMachAbsoluteTime⟧, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + kPollIntervalNs, 1000);\n    uint64_t deadline = mach_absolute_time() + 3 * NSEC_PER_MSEC;\n    ivars->timer->WakeAtTime(⟦kIOTimerClockUptimeRaw⟧, deadline, 0);',
        ),
      },
      findings: [
        { message: "selects Mach absolute time in ticks, but the deadline is read from 'clock_gettime_nsec_np(CLOCK_UPTIME_RAW)'", noFix: true },
        { message: "the deadline is read from 'mach_absolute_time()'", noFix: true },
      ],
    },
    {
      name: 'nanosecond constants added to Mach ticks on the matching tick clock',
      files: { 'MyDriver.cpp': handler('    ivars->timer->WakeAtTime(kIOTimerClockMachAbsoluteTime, ⟦mach_absolute_time() + 500 * kMillisecondScale⟧, 0);') },
      findings: [
        {
          message: 'equal nanoseconds only when mach_timebase_info is 1/1',
          fixTitles: ["Use 'kIOTimerClockUptimeRaw' and read the deadline from 'clock_gettime_nsec_np(CLOCK_UPTIME_RAW)'"],
          output: { 'MyDriver.cpp': handler('    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + 500 * kMillisecondScale, 0);') },
        },
      ],
    },
    {
      name: 'after non-ASCII text on a CRLF file',
      files: { 'MyDriver.cpp': 'void IMPL(MyDriver, TimerFired)\r\n{\r\n    // 再武装 😀\r\n    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, ⟦NSEC_PER_SEC / 10⟧, 0);\r\n}\r\n' },
      findings: [
        {
          message: "deadline 'NSEC_PER_SEC / 10' is a delay",
          output: { 'MyDriver.cpp': 'void IMPL(MyDriver, TimerFired)\r\n{\r\n    // 再武装 😀\r\n    ivars->timer->WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + NSEC_PER_SEC / 10, 0);\r\n}\r\n' },
        },
      ],
    },
  ],
});
