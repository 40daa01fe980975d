// DK605: what the kernel enforces for a SCSI controller dext: constraints, task count, response version, overrides.
import type { FileModel } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import { defineRule, type Finding, type RuleContext } from './rule';
import { constraintProblems, type ConstraintProblem } from './support/scsi/constraints';
import { overrideGaps, setVersionFix, zeroTaskCount } from './support/scsi/contract';
import { controllerScopes, type ControllerScope } from './support/scsi/controller-scope';
import { SCSI } from './support/scsi/facts';
import { completedResponses } from './support/scsi/responses';

const BASE = SCSI.controllerClass;

export const scsiControllerContract = defineRule(
  {
    code: 'DK605',
    name: 'scsi-controller-contract',
    summary: 'A SCSI controller dext must meet what the kernel enforces: all seven HBA constraint keys reported inside `UserInitializeController`, a task count above zero, `version` set in every completed response, and every pure virtual `User*` method overridden (and no `UserStopController`, which DriverKit never calls).',
    category: 'family',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['iig', 'cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => (file.kind === 'iig' ? checkInterface(file, context) : controllerScopes(file, context).flatMap(checkImplementation)),
);

function checkInterface(file: FileModel, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const gap of overrideGaps(file, context)) {
    const name = gap.decl.name;
    if (gap.missing.length > 0) {
      const list = gap.missing.map((m) => `'${m}'`).join(', ');
      findings.push({
        range: gap.decl.nameRange,
        message: `'${name}' does not override ${list}, which '${BASE}' declares pure virtual, so the class cannot be instantiated; declare ${gap.missing.length > 1 ? 'them' : 'it'} in this .iig and implement ${gap.missing.length > 1 ? 'them' : 'it'}.`,
      });
    }
    if (gap.halfBundled) {
      const [declared, missing] = gap.halfBundled;
      findings.push({
        range: gap.decl.nameRange,
        message: `'${name}' overrides '${declared}' but not '${missing}'; SDKs that have the bundled task path (macOS 15.4 and later) declare both pure virtual, so override '${missing}' too (it may just complete every slot if you decline the bundled buffers).`,
      });
    }
    for (const method of gap.nonexistent) {
      findings.push({
        range: method.nameRange,
        message: `'${method.name}' is not a method of '${BASE}', so the kernel never calls it; do the controller's teardown in 'Stop' instead.`,
      });
    }
  }
  return findings;
}

function checkImplementation(scope: ControllerScope): Finding[] {
  const findings: Finding[] = constraintProblems(scope).map(constraintFinding);
  const zero = zeroTaskCount(scope);
  if (zero) {
    findings.push({
      range: rangeOf(zero),
      message: `'${SCSI.taskCountMethod.name}' reports 0 tasks, and the controller then fails to load; report how many commands the controller can have outstanding (at least 1).`,
    });
  }
  for (const completed of completedResponses(scope)) {
    if (completed.writes.unknown || completed.writes.fields.has(SCSI.responseVersionField)) continue;
    findings.push({
      range: completed.call.calleeRange,
      message: `'${completed.name}' is completed without setting '${completed.name}.${SCSI.responseVersionField} = ${SCSI.responseVersionConstant}', and the kernel drops a response of any other version without completing the I/O, which then hangs; set the version before '${SCSI.completionMethod}'.`,
      fixes: setVersionFix(scope, completed),
    });
  }
  return findings;
}

function constraintFinding(problem: ConstraintProblem): Finding {
  const report = SCSI.reportConstraintsMethod;
  switch (problem.kind) {
    case 'missing-keys':
      return {
        range: problem.call.calleeRange,
        message: `The constraints dictionary '${problem.dictionary}' passed to '${report}' lacks ${problem.missing.map((k) => `'${k}'`).join(', ')}, and the kernel panics when a required key is missing; set all seven required keys.`,
      };
    case 'outside-initialize':
      return {
        range: problem.call.calleeRange,
        message: `'${report}' is called from '${problem.fn.methodName}', after '${SCSI.initializeMethod}' has returned, but the kernel needs the constraints before then and panics without them; report them inside '${SCSI.initializeMethod}'.`,
      };
    case 'never-reported':
      return {
        range: problem.fn.nameRange,
        message: `'${SCSI.initializeMethod}' never calls '${report}', and the kernel panics when the constraints are missing; report a dictionary with all seven required keys before returning.`,
      };
  }
}
