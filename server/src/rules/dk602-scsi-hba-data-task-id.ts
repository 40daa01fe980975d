// DK602: UserMapHBAData must hand every task a unique ID and keep per-task data in per-task slots.
import { slice } from '../model/calls';
import type { FileModel } from '../model/file-model';
import { containsSyntaxError } from '../model/node-index';
import { rangeOf } from '../model/syntax-helpers';
import { defineRule, type Finding, type RuleContext } from './rule';
import { controllerScopes, outParameterMethod, type ControllerScope } from './support/scsi/controller-scope';
import { SCSI } from './support/scsi/facts';
import { constantTaskId, reportedTaskCount, singleIvarCreations, uncheckedCounterIndexes, unsetTaskIdExits } from './support/scsi/task-ids';

export const scsiHbaDataTaskId = defineRule(
  {
    code: 'DK602',
    name: 'scsi-hba-data-task-id',
    summary: '`UserMapHBAData` runs once for every task the kernel pre-allocates: it must store a unique ID in `*uniqueTaskID` before every successful return and keep each task\'s data in its own, bounds-checked slot.',
    category: 'family',
    defaultSeverity: 'warning',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => controllerScopes(file, context).flatMap(checkMapHbaData),
);

function checkMapHbaData(scope: ControllerScope): Finding[] {
  const method = outParameterMethod(scope, SCSI.mapTaskDataMethod);
  if (!method || containsSyntaxError(method.fn.body)) return [];
  const { fn, name } = method;
  const text = scope.file.text;
  const findings: Finding[] = [];
  for (const exit of unsetTaskIdExits(scope, fn, name) ?? []) {
    findings.push({
      range: rangeOf(exit),
      message: `This path returns success from '${SCSI.mapTaskDataMethod.name}' without storing a task ID in '*${name}', so the kernel cannot tell this task from the others; store a unique ID (such as the task's slot number) before returning.`,
    });
  }
  const constant = constantTaskId(scope, fn, name);
  if (constant && reportedTaskCount(scope) !== 1n) {
    findings.push({
      range: rangeOf(constant.store),
      message: `'${SCSI.mapTaskDataMethod.name}' gives every task the same ID ${constant.value}, but the kernel identifies each task by the ID it returns; store a different ID on each call, such as the task's slot number.`,
    });
  }
  for (const index of uncheckedCounterIndexes(scope, fn)) {
    const increment = slice(text, index.subscript.childForFieldName('indices') ?? index.subscript).replace(/^\[|\]$/g, '').trim();
    findings.push({
      range: rangeOf(index.subscript),
      message: index.overflow
        ? `'${index.array}' has ${index.overflow.slots} slots but '${SCSI.taskCountMethod.name}' reports ${index.overflow.tasks} tasks, so indexing it with '${increment}' writes past the end of the ivars on the last call; make the array one task larger or start the counter lower.`
        : `'${index.array}' is indexed with '${increment}' without comparing '${index.counter}' to the array's size first, so a call more than the array has slots writes past the end of the ivars; return an error when the counter reaches the size.`,
    });
  }
  if (reportedTaskCount(scope) !== 1n) {
    for (const creation of singleIvarCreations(scope, fn)) {
      findings.push({
        range: creation.call.calleeRange,
        message: `'${SCSI.mapTaskDataMethod.name}' runs once per task, but '${slice(text, creation.call.node.childForFieldName('function') ?? creation.call.node)}' stores each task's object in the single ivar '${creation.ivar}', which leaks and replaces the previous task's; keep one per task in an array indexed by the task ID.`,
      });
    }
  }
  return findings;
}
