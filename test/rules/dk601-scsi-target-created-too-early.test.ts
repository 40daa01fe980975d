// Case table for DK601 scsi-target-created-too-early.
import { scsiTargetCreatedTooEarly } from '../../server/src/rules/dk601-scsi-target-created-too-early';
import { ruleTester } from '../helpers/rule-tester';

const DECLARATIONS: Readonly<Record<string, string>> = {
  Start: 'virtual kern_return_t Start(IOService * provider) override;',
  UserInitializeController: 'virtual kern_return_t UserInitializeController() override;',
  UserStartController: 'virtual kern_return_t UserStartController() override;',
  UserReportInitiatorIdentifier: 'virtual kern_return_t UserReportInitiatorIdentifier(uint64_t * id) override;',
  UserReportHighestSupportedDeviceID: 'virtual kern_return_t UserReportHighestSupportedDeviceID(uint64_t * id) override;',
  UserDoesHBAPerformDeviceManagement: 'virtual kern_return_t UserDoesHBAPerformDeviceManagement(bool * result) override;',
  TargetArrived: 'virtual void TargetArrived(OSAction * action TARGET, uint32_t targetID) = 0;',
  AttachTarget: 'virtual void AttachTarget(OSAction * action, uint32_t targetID) TYPE(MyHba::TargetArrived) QUEUENAME(AuxiliaryQueue);',
  AttachTargets: 'kern_return_t AttachTargets() LOCALONLY;',
};

/** The class's .iig with the named declarations (and any extra lines). */
const iig = (names: readonly string[], extra = ''): string =>
  `#include <DriverKit/IOService.iig>\n#include <SCSIControllerDriverKit/IOUserSCSIParallelInterfaceController.iig>\n\nclass MyHba : public IOUserSCSIParallelInterfaceController\n{\npublic:\n${names.map((n) => `    ${DECLARATIONS[n]}\n`).join('')}${extra}};\n`;

const head = '#include <DriverKit/DriverKit.h>\n#include <SCSIControllerDriverKit/SCSIControllerDriverKit.h>\n#include "MyHba.h"\n\n#define kMyInitiator 7\n\n';
const startController = (body: string): string => `kern_return_t IMPL(MyHba, UserStartController)\n{\n${body}\n}\n`;
const attachTarget = (body: string): string => `\nvoid IMPL(MyHba, AttachTarget)\n{\n${body}\n}\n`;
const initiator = (value: string): string => `\nkern_return_t IMPL(MyHba, UserReportInitiatorIdentifier)\n{\n    *id = ${value};\n    return kIOReturnSuccess;\n}\n`;
const management = (value: string): string => `\nkern_return_t IMPL(MyHba, UserDoesHBAPerformDeviceManagement)\n{\n    *result = ${value};\n    return kIOReturnSuccess;\n}\n`;
const highest = (value: string): string => `\nkern_return_t IMPL(MyHba, UserReportHighestSupportedDeviceID)\n{\n    *id = ${value};\n    return kIOReturnSuccess;\n}\n`;
const asyncShape = ['UserStartController', 'UserReportInitiatorIdentifier', 'UserDoesHBAPerformDeviceManagement', 'TargetArrived', 'AttachTarget'];

ruleTester(scsiTargetCreatedTooEarly, {
  valid: [
    {
      name: "Apple's shape: UserStartController sends an action whose handler runs on AuxiliaryQueue and creates the target",
      files: {
        'MyHba.cpp': head + startController('    TargetArrived(ivars->attachAction, 0);\n    return kIOReturnSuccess;') + attachTarget('    UserCreateTargetForID(targetID, nullptr);') + initiator('kMyInitiator') + management('true'),
        'MyHba.iig': iig(asyncShape),
      },
    },
    {
      name: 'target creation in a block dispatched asynchronously to the auxiliary queue',
      files: {
        'MyHba.cpp': head + startController('    ivars->auxQueue->DispatchAsync(^{\n        UserCreateTargetForID(0, nullptr);\n    });\n    return kIOReturnSuccess;') + management('true'),
        'MyHba.iig': iig(['UserStartController', 'UserDoesHBAPerformDeviceManagement']),
      },
    },
    {
      name: 'a helper that creates targets, called only from the auxiliary-queue handler (explicit _Impl form)',
      files: {
        'MyHba.cpp':
          head +
          'kern_return_t MyHba::AttachTargets()\n{\n    for (uint32_t id = 0; id < 4; id++) {\n        UserCreateTargetForID(id, nullptr);\n    }\n    return kIOReturnSuccess;\n}\n\nvoid MyHba::AttachTarget_Impl(OSAction * action, uint32_t targetID)\n{\n    AttachTargets();\n}\n' +
          initiator('kMyInitiator') +
          management('true'),
        'MyHba.iig': iig([...asyncShape, 'AttachTargets']),
      },
    },
    {
      name: 'the kernel creates targets 0…3 itself; the driver only creates a target above the highest ID it reports',
      files: {
        'MyHba.cpp': head + attachTarget('    UserCreateTargetForID(9, nullptr);') + management('false') + highest('3'),
        'MyHba.iig': iig([...asyncShape, 'UserReportHighestSupportedDeviceID']),
      },
    },
    {
      name: 'UserStartController declared to run on AuxiliaryQueue by the class',
      files: {
        'MyHba.cpp': head + startController('    return UserCreateTargetForID(0, nullptr);'),
        'MyHba.iig': iig([], '    virtual kern_return_t UserStartController() override QUEUENAME(AuxiliaryQueue);\n'),
      },
    },
    {
      name: 'no .iig in the workspace says the class is a SCSI controller',
      files: { 'MyHba.cpp': head + startController('    return UserCreateTargetForID(0, nullptr);') },
    },
  ],
  invalid: [
    {
      name: 'the seed: UserStartController creates the target synchronously on the default queue',
      files: {
        'MyHba.cpp': head + startController('    kern_return_t ret = ⟦UserCreateTargetForID⟧(0, nullptr);\n    return ret;'),
        'MyHba.iig': iig(['UserStartController']),
      },
      findings: [{ message: "'UserCreateTargetForID' is called synchronously from 'UserStartController', which runs on the default queue", noFix: true }],
    },
    {
      name: 'a LOCALONLY helper called from UserInitializeController creates the targets',
      files: {
        'MyHba.cpp':
          head +
          'kern_return_t MyHba::AttachTargets()\n{\n    for (uint32_t id = 0; id < 4; id++) {\n        ⟦this->UserCreateTargetForID⟧(id, nullptr);\n    }\n    return kIOReturnSuccess;\n}\n\nkern_return_t IMPL(MyHba, UserInitializeController)\n{\n    return AttachTargets();\n}\n',
        'MyHba.iig': iig(['UserInitializeController', 'AttachTargets']),
      },
      findings: [{ message: "from 'AttachTargets', which 'UserInitializeController' calls on the default queue" }],
    },
    {
      name: 'Start (explicit _Impl form) creates the target after super Start',
      files: {
        'MyHba.cpp': head + 'kern_return_t MyHba::Start_Impl(IOService * provider)\n{\n    kern_return_t ret = Start(provider, SUPERDISPATCH);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    return ⟦UserCreateTargetForID⟧(0, nullptr);\n}\n',
        'MyHba.iig': iig(['Start']),
      },
      findings: [{ message: "from 'Start', which runs on the default queue" }],
    },
    {
      name: 'the target ID is the initiator ID the controller reports',
      files: {
        'MyHba.cpp': head + attachTarget('    UserCreateTargetForID(⟦kMyInitiator⟧, nullptr);') + initiator('kMyInitiator') + management('true'),
        'MyHba.iig': iig(asyncShape),
      },
      findings: [{ message: "Target ID 'kMyInitiator' is the initiator ID that 'UserReportInitiatorIdentifier' reports" }],
    },
    {
      name: 'a literal target ID equal to the initiator literal',
      files: {
        'MyHba.cpp': head + attachTarget('    UserCreateTargetForID(⟦7⟧, nullptr);') + initiator('7'),
        'MyHba.iig': iig(asyncShape),
      },
      findings: [{ message: "Target ID '7' is the initiator ID" }],
    },
    {
      name: 'targets created by the driver while device management is left to the kernel',
      files: {
        'MyHba.cpp': head + attachTarget('    OSDictionary * properties = OSDictionary::withCapacity(1);\n    ⟦UserCreateTargetForID⟧(targetID, properties);\n    OSSafeReleaseNULL(properties);') + management('false'),
        'MyHba.iig': iig(asyncShape),
      },
      findings: [{ message: "'UserDoesHBAPerformDeviceManagement' reports false, so the kernel itself creates a target for every ID" }],
    },
  ],
});
