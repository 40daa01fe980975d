// Case table for DK607 app-matches-iouserserver: app code that finds the dext's service by name or by property, and
// app code that matches the IOUserServer process or a DriverKit class with IOServiceMatching.
import { appMatchesIOUserServer } from '../../server/src/rules/dk607-app-matches-iouserserver';
import { ruleTester } from '../helpers/rule-tester';

/** Joins source lines with LF and ends the file with a newline. */
const lines = (...text: string[]): string => `${text.join('\n')}\n`;

const serviceIig = lines(
  '#include <DriverKit/IOService.iig>',
  '',
  'class CounterService : public IOService',
  '{',
  'public:',
  '    virtual kern_return_t Start(IOService * provider) override;',
  '    virtual kern_return_t NewUserClient(uint32_t type, IOUserClient ** userClient) override;',
  '};',
);

const openService = (matching: string): string =>
  lines(
    '#include <IOKit/IOKitLib.h>',
    '',
    'static io_connect_t OpenCounter(void)',
    '{',
    '    io_connect_t connection = IO_OBJECT_NULL;',
    `    io_service_t service = IOServiceGetMatchingService(kIOMainPortDefault, ${matching});`,
    '    if (service == IO_OBJECT_NULL) {',
    '        return IO_OBJECT_NULL;',
    '    }',
    '    kern_return_t ret = IOServiceOpen(service, mach_task_self(), 0, &connection);',
    '    IOObjectRelease(service);',
    '    return ret == KERN_SUCCESS ? connection : IO_OBJECT_NULL;',
    '}',
  );

ruleTester(appMatchesIOUserServer, {
  valid: [
    {
      name: "Apple's sample: the service matched by its IOUserClass name",
      files: { 'App/CounterClient.cpp': openService('IOServiceNameMatching("CounterService")'), 'Dext/CounterService.iig': serviceIig },
    },
    {
      name: 'a property match: IOUserService narrowed by the IOUserClass property',
      files: {
        'App/CounterClient.cpp': lines(
          'CFMutableDictionaryRef CounterMatching(void)',
          '{',
          '    CFMutableDictionaryRef matching = IOServiceMatching("IOUserService");',
          '    CFDictionarySetValue(matching, CFSTR("IOUserClass"), CFSTR("CounterService"));',
          '    return matching;',
          '}',
        ),
        'Dext/CounterService.iig': serviceIig,
      },
    },
    {
      name: 'a kernel class matched by class (an IOPCIDevice nub)',
      files: { 'App/PciProbe.cpp': openService('IOServiceMatching("IOPCIDevice")') },
    },
    {
      name: 'a class the workspace declares KERNEL (a vendored SDK interface) is a kernel class',
      files: {
        'App/UserClientProbe.cpp': openService('IOServiceMatching("IOUserClient")'),
        'SDK/IOUserClient.iig': lines('class KERNEL IOUserClient : public IOService', '{', 'public:', '    virtual kern_return_t Start(IOService * provider) override;', '};'),
      },
    },
    {
      name: 'a dext logging the word IOUserServer is not matching anything',
      files: { 'Dext/CounterService.cpp': lines('void CounterService::Log()', '{', '    os_log(OS_LOG_DEFAULT, "IOUserServer");', '}') },
    },
  ],
  invalid: [
    {
      name: 'matching the IOUserServer class (forum 772159: IOServiceOpen returns 0xe00002c7)',
      files: { 'App/CounterClient.cpp': openService('IOServiceMatching(⟦"IOUserServer"⟧)'), 'Dext/CounterService.iig': serviceIig },
      findings: [{ message: `'"IOUserServer"' names the dext's server process, not the dext's service`, noFix: true }],
    },
    {
      name: 'matching IOUserServer by name',
      files: { 'App/CounterClient.cpp': openService('IOServiceNameMatching(⟦"IOUserServer"⟧)') },
      findings: [{ message: 'IOServiceOpen on it returns kIOReturnUnsupported (0xe00002c7)' }],
    },
    {
      name: 'IOServiceMatching of a class the dext declares in its .iig',
      files: { 'App/CounterClient.cpp': openService('⟦IOServiceMatching⟧("CounterService")'), 'Dext/CounterService.iig': serviceIig },
      findings: [
        {
          message: `'IOServiceMatching("CounterService")' never matches: 'CounterService' is a DriverKit class`,
          fixTitles: ["Match 'CounterService' by name"],
          output: { 'App/CounterClient.cpp': openService('IOServiceNameMatching("CounterService")') },
        },
      ],
    },
  ],
});
