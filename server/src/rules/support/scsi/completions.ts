// Path facts about completing SCSI tasks: UserProcessParallelTask answering every task, and no task completed twice (DK603).
import { readCall, slice } from '../../../model/calls';
import type { FunctionDef } from '../../../model/file-model';
import { containsSyntaxError } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { declaredName, unwrap } from '../../../analysis/ownership/syntax-shapes';
import { frameworkDefinition, ownCallsOf, parameterOf, type ControllerScope } from './controller-scope';
import { walkEffects, type Effect } from './effect-walker';
import { SCSI } from './facts';
import { mentionRole, outParameterWrites, outerExpression } from './out-parameters';
import { isCompletionCall } from './responses';

const RELEASES = new Set(['release', 'OSSafeReleaseNULL', 'OSSafeRelease']);

export interface ProcessTaskPaths {
  readonly fn: FunctionDef;
  readonly response: string;
  readonly completion: string;
  /** Successful returns some path reaches with `*response` unset and the completion neither called nor kept. */
  readonly unanswered: readonly SyntaxNode[];
}

/** The paths of `UserProcessParallelTask` that leave its task unanswered; undefined when the walk cannot tell. */
export function unansweredTaskExits(scope: ControllerScope): ProcessTaskPaths | undefined {
  const method = SCSI.processTaskMethod;
  const fn = frameworkDefinition(scope, method.name);
  if (!fn || containsSyntaxError(fn.body)) return undefined;
  const response = parameterOf(scope, fn, { index: method.responseIndex, sdkName: method.responseParameter });
  const completion = parameterOf(scope, fn, { index: method.completionIndex, sdkName: method.completionParameter });
  if (!response || !completion) return undefined;
  const text = scope.file.text;
  const stores = new Set(outParameterWrites(text, fn.body, response).stores.map((s) => s.startIndex));
  const completionEffect = completionEffects(scope, completion);
  const result = walkEffects({
    text,
    body: fn.body,
    effectOf: (node) => {
      if ((node.type === 'assignment_expression' || node.type === 'update_expression') && stores.has(node.startIndex)) return { satisfies: true };
      if (node.type === 'identifier' && slice(text, node) === response) return mentionRole(text, node) === 'escape' ? { satisfies: true } : undefined;
      return completionEffect(node);
    },
  });
  return result ? { fn, response, completion, unanswered: result.unmetSuccessExits } : undefined;
}

/** Completion calls that some path of `fn` reaches after it already completed `variable`'s task. */
export function repeatedCompletions(scope: ControllerScope, fn: FunctionDef, variable: string): readonly SyntaxNode[] {
  if (containsSyntaxError(fn.body)) return [];
  const effectOf = completionEffects(scope, variable);
  return walkEffects({ text: scope.file.text, body: fn.body, effectOf })?.repeatedCompletions ?? [];
}

/** The identifiers the class's functions complete tasks with (`ParallelTaskCompletion(x, …)`), by function. */
export function completionVariables(scope: ControllerScope): { fn: FunctionDef; variable: string }[] {
  const text = scope.file.text;
  const found: { fn: FunctionDef; variable: string }[] = [];
  for (const fn of scope.functions) {
    const names = new Set<string>();
    for (const call of ownCallsOf(scope, fn.body, SCSI.completionMethod)) {
      const first = call.args[0] ? unwrap(call.args[0]) : undefined;
      if (first?.type === 'identifier') names.add(slice(text, first));
    }
    for (const variable of names) found.push({ fn, variable });
  }
  return found;
}

/**
 * The effects of the completion held in `variable`: `ParallelTaskCompletion(variable, …)` completes it, a new value
 * resets it, `retain` keeps it (which answers the task for now), and any other hand-off may complete it elsewhere.
 */
function completionEffects(scope: ControllerScope, variable: string): (node: SyntaxNode) => Effect | undefined {
  const text = scope.file.text;
  return (node) => {
    if (node.type === 'call_expression') {
      const call = readCall(text, node);
      const first = call?.args[0];
      return call && first && isCompletionCall(scope, call) && slice(text, unwrap(first)) === variable ? { completes: true } : undefined;
    }
    if (node.type === 'init_declarator') return declaredName(text, node) === variable ? { resets: true } : undefined;
    if (node.type === 'assignment_expression') {
      const left = node.childForFieldName('left');
      return left && unwrap(left).type === 'identifier' && slice(text, unwrap(left)) === variable ? { resets: true } : undefined;
    }
    if (node.type !== 'identifier' || slice(text, node) !== variable) return undefined;
    const outer = outerExpression(node);
    const parent = outer.parent;
    if (parent?.type === 'field_expression' && parent.childForFieldName('argument')?.startIndex === outer.startIndex) {
      const member = slice(text, parent.childForFieldName('field') ?? parent);
      return member === 'retain' ? { satisfies: true } : undefined;
    }
    if (parent?.type === 'argument_list') {
      const call = parent.parent ? readCall(text, parent.parent) : undefined;
      if (call && isCompletionCall(scope, call) && call.args[0] && outerExpression(call.args[0]).startIndex === outer.startIndex) return undefined;
      if (call && RELEASES.has(call.name)) return undefined;
    }
    if (parent?.type === 'assignment_expression' && parent.childForFieldName('left')?.startIndex === outer.startIndex) return undefined;
    return mentionRole(text, node) === 'escape' ? { satisfies: true, opaque: true } : undefined;
  };
}
