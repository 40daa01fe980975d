// DK401: every successful return from a Stop override must pass Stop on to the superclass, after the last Cancel completes.
import { findCallsBeforeCancelCompletes } from '../analysis/paths/cancel-order';
import { classifierFor, parameterName, superCallOf, type ClassScope } from '../analysis/paths/class-calls';
import { findUnmetSuccessExits, type UnmetExit } from '../analysis/paths/required-call-walker';
import { isSuccessConstant } from '../analysis/ownership/syntax-shapes';
import { findCalls, slice, type CallSite } from '../model/calls';
import type { FileModel, FunctionDef } from '../model/file-model';
import { containsSyntaxError } from '../model/node-index';
import { rangeOf } from '../model/syntax-helpers';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';
import { indentationAt, lineBreakOf, startsLine } from './support/source-text';

export const stopMissingSuperdispatch = defineRule(
  {
    code: 'DK401',
    name: 'stop-missing-superdispatch',
    summary: 'Every successful return from a `Stop` override must call `Stop(provider, SUPERDISPATCH)` first or leave it to the last `Cancel` completion handler, and must not call it while a `Cancel` completion is still outstanding.',
    category: 'lifecycle',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] =>
    file.functions.filter((fn) => fn.className !== undefined && fn.methodName === 'Stop' && fn.form !== 'plain').flatMap((fn) => checkStop(file, fn, context)),
);

function checkStop(file: FileModel, fn: FunctionDef, context: RuleContext): Finding[] {
  if (containsSyntaxError(fn.body)) return [];
  const scope: ClassScope = { file, className: fn.className as string, findClass: (name) => context.workspace.findIigClass(name)?.decl };
  const isSuperStop = superCallOf(file.text, 'Stop');
  const provider = parameterName(scope, { definition: fn, index: 0, sdkName: 'provider' });
  const superText = `Stop(${provider ?? 'provider'}, SUPERDISPATCH)`;
  const findings: Finding[] = [];
  if (!stopsElsewhere(scope, isSuperStop)) {
    const exits = findUnmetSuccessExits({ text: file.text, body: fn.body, classify: classifierFor(scope, { isRequired: isSuperStop, definition: fn }) });
    const hasCancel = findCalls(file.text, fn.body).some((call) => call.name === 'Cancel');
    for (const exit of exits) {
      findings.push({
        range: rangeOf(exit.node),
        message: `This path returns success from 'Stop' without calling '${superText}', so the kernel never finishes terminating the service; call it before returning, or from the last Cancel completion handler.`,
        fixes: hasCancel || provider === undefined ? [] : insertSuperStop(file, exit, superText),
      });
    }
  }
  for (const early of findCallsBeforeCancelCompletes({ text: file.text, body: fn.body, target: isSuperStop })) {
    const cancel = slice(file.text, early.cancel.node.childForFieldName('function') ?? early.cancel.node);
    findings.push({
      range: rangeOf(early.call.node),
      message: `'${slice(file.text, early.call.node)}' runs before the completion handler of '${cancel}(...)', so callbacks can still arrive after the service has stopped; call it from the last Cancel completion handler instead.`,
      related: [{ uri: file.uri, range: rangeOf(early.cancel.node), message: 'The asynchronous Cancel whose completion has not run yet.' }],
    });
  }
  return findings;
}

/**
 * True when another method of the class (other than Start, which stops on its own failure paths) passes Stop on to
 * the superclass: the driver finishes Stop from a callback this rule cannot follow.
 */
function stopsElsewhere(scope: ClassScope, isSuperStop: (call: CallSite) => boolean): boolean {
  return scope.file.functions.some(
    (f) => f.className === scope.className && f.methodName !== 'Stop' && f.methodName !== 'Start' && findCalls(scope.file.text, f.body).some(isSuperStop),
  );
}

/**
 * Inserts the super call before a plain `return kIOReturnSuccess;` that no path reaches with the call made, in a Stop
 * that cancels nothing (where super Stop would have to wait for a completion instead).
 */
function insertSuperStop(file: FileModel, exit: UnmetExit, superText: string): Fix[] {
  const value = exit.node.namedChildren[0];
  if (!exit.unmetOnEveryPath || !value || !isSuccessConstant(file.text, value)) return [];
  const text = file.text;
  const title = `Call '${superText}' before returning`;
  const parent = exit.node.parent?.type;
  if (parent === 'compound_statement' || parent === 'case_statement' || parent === 'labeled_statement') {
    const start = exit.node.startIndex;
    const newText = startsLine(text, start) ? `${superText};${lineBreakOf(text)}${indentationAt(text, start)}` : `${superText}; `;
    return [{ title, isPreferred: true, edits: [{ uri: file.uri, range: { start, end: start }, newText }] }];
  }
  // An unbraced if/else/loop body: wrap it so the call runs only on this path.
  const newText = `{ ${superText}; ${slice(text, exit.node)} }`;
  return [{ title, isPreferred: true, edits: [{ uri: file.uri, range: rangeOf(exit.node), newText }] }];
}
