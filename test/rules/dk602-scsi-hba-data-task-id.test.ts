// Case table for DK602 scsi-hba-data-task-id.
import { scsiHbaDataTaskId } from '../../server/src/rules/dk602-scsi-hba-data-task-id';
import { ruleTester } from '../helpers/rule-tester';

const iig =
  '#include <DriverKit/IOService.iig>\n#include <SCSIControllerDriverKit/IOUserSCSIParallelInterfaceController.iig>\n\nclass MyHba : public IOUserSCSIParallelInterfaceController\n{\npublic:\n    virtual kern_return_t UserReportMaximumTaskCount(uint32_t * count) override;\n    virtual kern_return_t UserMapHBAData(uint32_t * uniqueTaskID) override;\n    kern_return_t AllocateTaskSlot(uint32_t * taskID) LOCALONLY;\n};\n';

const head = (ivars: string): string =>
  `#include <DriverKit/DriverKit.h>\n#include <SCSIControllerDriverKit/SCSIControllerDriverKit.h>\n#include "MyHba.h"\n\n#define kMaxTasks 64\n\nstruct MyHba_IVars {\n${ivars}};\n\n`;
const taskCount = (value: string): string => `kern_return_t IMPL(MyHba, UserReportMaximumTaskCount)\n{\n    *count = ${value};\n    return kIOReturnSuccess;\n}\n\n`;
const mapHbaData = (body: string): string => `kern_return_t IMPL(MyHba, UserMapHBAData)\n{\n${body}\n}\n`;
const arrayIvars = '    IOBufferMemoryDescriptor * taskData[kMaxTasks];\n    uint32_t nextTask;\n';
const file = (parts: { ivars?: string; count?: string; body: string }): string => head(parts.ivars ?? arrayIvars) + (parts.count ? taskCount(parts.count) : '') + mapHbaData(parts.body);

ruleTester(scsiHbaDataTaskId, {
  valid: [
    {
      name: 'a bounds check with __Require_Action, then the counter as the ID',
      files: { 'MyHba.cpp': file({ body: '    kern_return_t ret = kIOReturnSuccess;\n    __Require_Action(ivars->nextTask < kMaxTasks, Exit, ret = kIOReturnNoResources);\n    *uniqueTaskID = ivars->nextTask++;\nExit:\n    return ret;' }), 'MyHba.iig': iig },
    },
    {
      name: 'a per-task buffer kept in a checked slot, goto-Exit cleanup',
      files: {
        'MyHba.cpp': file({
          body: '    IOBufferMemoryDescriptor * buffer = nullptr;\n    uint32_t slot = ivars->nextTask;\n    kern_return_t ret = kIOReturnNoResources;\n    if (slot >= kMaxTasks) {\n        goto Exit;\n    }\n    ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 4096, 0, &buffer);\n    if (ret != kIOReturnSuccess) {\n        goto Exit;\n    }\n    ivars->taskData[slot] = buffer;\n    buffer = nullptr;\n    ivars->nextTask = slot + 1;\n    *uniqueTaskID = slot;\nExit:\n    OSSafeReleaseNULL(buffer);\n    return ret;',
        }),
        'MyHba.iig': iig,
      },
    },
    {
      name: "Apple's sample shape, with a table one slot larger than the task count",
      files: {
        'MyHba.cpp': file({
          ivars: '    IOBufferMemoryDescriptor * taskData[kMaxTasks + 1];\n    uint32_t nextTask;\n',
          count: 'kMaxTasks',
          body: '    IOBufferMemoryDescriptor * buffer = nullptr;\n    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 4096, 0, &buffer);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    ivars->taskData[++ivars->nextTask] = buffer;\n    *uniqueTaskID = ivars->nextTask;\n    return kIOReturnSuccess;',
        }),
        'MyHba.iig': iig,
      },
    },
    {
      name: 'a helper fills in the ID',
      files: {
        'MyHba.cpp': file({ body: '    kern_return_t ret = AllocateTaskSlot(uniqueTaskID);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    return kIOReturnSuccess;' }),
        'MyHba.iig': iig,
      },
    },
    {
      name: 'a staging ivar moved into the per-task table on every call',
      files: {
        'MyHba.cpp': file({
          ivars: `${arrayIvars}    IOBufferMemoryDescriptor * staging;\n`,
          body: '    if (ivars->nextTask >= kMaxTasks) {\n        return kIOReturnNoResources;\n    }\n    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 4096, 0, &ivars->staging);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    ivars->taskData[ivars->nextTask] = ivars->staging;\n    ivars->staging = nullptr;\n    *uniqueTaskID = ivars->nextTask++;\n    return kIOReturnSuccess;',
        }),
        'MyHba.iig': iig,
      },
    },
    {
      name: 'the snippet shape: IDs from 1, checked against the table size',
      files: {
        'MyHba.cpp': file({
          body: '    const uint32_t slotCount = sizeof(ivars->taskData) / sizeof(ivars->taskData[0]);\n    const uint32_t taskID = ivars->nextTask + 1;\n    if (taskID >= slotCount) {\n        return kIOReturnNoResources;\n    }\n    ivars->nextTask = taskID;\n    *uniqueTaskID = taskID;\n    return kIOReturnSuccess;',
        }),
        'MyHba.iig': iig,
      },
    },
  ],
  invalid: [
    {
      name: 'the ID is never stored (the parameter is only voided)',
      files: { 'MyHba.cpp': file({ body: '    // No per-task data yet.\n    (void)uniqueTaskID;\n    ⟦return kIOReturnSuccess;⟧' }), 'MyHba.iig': iig },
      findings: [{ message: "This path returns success from 'UserMapHBAData' without storing a task ID in '*uniqueTaskID'", noFix: true }],
    },
    {
      name: 'one path jumps to the exit with success before the ID is stored',
      files: {
        'MyHba.cpp': file({
          body: '    kern_return_t ret = kIOReturnSuccess;\n    if (ivars->nextTask >= kMaxTasks) {\n        ret = kIOReturnNoResources;\n        goto Exit;\n    }\n    if (ivars->taskData[0] != nullptr) {\n        goto Exit;\n    }\n    *uniqueTaskID = ivars->nextTask++;\nExit:\n    ⟦return ret;⟧',
        }),
        'MyHba.iig': iig,
      },
      findings: [{ message: "without storing a task ID in '*uniqueTaskID'" }],
    },
    {
      name: 'every task gets ID 0',
      files: { 'MyHba.cpp': file({ body: '    ⟦*uniqueTaskID = 0⟧;\n    return kIOReturnSuccess;' }), 'MyHba.iig': iig },
      findings: [{ message: "'UserMapHBAData' gives every task the same ID 0" }],
    },
    {
      name: 'a fixed-size table indexed with an unchecked counter',
      files: {
        'MyHba.cpp': file({
          count: 'ivars->queueDepth',
          body: '    IOBufferMemoryDescriptor * buffer = nullptr;\n    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 4096, 0, &buffer);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    *uniqueTaskID = ivars->nextTask;\n    ⟦ivars->taskData[ivars->nextTask++]⟧ = buffer;\n    return kIOReturnSuccess;',
        }),
        'MyHba.iig': iig,
      },
      findings: [{ message: "'ivars->taskData' is indexed with 'ivars->nextTask++' without comparing 'ivars->nextTask' to the array's size first" }],
    },
    {
      name: "Apple's sample shape with a table exactly as large as the task count: the pre-increment overruns it",
      files: {
        'MyHba.cpp': file({
          count: 'kMaxTasks',
          body: '    IOBufferMemoryDescriptor * buffer = nullptr;\n    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, 4096, 0, &buffer);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    ⟦ivars->taskData[++ivars->nextTask]⟧ = buffer;\n    *uniqueTaskID = ivars->nextTask;\n    return kIOReturnSuccess;',
        }),
        'MyHba.iig': iig,
      },
      findings: [{ message: "'ivars->taskData' has 64 slots but 'UserReportMaximumTaskCount' reports 64 tasks" }],
    },
    {
      name: 'every call creates the task buffer into the same ivar',
      files: {
        'MyHba.cpp': file({
          ivars: '    IOBufferMemoryDescriptor * taskBuffer;\n    uint32_t nextTask;\n',
          body: '    kern_return_t ret = ⟦IOBufferMemoryDescriptor::Create⟧(kIOMemoryDirectionInOut, 4096, 0, &ivars->taskBuffer);\n    if (ret != kIOReturnSuccess) {\n        return ret;\n    }\n    ivars->taskBuffer->SetLength(4096);\n    *uniqueTaskID = ivars->nextTask++;\n    return kIOReturnSuccess;',
        }),
        'MyHba.iig': iig,
      },
      findings: [{ message: "stores each task's object in the single ivar 'ivars->taskBuffer'" }],
    },
  ],
});
