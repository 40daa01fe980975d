// Case table for DK101 type-callback-declaration.
import { typeCallbackDeclaration } from '../../server/src/rules/dk101-type-callback-declaration';
import { ruleTester } from '../helpers/rule-tester';

const iig = (members: string): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass MyDriver : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n${members}\n};\n`;

ruleTester(typeCallbackDeclaration, {
  valid: [
    {
      name: 'timer and interrupt handlers in the canonical form',
      files: {
        'MyDriver.iig': iig(
          '    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n' +
            '    virtual void InterruptOccurred(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);',
        ),
      },
    },
    {
      name: 'declaration spread over lines, unusual spacing and other parameter names',
      files: { 'MyDriver.iig': iig('    virtual void   Tick( OSAction*a,\n                         uint64_t  when )\n        TYPE( IOTimerDispatchSource::TimerOccurred );') },
    },
    {
      name: 'data-queue and USB completion prototypes, and a class the knowledge base does not model',
      files: {
        'MyDriver.iig': iig(
          '    virtual void DataReady(OSAction * action) TYPE(IODataQueueDispatchSource::DataAvailable);\n' +
            '    virtual void ReadDone(OSAction * action, IOReturn status, uint32_t actualByteCount, uint64_t completionTimestamp) TYPE(IOUSBHostPipe::CompleteAsyncIO);\n' +
            '    virtual void Reported(OSAction * action, uint64_t timestamp, uint32_t length) TYPE(IOHIDInterface::ReportAvailable);',
        ),
      },
    },
    {
      name: 'TYPE on a parameter documents the expected action type and is not a handler',
      files: { 'MyDriver.iig': iig('    virtual kern_return_t SetCallback(OSAction * action TYPE(IOTimerDispatchSource::TimerOccurred)) LOCALONLY;') },
    },
    {
      name: 'a prototype declared by another class of the workspace',
      files: {
        'MyDriver.iig': iig('    virtual void Done(OSAction * action, uint32_t status) TYPE(MyEngine::Completed);'),
        'MyEngine.iig': '#include <DriverKit/OSObject.iig>\nclass MyEngine : public OSObject\n{\npublic:\n    virtual void Completed(OSAction * action TARGET, uint32_t status) = 0;\n};\n',
      },
    },
  ],
  invalid: [
    {
      name: 'timer handler missing its time argument (keeps the handler and action names)',
      files: { 'MyDriver.iig': iig('    virtual void ⟦PollTimerFired⟧(OSAction * timerAction) TYPE(IOTimerDispatchSource::TimerOccurred);') },
      findings: [
        {
          message: "takes (OSAction*) instead of (OSAction*, uint64_t)",
          fixTitles: ["Rewrite 'PollTimerFired' as a IOTimerDispatchSource::TimerOccurred callback"],
          output: { 'MyDriver.iig': iig('    virtual void PollTimerFired(OSAction * timerAction, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);') },
        },
      ],
    },
    {
      name: 'TYPE written before the declaration',
      files: { 'MyDriver.iig': iig('    ⟦TYPE(IOInterruptDispatchSource::InterruptOccurred)⟧\n    virtual void Fired(OSAction * action, uint64_t count, uint64_t time);') },
      findings: [
        {
          message: 'has TYPE(...) before the declaration',
          output: { 'MyDriver.iig': iig('    virtual void Fired(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);') },
        },
      ],
    },
    {
      name: 'non-void return and LOCALONLY',
      files: { 'MyDriver.iig': iig('    virtual kern_return_t ⟦Tick⟧(OSAction * action, uint64_t time) LOCALONLY TYPE(IOTimerDispatchSource::TimerOccurred);') },
      findings: [
        {
          message: /is LOCALONLY.*returns 'kern_return_t' instead of 'void'/,
          output: { 'MyDriver.iig': iig('    virtual void Tick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);') },
        },
      ],
    },
    {
      name: 'missing the OSAction parameter, interrupt arguments swapped for a timer',
      files: { 'MyDriver.iig': iig('    virtual void ⟦OnInterrupt⟧(uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);') },
      findings: [
        {
          message: "does not take 'OSAction * action' first",
          output: { 'MyDriver.iig': iig('    virtual void OnInterrupt(OSAction * action, uint64_t count, uint64_t time) TYPE(IOInterruptDispatchSource::InterruptOccurred);') },
        },
      ],
    },
    {
      name: 'misspelled source class and prototype',
      files: {
        'MyDriver.iig': iig(
          '    virtual void A(OSAction * action, uint64_t time) ⟦TYPE(IOTimerDispatchSorce::TimerOccurred)⟧;\n' +
            '    virtual void B(OSAction * action, uint64_t time) ⟦TYPE(IOTimerDispatchSource::TimerOccured)⟧;',
        ),
      },
      findings: [
        { message: "did you mean 'IOTimerDispatchSource'?", noFix: true },
        { message: "'IOTimerDispatchSource' declares no callback prototype 'TimerOccured'; did you mean 'TimerOccurred'?", noFix: true },
      ],
    },
    {
      name: 'the rewrite keeps the QUEUENAME that picks the handler queue',
      files: { 'MyDriver.iig': iig('    virtual kern_return_t ⟦OnTick⟧(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred) QUEUENAME(PollQueue);') },
      findings: [
        {
          message: "returns 'kern_return_t'",
          output: { 'MyDriver.iig': iig('    virtual void OnTick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred) QUEUENAME(PollQueue);') },
        },
      ],
    },
    {
      name: 'a truncated source class name three edits away from the real one',
      files: { 'MyDriver.iig': iig('    virtual void A(OSAction * action, uint64_t time) ⟦TYPE(IOTimerDispatchSrc::TimerOccurred)⟧;') },
      findings: [{ message: "did you mean 'IOTimerDispatchSource'?", noFix: true }],
    },
    {
      name: 'handler at file scope instead of inside the class body',
      files: { 'MyDriver.iig': '#include <DriverKit/IOService.iig>\nvoid ⟦Stray⟧(OSAction * action) TYPE(IOTimerDispatchSource::TimerOccurred);\n' },
      findings: [{ message: /is declared outside a class body.*takes \(OSAction\*\)/, noFix: true }],
    },
    {
      name: 'CRLF file with non-ASCII comments before the finding',
      files: {
        'MyDriver.iig': 'class MyDriver : public IOService\r\n{\r\n    // タイマー 😀\r\n    virtual void ⟦T⟧(OSAction * action) TYPE(IOTimerDispatchSource::TimerOccurred);\r\n};\r\n',
      },
      findings: [
        {
          message: 'instead of (OSAction*, uint64_t)',
          output: { 'MyDriver.iig': 'class MyDriver : public IOService\r\n{\r\n    // タイマー 😀\r\n    virtual void T(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\r\n};\r\n' },
        },
      ],
    },
  ],
});
