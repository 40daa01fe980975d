// Case table for DK603 scsi-parallel-task-completion.
import { scsiParallelTaskCompletion } from '../../server/src/rules/dk603-scsi-parallel-task-completion';
import { ruleTester } from '../helpers/rule-tester';

const iig =
  '#include <DriverKit/IOService.iig>\n#include <SCSIControllerDriverKit/IOUserSCSIParallelInterfaceController.iig>\n\nclass MyHba : public IOUserSCSIParallelInterfaceController\n{\npublic:\n    virtual kern_return_t UserProcessParallelTask(SCSIUserParallelTask parallelRequest, uint32_t * response,\n                                                  OSAction * completion) override;\n    void CompleteTask(uint32_t slot, uint8_t status, uint32_t transferred) LOCALONLY;\n    kern_return_t SubmitToHardware(SCSIUserParallelTask * request, OSAction * completion) LOCALONLY;\n    void FillResponse(SCSIUserParallelResponse * response, uint32_t slot) LOCALONLY;\n};\n';

const head = '#include <DriverKit/DriverKit.h>\n#include <SCSIControllerDriverKit/SCSIControllerDriverKit.h>\n#include "MyHba.h"\n\n';
const processTask = (body: string): string => `kern_return_t IMPL(MyHba, UserProcessParallelTask)\n{\n${body}\n}\n`;
const completeTask = (body: string): string => `\nvoid MyHba::CompleteTask(uint32_t slot, uint8_t status, uint32_t transferred)\n{\n    OSAction * completion = ivars->completions[slot];\n    ivars->completions[slot] = nullptr;\n${body}\n    OSSafeReleaseNULL(completion);\n}\n`;
const queued =
  '    uint64_t slot = parallelRequest.fControllerTaskIdentifier;\n    if (slot >= ivars->taskCount || ivars->completions[slot] != nullptr) {\n        return kIOReturnBadArgument;\n    }\n    completion->retain();\n    ivars->completions[slot] = completion;\n    ivars->pci->MemoryWrite32(0, 0x40, static_cast<uint32_t>(slot));\n    *response = kSCSIServiceResponse_Request_In_Process;\n    return kIOReturnSuccess;';
const fullResponse =
  '    SCSIUserParallelResponse response = {};\n    response.version = kScsiUserParallelTaskResponseCurrentVersion1;\n    response.fControllerTaskIdentifier = slot;\n    response.fServiceResponse = kSCSIServiceResponse_TASK_COMPLETE;\n    response.fCompletionStatus = static_cast<SCSITaskStatus>(status);\n    response.fBytesTransferred = transferred;\n';

ruleTester(scsiParallelTaskCompletion, {
  valid: [
    {
      name: 'the task is queued: completion retained and stored, *response set; completed once from the interrupt path',
      files: { 'MyHba.cpp': head + processTask(queued) + completeTask(`${fullResponse}    ParallelTaskCompletion(completion, response);`), 'MyHba.iig': iig },
    },
    {
      name: 'completed inline (zero-filled response, status set per command) and *response set afterwards',
      files: {
        'MyHba.cpp':
          head +
          processTask(
            '    SCSIUserParallelResponse resp = {};\n    resp.version = kScsiUserParallelTaskResponseCurrentVersion1;\n    resp.fServiceResponse = kSCSIServiceResponse_TASK_COMPLETE;\n    switch (parallelRequest.fCommandDescriptorBlock[0]) {\n    case 0x00:      // TEST UNIT READY\n    case 0x35:      // SYNCHRONIZE CACHE (10)\n        break;\n    default:\n        resp.fCompletionStatus = kSCSITaskStatus_CHECK_CONDITION;\n        break;\n    }\n    ParallelTaskCompletion(completion, resp);\n    *response = kSCSIServiceResponse_Request_In_Process;\n    return kIOReturnSuccess;',
          ),
        'MyHba.iig': iig,
      },
    },
    {
      name: 'AssertMacros error exits, and the completion handed to a helper',
      files: {
        'MyHba.cpp':
          head +
          processTask(
            '    kern_return_t ret = kIOReturnSuccess;\n    __Require_Action(ivars->open, Exit, ret = kIOReturnNotOpen);\n    ret = SubmitToHardware(&parallelRequest, completion);\n    __Require_noErr(ret, Exit);\n    *response = kSCSIServiceResponse_Request_In_Process;\nExit:\n    return ret;',
          ),
        'MyHba.iig': iig,
      },
    },
    {
      name: 'a response declared without an initialiser but cleared with bzero, or filled in by a helper',
      files: {
        'MyHba.cpp':
          head +
          processTask(queued) +
          completeTask(
            '    SCSIUserParallelResponse response;\n    bzero(&response, sizeof(response));\n    response.version = kScsiUserParallelTaskResponseCurrentVersion1;\n    ParallelTaskCompletion(completion, response);\n    SCSIUserParallelResponse other;\n    FillResponse(&other, slot);\n    ParallelTaskCompletion(ivars->spare, other);',
          ),
        'MyHba.iig': iig,
      },
    },
    {
      name: 'one completion per switch branch, and an early completion that returns',
      files: {
        'MyHba.cpp':
          head +
          processTask(queued) +
          completeTask(
            `${fullResponse}    if (status == 0xFF) {\n        response.fServiceResponse = kSCSIServiceResponse_SERVICE_DELIVERY_OR_TARGET_FAILURE;\n        ParallelTaskCompletion(completion, response);\n        return;\n    }\n    switch (status) {\n    case 0:\n        ParallelTaskCompletion(completion, response);\n        break;\n    default:\n        response.fSenseLength = 0;\n        ParallelTaskCompletion(completion, response);\n        break;\n    }`,
          ),
        'MyHba.iig': iig,
      },
    },
    {
      name: 'a second completion after the variable was given another task',
      files: {
        'MyHba.cpp': head + processTask(queued) + completeTask(`${fullResponse}    ParallelTaskCompletion(completion, response);\n    completion = ivars->completions[slot + 1];\n    ParallelTaskCompletion(completion, response);`),
        'MyHba.iig': iig,
      },
    },
  ],
  invalid: [
    {
      name: 'the command goes to the hardware but the task is neither kept nor answered',
      files: {
        'MyHba.cpp': head + processTask('    uint64_t slot = parallelRequest.fControllerTaskIdentifier;\n    ivars->pci->MemoryWrite32(0, 0x40, static_cast<uint32_t>(slot));\n    ⟦return kIOReturnSuccess;⟧'),
        'MyHba.iig': iig,
      },
      findings: [{ message: "This path returns success from 'UserProcessParallelTask' without setting '*response' and without completing or keeping 'completion'", noFix: true }],
    },
    {
      name: 'a goto to the exit while the status is still success skips the hand-off',
      files: {
        'MyHba.cpp':
          head +
          processTask(
            '    kern_return_t ret = kIOReturnSuccess;\n    if (!ivars->running) {\n        goto Exit;\n    }\n    completion->retain();\n    ivars->completions[0] = completion;\n    *response = kSCSIServiceResponse_Request_In_Process;\nExit:\n    ⟦return ret;⟧',
          ),
        'MyHba.iig': iig,
      },
      findings: [{ message: "without setting '*response'" }],
    },
    {
      name: 'an error completion without a return, then the normal completion',
      files: {
        'MyHba.cpp': head + processTask(queued) + completeTask(`${fullResponse}    if (status == 0xFF) {\n        ParallelTaskCompletion(completion, response);\n    }\n    ⟦ParallelTaskCompletion⟧(completion, response);`),
        'MyHba.iig': iig,
      },
      findings: [{ message: "On this path 'completion' was already completed by an earlier 'ParallelTaskCompletion'" }],
    },
    {
      name: 'the parameter completed twice in UserProcessParallelTask (explicit _Impl form)',
      files: {
        'MyHba.cpp':
          head +
          'kern_return_t MyHba::UserProcessParallelTask_Impl(SCSIUserParallelTask parallelRequest, uint32_t * response, OSAction * completion)\n{\n    SCSIUserParallelResponse done = {};\n    done.version = kScsiUserParallelTaskResponseCurrentVersion1;\n    if (parallelRequest.fRequestedTransferCount == 0) {\n        ParallelTaskCompletion(completion, done);\n    }\n    done.fBytesTransferred = parallelRequest.fRequestedTransferCount;\n    ⟦ParallelTaskCompletion⟧(completion, done);\n    return kIOReturnSuccess;\n}\n',
        'MyHba.iig': iig,
      },
      findings: [{ message: "'completion' was already completed" }],
    },
    {
      name: 'a response on the stack completed with its status and byte count never set',
      files: {
        'MyHba.cpp':
          head +
          processTask(queued) +
          completeTask(
            '    SCSIUserParallelResponse response;\n    response.version = kScsiUserParallelTaskResponseCurrentVersion1;\n    response.fControllerTaskIdentifier = slot;\n    response.fServiceResponse = kSCSIServiceResponse_TASK_COMPLETE;\n    ParallelTaskCompletion(completion, ⟦response⟧);',
          ),
        'MyHba.iig': iig,
      },
      findings: [{ message: "'response' is completed with 'response.fCompletionStatus' and 'response.fBytesTransferred' never set" }],
    },
  ],
});
