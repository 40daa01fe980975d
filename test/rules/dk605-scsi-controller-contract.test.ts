// Case table for DK605 scsi-controller-contract.
import { scsiControllerContract } from '../../server/src/rules/dk605-scsi-controller-contract';
import { ruleTester } from '../helpers/rule-tester';

const REQUIRED: readonly string[] = [
  'virtual kern_return_t UserInitializeController() override;',
  'virtual kern_return_t UserStartController() override;',
  'virtual kern_return_t UserReportInitiatorIdentifier(uint64_t * id) override;',
  'virtual kern_return_t UserReportHighestSupportedDeviceID(uint64_t * id) override;',
  'virtual kern_return_t UserReportMaximumTaskCount(uint32_t * count) override;',
  'virtual kern_return_t UserReportHBAHighestLogicalUnitNumber(uint64_t * value) override;',
  'virtual kern_return_t UserDoesHBAPerformDeviceManagement(bool * result) override;',
  'virtual kern_return_t UserDoesHBASupportSCSIParallelFeature(uint32_t theValue, bool * result) override;',
  'virtual kern_return_t UserDoesHBAPerformAutoSense(bool * result) override;',
  'virtual kern_return_t UserDoesHBASupportMultiPathing(bool * result) override;',
  'virtual kern_return_t UserInitializeTargetForID(SCSITargetIdentifier targetID) override;',
  'virtual kern_return_t UserGetDMASpecification(uint64_t * maxTransferSize, uint32_t * alignment, uint8_t * numAddressBits, DMAOutputSegmentType * segmentType) override;',
  'virtual kern_return_t UserMapHBAData(uint32_t * uniqueTaskID) override;',
  'virtual kern_return_t UserProcessParallelTask(SCSIUserParallelTask parallelRequest, uint32_t * response, OSAction * completion) override;',
  'virtual kern_return_t UserAbortTaskRequest(uint64_t theT, uint64_t theL, uint64_t theQ, uint32_t * response) override;',
  'virtual kern_return_t UserAbortTaskSetRequest(uint64_t theT, uint64_t theL, uint32_t * response) override;',
  'virtual kern_return_t UserClearACARequest(uint64_t theT, uint64_t theL, uint32_t * response) override;',
  'virtual kern_return_t UserClearTaskSetRequest(uint64_t theT, uint64_t theL, uint32_t * response) override;',
  'virtual kern_return_t UserLogicalUnitResetRequest(uint64_t theT, uint64_t theL, uint32_t * response) override;',
  'virtual kern_return_t UserTargetResetRequest(uint64_t theT, uint32_t * response) override;',
];
const MAP_BUNDLED =
  'virtual kern_return_t UserMapBundledParallelTaskCommandAndResponseBuffers(IOBufferMemoryDescriptor * parallelCommandIOMemoryDescriptor, IOBufferMemoryDescriptor * parallelResponseIOMemoryDescriptor) override;';
const PROCESS_BUNDLED =
  'virtual void UserProcessBundledParallelTasks(const uint16_t parallelRequestSlotIndices[kMaxBundledParallelTasks], uint16_t parallelRequestSlotIndicesCount, OSAction * completion) override;';

const classIig = (name: string, members: readonly string[], base = 'IOUserSCSIParallelInterfaceController'): string =>
  `#include <DriverKit/IOService.iig>\n#include <SCSIControllerDriverKit/IOUserSCSIParallelInterfaceController.iig>\n\nclass ${name} : public ${base}\n{\npublic:\n${members.map((m) => `    ${m}\n`).join('')}};\n`;

/** A small .iig for the .cpp cases: the methods those files define (the class is then wholly in the file). */
const cppIig = classIig('MyHba', [
  'virtual kern_return_t UserInitializeController() override;',
  'virtual kern_return_t UserStartController() override;',
  'virtual kern_return_t UserReportMaximumTaskCount(uint32_t * count) override;',
  'kern_return_t ReportConstraints() LOCALONLY;',
  'void CompleteTask(uint32_t slot, uint8_t status) LOCALONLY;',
]);

/** Only the two methods the lifecycle cases define, so that nothing else of the class can hide elsewhere. */
const lifecycleIig = classIig('MyHba', REQUIRED.slice(0, 2));

const head = '#include <DriverKit/DriverKit.h>\n#include <SCSIControllerDriverKit/SCSIControllerDriverKit.h>\n#include "MyHba.h"\n\n#define kMaxTasks 64\n\n';
const KEYS = [
  'kIOMaximumSegmentCountReadKey',
  'kIOMaximumSegmentCountWriteKey',
  'kIOMaximumSegmentByteCountReadKey',
  'kIOMaximumSegmentByteCountWriteKey',
  'kIOMinimumSegmentAlignmentByteCountKey',
  'kIOMaximumSegmentAddressableBitCountKey',
  'kIOMinimumHBADataAlignmentMaskKey',
];
const setKeys = (keys: readonly string[]): string => keys.map((k) => `    dict->setObject(${k}, number);\n`).join('');
const constraintsBody = (keys: readonly string[], report = '    kern_return_t ret = UserReportHBAConstraints(dict);\n'): string =>
  `    OSDictionary * dict = OSDictionary::withCapacity(8);\n    if (dict == nullptr) {\n        return kIOReturnNoMemory;\n    }\n    OSNumber * number = OSNumber::withNumber(4096ULL, 64);\n${setKeys(keys)}    OSSafeReleaseNULL(number);\n${report}    OSSafeReleaseNULL(dict);\n    return ret;`;
const method = (name: string, body: string): string => `kern_return_t IMPL(MyHba, ${name})\n{\n${body}\n}\n\n`;
const startController = method('UserStartController', '    return kIOReturnSuccess;');
const taskCount = (value: string): string => method('UserReportMaximumTaskCount', `    *count = ${value};\n    return kIOReturnSuccess;`);
const completeTask = (body: string): string => `void MyHba::CompleteTask(uint32_t slot, uint8_t status)\n{\n    OSAction * completion = ivars->completions[slot];\n${body}\n}\n`;

ruleTester(scsiControllerContract, {
  valid: [
    {
      name: 'every pure virtual method declared, bundled pair included',
      files: { 'MyHba.iig': classIig('MyHba', [...REQUIRED, MAP_BUNDLED, PROCESS_BUNDLED]) },
    },
    {
      name: 'built against an SDK older than 15.4: neither bundled method declared',
      files: { 'MyHba.iig': classIig('MyHba', REQUIRED) },
    },
    {
      name: 'the overrides split between the class and a workspace base class',
      files: {
        'MyRaidHba.iig': classIig('MyRaidHba', REQUIRED.slice(10), 'MyHbaBase'),
        'MyHbaBase.iig': classIig('MyHbaBase', REQUIRED.slice(0, 10)),
      },
    },
    {
      name: 'all seven keys set one by one, reported inside UserInitializeController',
      files: { 'MyHba.cpp': head + method('UserInitializeController', constraintsBody(KEYS)) + startController + taskCount('kMaxTasks'), 'MyHba.iig': cppIig },
    },
    {
      name: 'keys from a file-level table (not readable: silent), reported from a helper the initializer calls',
      files: {
        'MyHba.cpp':
          head +
          'static const struct { const char * key; uint64_t value; } kConstraints[] = {\n    { kIOMaximumSegmentCountReadKey, 128 },\n};\n\nkern_return_t MyHba::ReportConstraints()\n{\n    OSDictionary * dict = OSDictionary::withCapacity(8);\n    for (size_t i = 0; i < sizeof(kConstraints) / sizeof(kConstraints[0]); i++) {\n        OSNumber * number = OSNumber::withNumber(kConstraints[i].value, 64);\n        dict->setObject(kConstraints[i].key, number);\n        OSSafeReleaseNULL(number);\n    }\n    kern_return_t ret = UserReportHBAConstraints(dict);\n    OSSafeReleaseNULL(dict);\n    return ret;\n}\n\n' +
          method('UserInitializeController', '    return ReportConstraints();') +
          startController,
        'MyHba.iig': cppIig,
      },
    },
    {
      name: 'a SetConstraint helper given each key, and a response versioned by a designated initialiser',
      files: {
        'MyHba.cpp':
          head +
          method(
            'UserInitializeController',
            `    OSDictionary * dict = OSDictionary::withCapacity(8);\n    bool ok = true;\n${KEYS.map((k) => `    ok &= SetConstraint(dict, ${k}, 64);\n`).join('')}    kern_return_t ret = ok ? UserReportHBAConstraints(dict) : kIOReturnNoMemory;\n    OSSafeReleaseNULL(dict);\n    return ret;`,
          ) +
          startController +
          taskCount('kMaxTasks') +
          completeTask('    SCSIUserParallelResponse response = { .version = kScsiUserParallelTaskResponseCurrentVersion1, .fServiceResponse = kSCSIServiceResponse_TASK_COMPLETE };\n    ParallelTaskCompletion(completion, response);'),
        'MyHba.iig': cppIig,
      },
    },
    {
      name: 'the class is split across files: the initializer calls a helper defined elsewhere',
      files: { 'MyHba.cpp': head + method('UserInitializeController', '    return ReportConstraints();') + startController, 'MyHba.iig': cppIig },
    },
  ],
  invalid: [
    {
      name: 'a pure virtual method not overridden, and a UserStopController that DriverKit never calls',
      files: { 'MyHba.iig': classIig('⟦MyHba⟧', [...REQUIRED.filter((m) => !m.includes('UserMapHBAData')), 'virtual kern_return_t ⟦UserStopController⟧();']) },
      findings: [
        { message: "'MyHba' does not override 'UserMapHBAData', which 'IOUserSCSIParallelInterfaceController' declares pure virtual", noFix: true },
        { message: "'UserStopController' is not a method of 'IOUserSCSIParallelInterfaceController', so the kernel never calls it" },
      ],
    },
    {
      name: 'half of the bundled pair',
      files: { 'MyHba.iig': classIig('⟦MyHba⟧', [...REQUIRED, MAP_BUNDLED]) },
      findings: [{ message: "'MyHba' overrides 'UserMapBundledParallelTaskCommandAndResponseBuffers' but not 'UserProcessBundledParallelTasks'" }],
    },
    {
      name: 'a required constraint key is missing',
      files: {
        'MyHba.cpp': head + method('UserInitializeController', constraintsBody(KEYS.slice(0, 6), '    kern_return_t ret = ⟦UserReportHBAConstraints⟧(dict);\n')) + startController,
        'MyHba.iig': cppIig,
      },
      findings: [{ message: "The constraints dictionary 'dict' passed to 'UserReportHBAConstraints' lacks 'kIOMinimumHBADataAlignmentMaskKey'" }],
    },
    {
      name: 'the constraints are reported from UserStartController',
      files: {
        'MyHba.cpp': head + method('UserInitializeController', '    return kIOReturnSuccess;') + method('UserStartController', constraintsBody(KEYS, '    kern_return_t ret = ⟦UserReportHBAConstraints⟧(dict);\n')),
        'MyHba.iig': lifecycleIig,
      },
      findings: [{ message: "'UserReportHBAConstraints' is called from 'UserStartController', after 'UserInitializeController' has returned" }],
    },
    {
      name: 'the constraints are never reported',
      files: { 'MyHba.cpp': head + 'kern_return_t IMPL(MyHba, ⟦UserInitializeController⟧)\n{\n    return kIOReturnSuccess;\n}\n\n' + startController, 'MyHba.iig': lifecycleIig },
      findings: [{ message: "'UserInitializeController' never calls 'UserReportHBAConstraints'" }],
    },
    {
      name: 'a task count of zero',
      files: { 'MyHba.cpp': head + method('UserReportMaximumTaskCount', '    ⟦*count = 0⟧;\n    return kIOReturnSuccess;'), 'MyHba.iig': cppIig },
      findings: [{ message: "'UserReportMaximumTaskCount' reports 0 tasks" }],
    },
    {
      name: 'a completed response without its version: the fix sets it before the completion',
      files: {
        'MyHba.cpp':
          head +
          completeTask(
            '    SCSIUserParallelResponse response = {};\n    response.fServiceResponse = kSCSIServiceResponse_TASK_COMPLETE;\n    response.fCompletionStatus = static_cast<SCSITaskStatus>(status);\n    ⟦ParallelTaskCompletion⟧(completion, response);\n    OSSafeReleaseNULL(completion);',
          ),
        'MyHba.iig': cppIig,
      },
      findings: [
        {
          message: "'response' is completed without setting 'response.version = kScsiUserParallelTaskResponseCurrentVersion1'",
          fixTitles: ["Set 'response.version' before completing the task"],
          output: {
            'MyHba.cpp':
              head +
              completeTask(
                '    SCSIUserParallelResponse response = {};\n    response.fServiceResponse = kSCSIServiceResponse_TASK_COMPLETE;\n    response.fCompletionStatus = static_cast<SCSITaskStatus>(status);\n    response.version = kScsiUserParallelTaskResponseCurrentVersion1;\n    ParallelTaskCompletion(completion, response);\n    OSSafeReleaseNULL(completion);',
              ),
          },
        },
      ],
    },
  ],
});
