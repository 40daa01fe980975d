// DK603: every SCSI task is answered exactly once, with a response whose status and byte count were filled in.
import type { FileModel } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import { defineRule, type Finding, type RuleContext } from './rule';
import { completionVariables, repeatedCompletions, unansweredTaskExits } from './support/scsi/completions';
import { controllerScopes, type ControllerScope } from './support/scsi/controller-scope';
import { SCSI } from './support/scsi/facts';
import { completedResponses } from './support/scsi/responses';

export const scsiParallelTaskCompletion = defineRule(
  {
    code: 'DK603',
    name: 'scsi-parallel-task-completion',
    summary: 'Every successful return from `UserProcessParallelTask` must answer its task (set `*response` or complete it with `ParallelTaskCompletion`), no path may complete a task twice, and a completed response must have its status and byte count set.',
    category: 'family',
    defaultSeverity: 'warning',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => controllerScopes(file, context).flatMap(checkCompletions),
);

function checkCompletions(scope: ControllerScope): Finding[] {
  const findings: Finding[] = [];
  const taskExits = unansweredTaskExits(scope);
  for (const exit of taskExits?.unanswered ?? []) {
    findings.push({
      range: rangeOf(exit),
      message: `This path returns success from '${SCSI.processTaskMethod.name}' without setting '*${taskExits?.response}' and without completing or keeping '${taskExits?.completion}', so nothing ever answers this task; set '*${taskExits?.response} = kSCSIServiceResponse_Request_In_Process' once the task is queued, or call '${SCSI.completionMethod}' first.`,
    });
  }
  const reported = new Set<number>();
  for (const { fn, variable } of completionVariables(scope)) {
    for (const call of repeatedCompletions(scope, fn, variable)) {
      if (reported.has(call.startIndex)) continue;
      reported.add(call.startIndex);
      findings.push({
        range: rangeOf(call.childForFieldName('function') ?? call),
        message: `On this path '${variable}' was already completed by an earlier '${SCSI.completionMethod}', so the task is completed twice; return after the first completion.`,
      });
    }
  }
  for (const completed of completedResponses(scope)) {
    const { writes } = completed;
    if (writes.unknown || writes.zeroFilled) continue;
    const missing = SCSI.responseStatusFields.filter((field) => !writes.fields.has(field));
    if (missing.length === 0) continue;
    const fields = missing.map((f) => `'${completed.name}.${f}'`).join(' and ');
    findings.push({
      range: rangeOf(completed.argument),
      message: `'${completed.name}' is completed with ${fields} never set, so the kernel reads uninitialised stack memory as the task's result; assign ${missing.length > 1 ? 'them' : 'it'} before '${SCSI.completionMethod}'.`,
    });
  }
  return findings;
}
