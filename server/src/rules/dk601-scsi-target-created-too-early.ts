// DK601: UserCreateTargetForID called where the target can never come up (default queue, initiator ID, kernel-managed targets).
import { slice } from '../model/calls';
import type { FileModel } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import { defineRule, type Finding, type RuleContext } from './rule';
import { controllerScopes, type ControllerScope } from './support/scsi/controller-scope';
import { SCSI } from './support/scsi/facts';
import { constantOf, creationsOnDefaultQueue, deviceManagementOff, reportedConstant, targetCreations } from './support/scsi/targets';

export const scsiTargetCreatedTooEarly = defineRule(
  {
    code: 'DK601',
    name: 'scsi-target-created-too-early',
    summary: 'Call `UserCreateTargetForID` from a method that runs on the `AuxiliaryQueue`, never synchronously from a default-queue method such as `UserStartController`, and only for target IDs the kernel does not create or reject itself.',
    category: 'family',
    defaultSeverity: 'error',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => controllerScopes(file, context).flatMap(checkTargets),
);

function checkTargets(scope: ControllerScope): Finding[] {
  const { file } = scope;
  const create = SCSI.createTargetMethod;
  const findings: Finding[] = [];
  for (const { call, entry, helper } of creationsOnDefaultQueue(scope)) {
    const where = helper ? `'${helper.methodName}', which '${entry.methodName}' calls on the default queue` : `'${entry.methodName}', which runs on the default queue`;
    findings.push({
      range: call.calleeRange,
      message: `'${create}' is called synchronously from ${where}; the kernel calls '${SCSI.initializeTargetMethod}' back on that same queue, so target creation hangs. Call it from a method declared with 'QUEUENAME(AuxiliaryQueue)' (an action you send to yourself) instead.`,
      related: [{ uri: file.uri, range: entry.nameRange, message: `'${entry.methodName}' runs on the dext's default queue.` }],
    });
  }
  const creations = targetCreations(scope);
  const initiator = reportedConstant(scope, SCSI.initiatorMethod);
  if (initiator) {
    for (const { call, fn } of creations) {
      const target = call.args[0];
      if (!target || constantOf(scope, fn, target) !== initiator.value) continue;
      findings.push({
        range: rangeOf(target),
        message: `Target ID '${slice(file.text, target)}' is the initiator ID that '${SCSI.initiatorMethod.name}' reports, and the kernel never creates a target with the HBA's own ID; use a different target ID.`,
        related: [{ uri: file.uri, range: rangeOf(initiator.store), message: 'The initiator ID the controller reports.' }],
      });
    }
  }
  const managedByKernel = deviceManagementOff(scope);
  if (managedByKernel) {
    const highest = reportedConstant(scope, SCSI.highestTargetMethod)?.value;
    for (const { call, fn } of creations) {
      // The kernel only creates the IDs up to the highest one reported; a constant beyond it is not a duplicate.
      const id = call.args[0] ? constantOf(scope, fn, call.args[0]) : undefined;
      if (typeof id === 'bigint' && typeof highest === 'bigint' && id > highest) continue;
      findings.push({
        range: call.calleeRange,
        message: `'${SCSI.deviceManagementMethod.name}' reports false, so the kernel itself creates a target for every ID from 0 to the highest supported one and rejects this duplicate '${create}'; report true if the driver creates its own targets, or remove the call.`,
        related: [{ uri: file.uri, range: rangeOf(managedByKernel), message: 'Device management is left to the kernel here.' }],
      });
    }
  }
  return findings;
}
