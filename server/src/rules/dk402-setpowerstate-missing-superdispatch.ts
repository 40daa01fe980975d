// DK402: a SetPowerState override that returns success must acknowledge the change through the superclass.
import { classifierFor, parameterName, superCallOf, type ClassScope } from '../analysis/paths/class-calls';
import { findUnmetSuccessExits, type UnmetExit } from '../analysis/paths/required-call-walker';
import { isSuccessConstant } from '../analysis/ownership/syntax-shapes';
import { findCalls } from '../model/calls';
import type { FileModel, FunctionDef } from '../model/file-model';
import { containsSyntaxError } from '../model/node-index';
import { rangeOf } from '../model/syntax-helpers';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';

export const setPowerStateMissingSuperdispatch = defineRule(
  {
    code: 'DK402',
    name: 'setpowerstate-missing-superdispatch',
    summary: 'Every successful return from a `SetPowerState` override must call `SetPowerState(powerFlags, SUPERDISPATCH)`, the only thing that acknowledges the power change to the kernel.',
    category: 'lifecycle',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] =>
    file.functions
      .filter((fn) => fn.className !== undefined && fn.methodName === 'SetPowerState' && fn.form !== 'plain')
      .flatMap((fn) => checkSetPowerState(file, fn, context)),
);

function checkSetPowerState(file: FileModel, fn: FunctionDef, context: RuleContext): Finding[] {
  if (containsSyntaxError(fn.body)) return [];
  const scope: ClassScope = { file, className: fn.className as string, findClass: (name) => context.workspace.findIigClass(name)?.decl };
  const isSuperAck = superCallOf(file.text, 'SetPowerState');
  // A driver that acknowledges from another method (a deferred ack after asynchronous work) may return early here.
  const acksElsewhere = file.functions.some((f) => f.className === scope.className && f.methodName !== 'SetPowerState' && findCalls(file.text, f.body).some(isSuperAck));
  if (acksElsewhere) return [];
  const flags = parameterName(scope, { definition: fn, index: 0, sdkName: 'powerFlags' });
  const superText = `SetPowerState(${flags ?? 'powerFlags'}, SUPERDISPATCH)`;
  const exits = findUnmetSuccessExits({ text: file.text, body: fn.body, classify: classifierFor(scope, { isRequired: isSuperAck, definition: fn }) });
  return exits.map((exit) => ({
    range: rangeOf(exit.node),
    message: `This path returns success from 'SetPowerState' without calling '${superText}', so the power change is never acknowledged and the kernel times out after about 20 seconds (and may panic); return '${superText}' instead.`,
    fixes: flags === undefined ? [] : returnSuperAck(file, exit, superText),
  }));
}

/** Replaces the value of a plain `return kIOReturnSuccess;` that no path reaches with the acknowledgement made. */
function returnSuperAck(file: FileModel, exit: UnmetExit, superText: string): Fix[] {
  const value = exit.node.namedChildren[0];
  if (!exit.unmetOnEveryPath || !value || !isSuccessConstant(file.text, value)) return [];
  return [{ title: `Return '${superText}'`, isPreferred: true, edits: [{ uri: file.uri, range: rangeOf(value), newText: superText }] }];
}
