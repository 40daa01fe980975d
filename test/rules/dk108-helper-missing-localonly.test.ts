// Case table for DK108 helper-missing-localonly.
import { helperMissingLocalonly } from '../../server/src/rules/dk108-helper-missing-localonly';
import { ruleTester } from '../helpers/rule-tester';

const iig = (members: string, base = 'IOService', name = 'MyDriver'): string =>
  `#include <DriverKit/IOService.iig>\n#include <DriverKit/IOTimerDispatchSource.iig>\n\nclass ${name} : public ${base}\n{\npublic:\n    virtual bool init() override;\n    virtual kern_return_t Start(IOService * provider) override;\n${members}};\n`;

ruleTester(helperMissingLocalonly, {
  valid: [
    {
      name: 'helpers marked LOCALONLY next to overrides and a TYPE handler',
      files: {
        'MyDriver.iig': iig(
          '    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n    kern_return_t ResetHardware() LOCALONLY;\n    void Drain(uint32_t slot) LOCALONLY QUEUENAME(InterruptQueue);\n',
        ),
      },
    },
    {
      name: "SCSI controller: a TARGET prototype declared '= 0' for a self-posted event, and its handler",
      files: {
        'QuadPortHba.iig': iig(
          '    virtual kern_return_t UserStartController();\n    virtual void TargetArrived(OSAction * action TARGET, uint32_t targetID) = 0;\n    virtual void AttachTarget(OSAction * action, uint32_t targetID) TYPE(QuadPortHba::TargetArrived) QUEUENAME(AuxiliaryQueue);\n',
          'IOUserSCSIParallelInterfaceController',
          'QuadPortHba',
        ),
      },
    },
    {
      name: 'dispatched on purpose: QUEUENAME alone, LOCAL, a TARGET parameter; static factories and SDK methods without override',
      files: {
        'MyDriver.iig': iig(
          '    kern_return_t Rebuild(uint32_t level) QUEUENAME(RebuildQueue);\n    kern_return_t Ping() LOCAL;\n    virtual void Notify(OSAction * action TARGET, uint64_t value);\n    static kern_return_t Make(IOService * provider, MyDriver ** driver);\n    virtual kern_return_t Stop(IOService * provider);\n    virtual void free();\n',
        ),
      },
    },
    {
      name: 'a family base the knowledge base does not describe, and a method inherited from a user base class',
      files: {
        'MyHid.iig': iig('    virtual kern_return_t handleReport(uint64_t timestamp, IOMemoryDescriptor * report, uint32_t reportLength);\n', 'IOUserHIDEventService', 'MyHid'),
        'MyChild.iig': iig('    virtual void Refresh();\n', 'MyDriver', 'MyChild'),
        'MyDriver.iig': iig('    virtual void Refresh() LOCALONLY;\n'),
      },
    },
    {
      name: 'a struct with member functions and an inline body in the class',
      files: {
        'MyDriver.iig': `struct MyDriver_Limits\n{\n    uint32_t Clamp(uint32_t value);\n};\n\n${iig('    uint32_t Depth() { return 4; }\n')}`,
      },
    },
  ],
  invalid: [
    {
      name: 'an unmarked helper: LOCALONLY is added before the semicolon',
      files: { 'MyDriver.iig': iig('    kern_return_t ⟦ResetHardware⟧(uint32_t mode);\n') },
      findings: [
        {
          message:
            "'ResetHardware' has no LOCALONLY, so iig makes it a message-dispatched method with its own message ID, 'ResetHardware_Impl' and an IPC round-trip per call; add LOCALONLY if only this driver calls it.",
          fixTitles: ["Add LOCALONLY to 'ResetHardware'"],
          output: { 'MyDriver.iig': iig('    kern_return_t ResetHardware(uint32_t mode) LOCALONLY;\n') },
        },
      ],
    },
    {
      name: 'a virtual const helper written over two lines',
      files: { 'MyDriver.iig': iig('    virtual uint32_t ⟦QueueDepth⟧(uint32_t port,\n                                uint32_t lun) const;\n') },
      findings: [{ message: "'QueueDepth' has no LOCALONLY", output: { 'MyDriver.iig': iig('    virtual uint32_t QueueDepth(uint32_t port,\n                                uint32_t lun) const LOCALONLY;\n') } }],
    },
    {
      name: 'helpers of a subclass of a user base class and of a SCSI controller',
      files: {
        'MyChild.iig': `${iig('    void ⟦Refresh⟧();\n', 'MyDriver', 'MyChild')}\n${iig('    void ⟦FinishTask⟧(uint32_t taskID, uint8_t scsiStatus);\n', 'IOUserSCSIParallelInterfaceController', 'MyHba')}`,
        'MyDriver.iig': iig(''),
      },
      findings: [
        { message: "'Refresh' has no LOCALONLY", output: { 'MyChild.iig': `${iig('    void Refresh() LOCALONLY;\n', 'MyDriver', 'MyChild')}\n${iig('    void FinishTask(uint32_t taskID, uint8_t scsiStatus);\n', 'IOUserSCSIParallelInterfaceController', 'MyHba')}` } },
        { message: "'FinishTask' has no LOCALONLY" },
      ],
    },
  ],
});
