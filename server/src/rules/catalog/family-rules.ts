// Device-family contracts (DK6xx): SCSI controllers, PCI devices, USB pipes and user clients.
import { scsiTargetCreatedTooEarly } from '../dk601-scsi-target-created-too-early';
import { scsiHbaDataTaskId } from '../dk602-scsi-hba-data-task-id';
import { scsiParallelTaskCompletion } from '../dk603-scsi-parallel-task-completion';
import { scsiControllerContract } from '../dk605-scsi-controller-contract';
import type { Rule } from '../rule';

export const FAMILY_RULES: readonly Rule[] = [scsiTargetCreatedTooEarly, scsiHbaDataTaskId, scsiParallelTaskCompletion, scsiControllerContract];
