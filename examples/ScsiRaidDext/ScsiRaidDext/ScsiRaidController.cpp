// ScsiRaidController.cpp - bundled example SAS RAID HBA dext; contains exactly four marked pitfalls (see ../EXPECTED.md).
#include <os/log.h>

#include <DriverKit/IOLib.h>
#include <DriverKit/IOUserServer.h>
#include <DriverKit/IOBufferMemoryDescriptor.h>
#include <DriverKit/IOMemoryMap.h>
#include <DriverKit/IODMACommand.h>
#include <DriverKit/IODispatchQueue.h>
#include <DriverKit/IOInterruptDispatchSource.h>
#include <DriverKit/IOTimerDispatchSource.h>
#include <DriverKit/OSCollections.h>
#include <PCIDriverKit/PCIDriverKit.h>
#include <SCSIControllerDriverKit/SCSIControllerDriverKit.h>

#include "ScsiRaidController.h"

namespace {

// BAR0 registers of the (fictional) controller.
constexpr uint64_t kRegIntStatus   = 0x30;   // write 1 to clear
constexpr uint64_t kRegIntMask     = 0x34;   // 1 = masked
constexpr uint64_t kRegInboundPost = 0x40;   // write a slot number to start that frame
constexpr uint64_t kRegReplyRingLo = 0x50;
constexpr uint64_t kRegReplyRingHi = 0x54;
constexpr uint64_t kRegReplyCount  = 0x58;
constexpr uint64_t kRegReplyTail   = 0x5C;
constexpr uint64_t kRegTaskMgmt    = 0x60;   // function << 24 | target << 8 | lun
constexpr uint64_t kRegTaskResult  = 0x64;   // 0 = function complete
constexpr uint64_t kRegHeartbeat   = 0xB0;
constexpr uint64_t kFrameWindow    = 0x1000; // one 64-byte frame per task slot
constexpr uint32_t kIntReply       = 0x1;

constexpr uint32_t kMaxTasks         = 64;
constexpr uint64_t kTaskDataSize     = 4096;
constexpr uint32_t kReplyEntries     = 256;
constexpr uint64_t kSegmentBytes     = 4096;
constexpr uint64_t kMaxSegments      = 256;
constexpr uint64_t kInitiatorID      = 7;
constexpr uint64_t kHighestTargetID  = 15;
constexpr uint64_t kHighestLUN       = 7;
constexpr uint64_t kPollIntervalNs   = 1000000000ULL;
constexpr uint64_t kPollLeewayNs     = 100000000ULL;

enum : uint32_t { kTMAbortTask = 1, kTMAbortTaskSet, kTMClearACA, kTMClearTaskSet, kTMLUNReset, kTMTargetReset };

struct RaidFrame {              // the controller's inbound frame
    uint32_t target;
    uint8_t  lun[8];
    uint8_t  cdb[16];
    uint8_t  cdbLength;
    uint8_t  direction;
    uint16_t reserved;
    uint64_t dataAddress;
    uint64_t dataLength;
    uint32_t timeoutMs;
    uint32_t tag;
    uint8_t  pad[8];
};
static_assert(sizeof(RaidFrame) == 64, "frame layout");

struct RaidReply {              // written by the controller into the reply ring
    uint16_t slot;
    uint8_t  scsiStatus;
    uint8_t  valid;
    uint32_t bytesTransferred;
};

bool SetConstraint(OSDictionary * constraints, const char * key, uint64_t value)
{
    OSNumber * number = OSNumber::withNumber(value, 64);
    if (number == nullptr) {
        return false;
    }
    bool stored = constraints->setObject(key, number);
    number->release();
    return stored;
}

} // namespace

struct ScsiRaidController_IVars {
    IOPCIDevice *               pciDevice;      // provider; DriverKit keeps it alive until Stop
    uint8_t                     memoryIndex;
    bool                        pciOpen;
    IOInterruptDispatchSource * interruptSource;
    OSAction *                  interruptAction;
    IOTimerDispatchSource *     pollTimer;
    OSAction *                  pollAction;
    IOBufferMemoryDescriptor *  replyRing;
    IOMemoryMap *               replyRingMap;
    IODMACommand *              replyRingDMA;
    bool                        replyRingPrepared;
    uint32_t                    replyTail;
    uint32_t                    taskCount;
    IOBufferMemoryDescriptor *  taskBuffers[kMaxTasks];
    IOMemoryMap *               taskMaps[kMaxTasks];
    OSAction *                  taskCompletions[kMaxTasks];
    SCSITargetIdentifier        taskTargets[kMaxTasks];
};

bool ScsiRaidController::init()
{
    if (!super::init()) {
        return false;
    }
    ivars = IONewZero(ScsiRaidController_IVars, 1);
    return ivars != nullptr;
}

void ScsiRaidController::free()
{
    if (ivars != nullptr) {
        OSSafeReleaseNULL(ivars->interruptSource);
        OSSafeReleaseNULL(ivars->interruptAction);
        OSSafeReleaseNULL(ivars->pollTimer);
        OSSafeReleaseNULL(ivars->pollAction);
        for (uint32_t slot = 0; slot < kMaxTasks; slot++) {
            OSSafeReleaseNULL(ivars->taskCompletions[slot]);
            OSSafeReleaseNULL(ivars->taskMaps[slot]);
            OSSafeReleaseNULL(ivars->taskBuffers[slot]);
        }
        ReleaseReplyRing();
    }
    IOSafeDeleteNULL(ivars, ScsiRaidController_IVars, 1);
    super::free();
}

kern_return_t IMPL(ScsiRaidController, Start)
{
    kern_return_t ret = Start(provider, SUPERDISPATCH);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ivars->pciDevice = OSDynamicCast(IOPCIDevice, provider);
    if (ivars->pciDevice == nullptr) {
        Stop(provider, SUPERDISPATCH);
        return kIOReturnNoDevice;
    }
    return kIOReturnSuccess;    // the PCI session is opened in UserInitializeController
}

kern_return_t IMPL(ScsiRaidController, Stop)
{
    __block _Atomic uint32_t remaining = 0;

    if (ivars->pciOpen) {       // silence the controller before the sources go away
        ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegIntMask, 0xFFFFFFFF);
        ivars->pciDevice->Close(this, 0);
        ivars->pciOpen = false;
    }
    if (ivars->interruptSource != nullptr) { remaining++; }
    if (ivars->interruptAction != nullptr) { remaining++; }
    if (ivars->pollTimer != nullptr)       { remaining++; }
    if (ivars->pollAction != nullptr)      { remaining++; }
    if (remaining == 0) {
        return Stop(provider, SUPERDISPATCH);
    }
    // Whichever cancel handler runs last passes Stop on to the superclass.
    if (ivars->interruptSource != nullptr) {
        ivars->interruptSource->Cancel(^{
            if (--remaining == 0) { Stop(provider, SUPERDISPATCH); }
        });
    }
    if (ivars->interruptAction != nullptr) {
        ivars->interruptAction->Cancel(^{
            if (--remaining == 0) { Stop(provider, SUPERDISPATCH); }
        });
    }
    if (ivars->pollTimer != nullptr) {
        ivars->pollTimer->Cancel(^{
            if (--remaining == 0) { Stop(provider, SUPERDISPATCH); }
        });
    }
    if (ivars->pollAction != nullptr) {
        ivars->pollAction->Cancel(^{
            if (--remaining == 0) { Stop(provider, SUPERDISPATCH); }
        });
    }
    return kIOReturnSuccess;
}

kern_return_t IMPL(ScsiRaidController, SetPowerState)
{
    os_log(OS_LOG_DEFAULT, "ScsiRaidController: power state 0x%x", powerFlags);
    return SetPowerState(powerFlags, SUPERDISPATCH);
}

kern_return_t IMPL(ScsiRaidController, UserInitializeController)
{
    uint16_t command = 0;
    uint64_t barSize = 0;
    uint8_t barType = 0;
    OSDictionary * constraints = nullptr;

    kern_return_t ret = ivars->pciDevice->Open(this, 0);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ivars->pciOpen = true;
    ivars->pciDevice->ConfigurationRead16(kIOPCIConfigurationOffsetCommand, &command);
    ivars->pciDevice->ConfigurationWrite16(kIOPCIConfigurationOffsetCommand,
                                           command | kIOPCICommandBusMaster | kIOPCICommandMemorySpace);
    ret = ivars->pciDevice->GetBARInfo(kPCIMemoryRangeBAR0, &ivars->memoryIndex, &barSize, &barType);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegIntMask, 0xFFFFFFFF);

    ret = CreateEventSources();
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ret = AllocateReplyRing();
    if (ret != kIOReturnSuccess) {
        return ret;
    }

    // Every one of the seven required keys must be present, or the kernel panics.
    constraints = OSDictionary::withCapacity(7);
    if (constraints == nullptr) {
        return kIOReturnNoMemory;
    }
    if (!SetConstraint(constraints, kIOMaximumSegmentCountReadKey, kMaxSegments) ||
        !SetConstraint(constraints, kIOMaximumSegmentCountWriteKey, kMaxSegments) ||
        !SetConstraint(constraints, kIOMaximumSegmentByteCountReadKey, kSegmentBytes) ||
        !SetConstraint(constraints, kIOMaximumSegmentByteCountWriteKey, kSegmentBytes) ||
        !SetConstraint(constraints, kIOMinimumSegmentAlignmentByteCountKey, 4) ||
        !SetConstraint(constraints, kIOMaximumSegmentAddressableBitCountKey, 64) ||
        !SetConstraint(constraints, kIOMinimumHBADataAlignmentMaskKey, 0xFFFFFFFFFFFFFFFFULL)) {
        OSSafeReleaseNULL(constraints);
        return kIOReturnNoMemory;
    }
    ret = UserReportHBAConstraints(constraints);
    OSSafeReleaseNULL(constraints);
    return ret;
}

kern_return_t IMPL(ScsiRaidController, UserStartController)
{
    kern_return_t ret = ivars->interruptSource->SetEnable(true);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegIntMask, ~kIntReply);
    return ivars->pollTimer->WakeAtTime(kIOTimerClockMonotonicRaw,
                                        clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW) + kPollIntervalNs, kPollLeewayNs);
}

// The framework creates targets 0...kHighestTargetID itself (device management is off).
kern_return_t IMPL(ScsiRaidController, UserReportInitiatorIdentifier)      { *id = kInitiatorID; return kIOReturnSuccess; }
kern_return_t IMPL(ScsiRaidController, UserReportHighestSupportedDeviceID) { *id = kHighestTargetID; return kIOReturnSuccess; }
kern_return_t IMPL(ScsiRaidController, UserReportMaximumTaskCount)         { *count = kMaxTasks; return kIOReturnSuccess; }
kern_return_t IMPL(ScsiRaidController, UserReportHBAHighestLogicalUnitNumber) { *value = kHighestLUN; return kIOReturnSuccess; }
kern_return_t IMPL(ScsiRaidController, UserDoesHBAPerformDeviceManagement)  { *result = false; return kIOReturnSuccess; }
kern_return_t IMPL(ScsiRaidController, UserDoesHBASupportSCSIParallelFeature) { *result = false; return kIOReturnSuccess; }
kern_return_t IMPL(ScsiRaidController, UserDoesHBAPerformAutoSense)         { *result = false; return kIOReturnSuccess; }
kern_return_t IMPL(ScsiRaidController, UserDoesHBASupportMultiPathing)      { *result = false; return kIOReturnSuccess; }

kern_return_t IMPL(ScsiRaidController, UserInitializeTargetForID)
{
    return (targetID <= kHighestTargetID && targetID != kInitiatorID) ? kIOReturnSuccess : kIOReturnNoDevice;
}

kern_return_t IMPL(ScsiRaidController, UserGetDMASpecification)
{
    *maxTransferSize = kSegmentBytes * kMaxSegments;
    *alignment = 4;
    *numAddressBits = 64;
    *segmentType = kDMAOutputSegmentLittle64;
    return kIOReturnSuccess;
}

kern_return_t IMPL(ScsiRaidController, UserMapHBAData)
{
    IOBufferMemoryDescriptor * buffer = nullptr;
    IOMemoryMap * map = nullptr;
    uint32_t slot = ivars->taskCount;
    kern_return_t ret = kIOReturnNoResources;

    if (slot >= kMaxTasks) {
        goto Exit;
    }
    ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, kTaskDataSize, 0, &buffer);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    buffer->SetLength(kTaskDataSize);
    ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    ivars->taskBuffers[slot] = buffer;      // the ivars own both objects now
    ivars->taskMaps[slot] = map;
    buffer = nullptr;
    map = nullptr;
    ivars->taskCount = slot + 1;
    *uniqueTaskID = slot;                   // comes back as fControllerTaskIdentifier

Exit:
    OSSafeReleaseNULL(map);
    OSSafeReleaseNULL(buffer);
    return ret;
}

kern_return_t ScsiRaidController::AllocateReplyRing()
{
    IOBufferMemoryDescriptor * buffer = nullptr;
    IOMemoryMap * map = nullptr;
    IODMACommandSpecification spec = {};
    IOAddressSegment segments[32] = {};
    uint32_t segmentCount = 32;
    uint64_t flags = 0;
    uint64_t size = kReplyEntries * sizeof(RaidReply);

    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, size, 0, &buffer);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    buffer->SetLength(size);
    ret = buffer->CreateMapping(0, 0, 0, 0, 0, &map);
    if (ret != kIOReturnSuccess) {
        // PITFALL DK201: `buffer` still holds the +1 reference from Create and nothing releases it on this path.
        return ret;
    }
    ivars->replyRing = buffer;              // from here on free() owns both objects
    ivars->replyRingMap = map;
    bzero(reinterpret_cast<void *>(map->GetAddress()), size);

    spec.options = kIODMACommandSpecificationNoOptions;
    spec.maxAddressBits = 64;
    ret = IODMACommand::Create(ivars->pciDevice, kIODMACommandCreateNoOptions, &spec, &ivars->replyRingDMA);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ret = ivars->replyRingDMA->PrepareForDMA(kIODMACommandPrepareForDMANoOptions, ivars->replyRing, 0, 0,
                                             &flags, &segmentCount, segments);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ivars->replyRingPrepared = true;
    if (segmentCount != 1) {
        return kIOReturnNoResources;        // the controller needs one contiguous ring
    }
    ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegReplyRingLo, static_cast<uint32_t>(segments[0].address));
    ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegReplyRingHi, static_cast<uint32_t>(segments[0].address >> 32));
    ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegReplyCount, kReplyEntries);
    return kIOReturnSuccess;
}

void ScsiRaidController::ReleaseReplyRing()
{
    if (ivars->replyRingPrepared) {
        ivars->replyRingDMA->CompleteDMA(kIODMACommandCompleteDMANoOptions);
        ivars->replyRingPrepared = false;
    }
    OSSafeReleaseNULL(ivars->replyRingDMA);
    OSSafeReleaseNULL(ivars->replyRingMap);
    if (ivars->replyRing != nullptr) {
        // PITFALL DK202: free() bypasses the retain count, so any other reference or later release is a use-after-free.
        ivars->replyRing->free();
        ivars->replyRing = nullptr;
    }
}

kern_return_t ScsiRaidController::CreateEventSources()
{
    IODispatchQueue * defaultQueue = nullptr;
    uint64_t interruptType = 0;
    uint32_t index = 0;

    kern_return_t ret = CopyDispatchQueue(kIOServiceDefaultQueueName, &defaultQueue);
    if (ret != kIOReturnSuccess) {
        return ret;
    }
    ret = ivars->pciDevice->ConfigureInterrupts(kIOInterruptTypePCIMessaged, 1, 1, 0);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    // MSI vectors follow any legacy entry, so look the first one up instead of assuming index 0.
    for (index = 0; index < 8; index++) {
        ret = IOInterruptDispatchSource::GetInterruptType(ivars->pciDevice, index, &interruptType);
        if (ret != kIOReturnSuccess || (interruptType & kIOInterruptTypePCIMessaged) != 0) {
            break;
        }
    }
    if (ret != kIOReturnSuccess || index == 8) {
        ret = kIOReturnNotFound;
        goto Exit;
    }
    ret = IOInterruptDispatchSource::Create(ivars->pciDevice, index, defaultQueue, &ivars->interruptSource);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    ret = CreateActionInterruptOccurred(0, &ivars->interruptAction);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    ret = ivars->interruptSource->SetHandler(ivars->interruptAction);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    ret = IOTimerDispatchSource::Create(defaultQueue, &ivars->pollTimer);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    // PITFALL DK103: zero message ids never reach PollTimerFired; CreateActionPollTimerFired builds the typed action.
    ret = OSAction::Create(this, 0, 0, 0, &ivars->pollAction);
    if (ret != kIOReturnSuccess) {
        goto Exit;
    }
    ret = ivars->pollTimer->SetHandler(ivars->pollAction);

Exit:
    OSSafeReleaseNULL(defaultQueue);
    return ret;
}

void IMPL(ScsiRaidController, InterruptOccurred)
{
    uint32_t status = 0;
    if (!ivars->pciOpen) {
        return;
    }
    ivars->pciDevice->MemoryRead32(ivars->memoryIndex, kRegIntStatus, &status);
    if (status == 0xFFFFFFFF || (status & kIntReply) == 0) {
        return;                 // surprise removal, or not ours
    }
    ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegIntStatus, status);
    DrainReplyRing();
}

void IMPL(ScsiRaidController, PollTimerFired)
{
    uint32_t heartbeat = 0;
    if (!ivars->pciOpen) {
        return;
    }
    ivars->pciDevice->MemoryRead32(ivars->memoryIndex, kRegHeartbeat, &heartbeat);
    if (heartbeat == 0xFFFFFFFF) {
        os_log(OS_LOG_DEFAULT, "ScsiRaidController: firmware heartbeat lost");
    }
    DrainReplyRing();           // picks up replies whose interrupt was coalesced away
    ivars->pollTimer->WakeAtTime(kIOTimerClockMonotonicRaw,
                                 clock_gettime_nsec_np(CLOCK_MONOTONIC_RAW) + kPollIntervalNs, kPollLeewayNs);
}

void ScsiRaidController::DrainReplyRing()
{
    if (ivars->replyRingMap == nullptr) {
        return;
    }
    RaidReply * ring = reinterpret_cast<RaidReply *>(ivars->replyRingMap->GetAddress());
    while (ring[ivars->replyTail].valid != 0) {
        RaidReply reply = ring[ivars->replyTail];
        ring[ivars->replyTail].valid = 0;
        ivars->replyTail = (ivars->replyTail + 1) % kReplyEntries;
        CompleteTask(reply.slot, reply.scsiStatus, reply.bytesTransferred);
    }
    ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegReplyTail, ivars->replyTail);
}

kern_return_t IMPL(ScsiRaidController, UserProcessParallelTask)
{
    uint64_t slot = parallelRequest.fControllerTaskIdentifier;
    if (slot >= ivars->taskCount || ivars->taskCompletions[slot] != nullptr) {
        return kIOReturnBadArgument;
    }
    RaidFrame * frame = reinterpret_cast<RaidFrame *>(ivars->taskMaps[slot]->GetAddress());
    bzero(frame, sizeof(*frame));
    frame->target = static_cast<uint32_t>(parallelRequest.fTargetID);
    memcpy(frame->lun, parallelRequest.fLogicalUnitBytes, sizeof(frame->lun));
    memcpy(frame->cdb, parallelRequest.fCommandDescriptorBlock, sizeof(frame->cdb));
    frame->cdbLength = parallelRequest.fCommandSize;
    frame->direction = parallelRequest.fTransferDirection;
    frame->dataAddress = parallelRequest.fBufferIOVMAddr;  // one IOVM segment covers the whole transfer
    frame->dataLength = parallelRequest.fRequestedTransferCount;
    frame->timeoutMs = parallelRequest.fTimeoutInMilliSec;
    frame->tag = static_cast<uint32_t>(slot);

    completion->retain();               // held until CompleteTask hands it back
    ivars->taskCompletions[slot] = completion;
    ivars->taskTargets[slot] = parallelRequest.fTargetID;
    PostFrame(static_cast<uint32_t>(slot));
    *response = kSCSIServiceResponse_Request_In_Process;
    return kIOReturnSuccess;
}

void ScsiRaidController::PostFrame(uint32_t slot)
{
    const uint32_t * words = reinterpret_cast<const uint32_t *>(ivars->taskMaps[slot]->GetAddress());
    uint64_t window = kFrameWindow + slot * sizeof(RaidFrame);
    for (uint32_t i = 0; i < sizeof(RaidFrame) / sizeof(uint32_t); i++) {
        ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, window + i * sizeof(uint32_t), words[i]);
    }
    ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegInboundPost, slot);
}

void ScsiRaidController::CompleteTask(uint32_t slot, uint8_t scsiStatus, uint32_t bytesTransferred)
{
    if (slot >= ivars->taskCount || ivars->taskCompletions[slot] == nullptr) {
        return;
    }
    OSAction * completion = ivars->taskCompletions[slot];
    ivars->taskCompletions[slot] = nullptr;

    SCSIUserParallelResponse response = {};
    response.version = kScsiUserParallelTaskResponseCurrentVersion1;
    response.fTargetID = ivars->taskTargets[slot];
    response.fControllerTaskIdentifier = slot;
    response.fCompletionStatus = static_cast<SCSITaskStatus>(scsiStatus);
    response.fServiceResponse = kSCSIServiceResponse_TASK_COMPLETE;
    response.fBytesTransferred = bytesTransferred;
    ParallelTaskCompletion(completion, response);
    completion->release();
}

kern_return_t IMPL(ScsiRaidController, UserMapBundledParallelTaskCommandAndResponseBuffers)
{
    return kIOReturnError;              // decline the shared buffers: keep using UserProcessParallelTask
}

void IMPL(ScsiRaidController, UserProcessBundledParallelTasks)
{
    // Not reached while the buffers are declined; if it ever is, give every slot straight back.
    BundledParallelTaskCompletion(completion, parallelRequestSlotIndices, parallelRequestSlotIndicesCount);
}

kern_return_t ScsiRaidController::SendTaskManagement(uint32_t function, uint64_t target, uint64_t lun, uint32_t * response)
{
    uint32_t result = 0xFFFFFFFF;
    if (ivars->pciOpen && target <= kHighestTargetID && lun <= kHighestLUN) {
        ivars->pciDevice->MemoryWrite32(ivars->memoryIndex, kRegTaskMgmt,
                                        (function << 24) | static_cast<uint32_t>(target << 8) | static_cast<uint32_t>(lun));
        ivars->pciDevice->MemoryRead32(ivars->memoryIndex, kRegTaskResult, &result);
    }
    *response = (result == 0) ? kSCSIServiceResponse_FUNCTION_COMPLETE : kSCSIServiceResponse_FUNCTION_REJECTED;
    return kIOReturnSuccess;
}

kern_return_t IMPL(ScsiRaidController, UserAbortTaskRequest)
{
    (void)theQ;     // the firmware aborts by nexus, not by tag
    return SendTaskManagement(kTMAbortTask, theT, theL, response);
}

kern_return_t IMPL(ScsiRaidController, UserAbortTaskSetRequest) { return SendTaskManagement(kTMAbortTaskSet, theT, theL, response); }
kern_return_t IMPL(ScsiRaidController, UserClearACARequest)     { return SendTaskManagement(kTMClearACA, theT, theL, response); }
kern_return_t IMPL(ScsiRaidController, UserClearTaskSetRequest) { return SendTaskManagement(kTMClearTaskSet, theT, theL, response); }
kern_return_t IMPL(ScsiRaidController, UserLogicalUnitResetRequest) { return SendTaskManagement(kTMLUNReset, theT, theL, response); }
kern_return_t IMPL(ScsiRaidController, UserTargetResetRequest)  { return SendTaskManagement(kTMTargetReset, theT, 0, response); }
