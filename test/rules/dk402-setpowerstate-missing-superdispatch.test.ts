// Case table for DK402 setpowerstate-missing-superdispatch: acknowledged power changes (directly, through a status,
// deferred to a block or another method) and successful returns that leave the kernel waiting for the ack.
import { setPowerStateMissingSuperdispatch } from '../../server/src/rules/dk402-setpowerstate-missing-superdispatch';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const iig = lines(
  '#include <DriverKit/IOService.iig>',
  'class MyDriver : public IOService',
  '{',
  'public:',
  '    virtual kern_return_t SetPowerState(uint32_t powerFlags) override;',
  '    virtual void PowerWorkDone(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);',
  '    void QuiesceHardware() LOCALONLY;',
  '};',
);

const impl = (...body: string[]): string => lines('kern_return_t', 'IMPL(MyDriver, SetPowerState)', '{', ...body, '}');
const quiesce = lines('void', 'MyDriver::QuiesceHardware()', '{', '    ivars->pci->MemoryWrite32(ivars->bar, 0x10, 0);', '}');

ruleTester(setPowerStateMissingSuperdispatch, {
  valid: [
    {
      name: 'state change, then super as the last step',
      files: {
        'MyDriver.cpp': impl(
          '    if ((powerFlags & kIOServicePowerCapabilityOn) == 0) {',
          '        QuiesceHardware();',
          '    }',
          '    return SetPowerState(powerFlags, SUPERDISPATCH);',
        ) + quiesce,
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'explicit _Impl form with its own parameter name; errors are returned without the ack (the kernel acks them)',
      files: {
        'MyDriver.cpp': lines(
          'kern_return_t MyDriver::SetPowerState_Impl(uint32_t flags)',
          '{',
          '    kern_return_t ret = ivars->pci->Open(this, 0);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    if (ivars->broken) {',
          '        return kIOReturnNotResponding;',
          '    }',
          '    ret = SetPowerState(flags, SUPERDISPATCH);',
          '    return ret;',
          '}',
        ),
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'ack deferred to a block that runs when the hardware is quiet',
      files: {
        'MyDriver.cpp': impl(
          '    ivars->workQueue->DispatchAsync(^{',
          '        QuiesceHardware();',
          '        SetPowerState(powerFlags, SUPERDISPATCH);',
          '    });',
          '    return kIOReturnSuccess;',
        ) + quiesce,
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'ack deferred to another method of the class (a timer handler)',
      files: {
        'MyDriver.cpp':
          impl(
            '    ivars->pendingPowerFlags = powerFlags;',
            '    ivars->powerTimer->WakeAtTime(kIOTimerClockUptimeRaw, clock_gettime_nsec_np(CLOCK_UPTIME_RAW) + 1000000, 0);',
            '    return kIOReturnSuccess;',
          ) + lines('void', 'IMPL(MyDriver, PowerWorkDone)', '{', '    SetPowerState(ivars->pendingPowerFlags, SUPERDISPATCH);', '}'),
        'MyDriver.iig': iig,
      },
    },
    {
      name: '__Require_noErr jumps to a label that acks',
      files: {
        'MyDriver.cpp': impl(
          '    kern_return_t ret = ivars->pci->Open(this, 0);',
          '    __Require_noErr(ret, Exit);',
          '    QuiesceHardware();',
          'Exit:',
          '    return SetPowerState(powerFlags, SUPERDISPATCH);',
        ) + quiesce,
        'MyDriver.iig': iig,
      },
    },
  ],
  invalid: [
    {
      name: 'returns success at once (the forum panic shape); the fix returns the ack',
      files: { 'MyDriver.cpp': impl('    os_log(OS_LOG_DEFAULT, "MyDriver: power 0x%x", powerFlags);', '    ⟦return kIOReturnSuccess;⟧'), 'MyDriver.iig': iig },
      findings: [
        {
          message: "without calling 'SetPowerState(powerFlags, SUPERDISPATCH)'",
          fixTitles: ["Return 'SetPowerState(powerFlags, SUPERDISPATCH)'"],
          output: { 'MyDriver.cpp': impl('    os_log(OS_LOG_DEFAULT, "MyDriver: power 0x%x", powerFlags);', '    return SetPowerState(powerFlags, SUPERDISPATCH);') },
        },
      ],
    },
    {
      name: 'an early return for the off state skips the ack',
      files: {
        'MyDriver.cpp': impl(
          '    if (powerFlags == kIOServicePowerCapabilityOff) {',
          '        QuiesceHardware();',
          '        ⟦return kIOReturnSuccess;⟧',
          '    }',
          '    return SetPowerState(powerFlags, SUPERDISPATCH);',
        ) + quiesce,
        'MyDriver.iig': iig,
      },
      findings: [
        {
          message: 'the kernel times out after about 20 seconds',
          output: {
            'MyDriver.cpp': impl(
              '    if (powerFlags == kIOServicePowerCapabilityOff) {',
              '        QuiesceHardware();',
              '        return SetPowerState(powerFlags, SUPERDISPATCH);',
              '    }',
              '    return SetPowerState(powerFlags, SUPERDISPATCH);',
            ) + quiesce,
          },
        },
      ],
    },
    {
      name: '_Impl form: the fix uses the parameter name of the definition',
      files: {
        'MyDriver.cpp': lines('kern_return_t MyDriver::SetPowerState_Impl(uint32_t flags)', '{', '    ivars->powerFlags = flags;', '    ⟦return KERN_SUCCESS;⟧', '}'),
        'MyDriver.iig': iig,
      },
      findings: [
        {
          message: "'SetPowerState(flags, SUPERDISPATCH)'",
          output: { 'MyDriver.cpp': lines('kern_return_t MyDriver::SetPowerState_Impl(uint32_t flags)', '{', '    ivars->powerFlags = flags;', '    return SetPowerState(flags, SUPERDISPATCH);', '}') },
        },
      ],
    },
    {
      name: 'the ack is made on one path only, so the shared return gets no fix',
      files: {
        'MyDriver.cpp': impl(
          '    if (powerFlags & kIOServicePowerCapabilityOn) {',
          '        SetPowerState(powerFlags, SUPERDISPATCH);',
          '    }',
          '    ⟦return kIOReturnSuccess;⟧',
        ),
        'MyDriver.iig': iig,
      },
      findings: [{ message: "returns success from 'SetPowerState'", noFix: true }],
    },
    {
      name: 'a status set to success after a goto-cleanup (reported at the return, no fix)',
      files: {
        'MyDriver.cpp': impl(
          '    kern_return_t ret = kIOReturnSuccess;',
          '    if (ivars->pci == nullptr) {',
          '        goto Exit;',
          '    }',
          '    QuiesceHardware();',
          'Exit:',
          '    ⟦return ret;⟧',
        ) + quiesce,
        'MyDriver.iig': iig,
      },
      findings: [{ message: "without calling 'SetPowerState(powerFlags, SUPERDISPATCH)'", noFix: true }],
    },
  ],
});
