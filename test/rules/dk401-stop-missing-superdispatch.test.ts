// Case table for DK401 stop-missing-superdispatch: the ways real drivers finish Stop (directly, from the last Cancel
// completion, through a helper, on error paths), and paths that leave termination pending.
import { stopMissingSuperdispatch } from '../../server/src/rules/dk401-stop-missing-superdispatch';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const iig = lines(
  '#include <DriverKit/IOService.iig>',
  'class MyDriver : public IOService',
  '{',
  'public:',
  '    virtual kern_return_t Start(IOService * provider) override;',
  '    virtual kern_return_t Stop(IOService * provider) override;',
  '    void CloseDevice() LOCALONLY;',
  '    void FinishStop(IOService * provider) LOCALONLY;',
  '};',
);

const stopImpl = (...body: string[]): string => lines('kern_return_t', 'IMPL(MyDriver, Stop)', '{', ...body, '}');
const closeDevice = lines('void', 'MyDriver::CloseDevice()', '{', '    ivars->pci->Close(this, 0);', '}');

ruleTester(stopMissingSuperdispatch, {
  valid: [
    {
      name: "Apple sample's counter: the last Cancel completion handler calls super Stop",
      files: {
        'MyDriver.cpp': stopImpl(
          '    __block _Atomic uint32_t pending = 0;',
          '    if (ivars->timer != nullptr)  { pending++; }',
          '    if (ivars->action != nullptr) { pending++; }',
          '    if (pending == 0) {',
          '        return Stop(provider, SUPERDISPATCH);',
          '    }',
          '    if (ivars->timer != nullptr) {',
          '        ivars->timer->Cancel(^{ if (--pending == 0) { Stop(provider, SUPERDISPATCH); } });',
          '    }',
          '    if (ivars->action != nullptr) {',
          '        ivars->action->Cancel(^{ if (--pending == 0) { Stop(provider, SUPERDISPATCH); } });',
          '    }',
          '    return kIOReturnSuccess;',
        ),
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'nested Cancel completions in explicit _Impl form, super Stop in the innermost one',
      files: {
        'MyDriver.cpp': lines(
          'kern_return_t MyDriver::Stop_Impl(IOService * provider)',
          '{',
          '    if (ivars->timer == nullptr || ivars->queue == nullptr) {',
          '        return Stop(provider, SUPERDISPATCH);',
          '    }',
          '    ivars->timer->Cancel(^{',
          '        ivars->queue->Cancel(^{',
          '            Stop(provider, SUPERDISPATCH);',
          '        });',
          '    });',
          '    return kIOReturnSuccess;',
          '}',
        ),
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'an error return leaves Stop to the kernel, which finishes it itself',
      files: {
        'MyDriver.cpp': stopImpl(
          '    kern_return_t ret = ivars->interface->Close(this, 0);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    if (ivars->pci == nullptr) {',
          '        return kIOReturnNotOpen;',
          '    }',
          '    return Stop(provider, SUPERDISPATCH);',
        ),
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'Cancel returned an error, so its completion never runs and super Stop is called at once',
      files: {
        'MyDriver.cpp': stopImpl(
          '    kern_return_t ret = ivars->timer->Cancel(^{',
          '        OSSafeReleaseNULL(ivars->timerAction);',
          '        Stop(provider, SUPERDISPATCH);',
          '    });',
          '    if (ret != kIOReturnSuccess) {',
          '        OSSafeReleaseNULL(ivars->timerAction);',
          '        return Stop(provider, SUPERDISPATCH);',
          '    }',
          '    return kIOReturnSuccess;',
        ),
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'goto to a label that calls super Stop',
      files: {
        'MyDriver.cpp': stopImpl(
          '    if (!ivars->open) {',
          '        goto Done;',
          '    }',
          '    CloseDevice();',
          'Done:',
          '    return Stop(provider, SUPERDISPATCH);',
        ) + closeDevice,
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'a helper of the class finishes Stop (defined here, or only declared in the .iig)',
      files: {
        'MyDriver.cpp': stopImpl(
          '    if (ivars->queue != nullptr) {',
          '        FinishStop(provider);',
          '        return kIOReturnSuccess;',
          '    }',
          '    CloseDevice();',
          '    return kIOReturnSuccess;',
        ),
        'MyDriver.iig': iig,
      },
    },
    {
      name: 'super Stop deferred to a block queued on a dispatch queue',
      files: {
        'MyDriver.cpp': stopImpl(
          '    ivars->queue->DispatchAsync(^{',
          '        CloseDevice();',
          '        Stop(provider, SUPERDISPATCH);',
          '    });',
          '    return kIOReturnSuccess;',
        ) + closeDevice,
        'MyDriver.iig': iig,
      },
    },
  ],
  invalid: [
    {
      name: 'the Cancel completion only releases, and Stop returns success without super Stop (no fix: it belongs in the handler)',
      files: {
        'MyDriver.cpp': stopImpl(
          '    ivars->timer->Cancel(^{',
          '        OSSafeReleaseNULL(ivars->timerAction);',
          '    });',
          '    ⟦return kIOReturnSuccess;⟧',
        ),
        'MyDriver.iig': iig,
      },
      findings: [{ message: "without calling 'Stop(provider, SUPERDISPATCH)'", noFix: true }],
    },
    {
      name: 'an early successful return skips super Stop; the fix calls it first',
      files: {
        'MyDriver.cpp': stopImpl(
          '    if (ivars->pci == nullptr) {',
          '        ⟦return kIOReturnSuccess;⟧',
          '    }',
          '    CloseDevice();',
          '    return Stop(provider, SUPERDISPATCH);',
        ) + closeDevice,
        'MyDriver.iig': iig,
      },
      findings: [
        {
          message: 'so the kernel never finishes terminating the service',
          fixTitles: ["Call 'Stop(provider, SUPERDISPATCH)' before returning"],
          output: {
            'MyDriver.cpp': stopImpl(
              '    if (ivars->pci == nullptr) {',
              '        Stop(provider, SUPERDISPATCH);',
              '        return kIOReturnSuccess;',
              '    }',
              '    CloseDevice();',
              '    return Stop(provider, SUPERDISPATCH);',
            ) + closeDevice,
          },
        },
      ],
    },
    {
      name: 'super Stop right after an asynchronous Cancel whose completion has not run',
      files: {
        'MyDriver.cpp': stopImpl(
          '    ivars->interruptSource->Cancel(^{',
          '        OSSafeReleaseNULL(ivars->interruptAction);',
          '    });',
          '    CloseDevice();',
          '    return ⟦Stop(provider, SUPERDISPATCH)⟧;',
        ) + closeDevice,
        'MyDriver.iig': iig,
      },
      findings: [{ message: "runs before the completion handler of 'ivars->interruptSource->Cancel(...)'", noFix: true }],
    },
    {
      name: 'a Cancel inside an if, then super Stop in straight line',
      files: {
        'MyDriver.cpp': stopImpl(
          '    if (ivars->timer != nullptr) {',
          '        ivars->timer->Cancel(^{ OSSafeReleaseNULL(ivars->timer); });',
          '    }',
          '    kern_return_t ret = ⟦Stop(provider, SUPERDISPATCH)⟧;',
          '    return ret;',
        ),
        'MyDriver.iig': iig,
      },
      findings: [{ message: "call it from the last Cancel completion handler instead" }],
    },
    {
      name: '_Impl form with its own parameter name, unbraced if body wrapped by the fix',
      files: {
        'MyDriver.cpp': lines(
          'kern_return_t MyDriver::Stop_Impl(IOService * device)',
          '{',
          '    if (!ivars->open)',
          '        ⟦return kIOReturnSuccess;⟧',
          '    ivars->pci->Close(this, 0);',
          '    return Stop(device, SUPERDISPATCH);',
          '}',
        ),
        'MyDriver.iig': iig,
      },
      findings: [
        {
          message: "'Stop(device, SUPERDISPATCH)'",
          output: {
            'MyDriver.cpp': lines(
              'kern_return_t MyDriver::Stop_Impl(IOService * device)',
              '{',
              '    if (!ivars->open)',
              '        { Stop(device, SUPERDISPATCH); return kIOReturnSuccess; }',
              '    ivars->pci->Close(this, 0);',
              '    return Stop(device, SUPERDISPATCH);',
              '}',
            ),
          },
        },
      ],
    },
    {
      name: 'a status known to be success after its error check (no fix: the value is not a constant)',
      files: {
        'MyDriver.cpp': stopImpl(
          '    kern_return_t ret = ivars->pci->Close(this, 0);',
          '    if (ret != kIOReturnSuccess) {',
          '        return ret;',
          '    }',
          '    os_log(OS_LOG_DEFAULT, "MyDriver: stopped");',
          '    ⟦return ret;⟧',
        ),
        'MyDriver.iig': iig,
      },
      findings: [{ message: "returns success from 'Stop'", noFix: true }],
    },
    {
      name: 'every success path misses super Stop, and the fix keeps a CRLF file CRLF',
      files: {
        'MyDriver.cpp': 'kern_return_t\r\nIMPL(MyDriver, Stop)\r\n{\r\n    // 停止 😀\r\n    CloseDevice();\r\n    ⟦return kIOReturnSuccess;⟧\r\n}\r\nvoid\r\nMyDriver::CloseDevice()\r\n{\r\n}\r\n',
        'MyDriver.iig': iig,
      },
      findings: [
        {
          message: "without calling 'Stop(provider, SUPERDISPATCH)'",
          output: {
            'MyDriver.cpp': 'kern_return_t\r\nIMPL(MyDriver, Stop)\r\n{\r\n    // 停止 😀\r\n    CloseDevice();\r\n    Stop(provider, SUPERDISPATCH);\r\n    return kIOReturnSuccess;\r\n}\r\nvoid\r\nMyDriver::CloseDevice()\r\n{\r\n}\r\n',
          },
        },
      ],
    },
  ],
});
