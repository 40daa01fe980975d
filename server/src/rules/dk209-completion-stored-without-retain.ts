// DK209: an ExternalMethod's completion is only alive during the call; keeping it for later needs a retain().
import { isNullConstant } from '../analysis/ownership/syntax-shapes';
import type { FunctionDef } from '../model/file-model';
import type { SyntaxNode } from '../parser/syntax-node';
import { containsSyntaxError } from '../model/node-index';
import { defineFunctionRule, type ScopedFile, type Finding } from './rule';
import { canonical, collect, isIvarsRooted, operatorOf, unwrapValue } from './support/lifetime/node-shapes';
import { assignmentsTo, retainBeforeFix, retainedExpressions, singleValueOf } from './support/lifetime/retains';

export const completionStoredWithoutRetain = defineFunctionRule(
  {
    code: 'DK209',
    name: 'completion-stored-without-retain',
    summary: '`IOUserClientMethodArguments::completion` is only retained for the duration of `ExternalMethod`: retain it before keeping it in the ivars for a later `AsyncCompletion`.',
    category: 'lifetime',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (fn, file) => checkFunction(file, fn),
);

function checkFunction(file: ScopedFile, fn: FunctionDef): Finding[] {
  const text = file.text;
  const names = fn.params.filter((p) => p.type === 'IOUserClientMethodArguments*' && p.name).map((p) => `${p.name}->completion`);
  if (names.length === 0 || containsSyntaxError(fn.body)) return [];
  const retained = retainedExpressions(text, fn.body);
  const stores = collect(fn.body, (n) => n.type === 'assignment_expression' && operatorOf(text, n) === '=' && isIvarsRooted(text, n.childForFieldName('left') ?? n));
  return stores.flatMap((assignment) => {
    const left = assignment.childForFieldName('left') ?? assignment;
    const value = unwrapValue(text, assignment.childForFieldName('right') ?? assignment);
    const alias = value.type === 'identifier' ? text.slice(value.startIndex, value.endIndex) : undefined;
    const aliased = alias ? singleValueOf(text, fn.body, alias) : undefined;
    const completion = canonical(text, aliased ?? value);
    if (!names.includes(completion)) return [];
    const kept = canonical(text, left);
    const parked = clearedLater(text, fn, { kept, after: assignment });
    if (retained.has(completion) || retained.has(kept) || (alias && retained.has(alias)) || parked) return [];
    const statement = assignment.parent?.type === 'expression_statement' ? assignment.parent : undefined;
    return [
      {
        range: { start: assignment.startIndex, end: assignment.endIndex },
        message: `'${kept}' keeps '${completion}' without retaining it, but the completion is only kept alive during ExternalMethod, so a later AsyncCompletion uses a freed action; call '${completion}->retain()' before storing it.`,
        fixes: statement && !alias ? retainBeforeFix(file, { statement, object: value, body: fn.body }) : [],
      },
    ];
  });
}

/** `ivars->x = nullptr;` later in the same function: the completion was only parked there for the call's duration. */
function clearedLater(text: string, fn: FunctionDef, store: { kept: string; after: SyntaxNode }): boolean {
  return assignmentsTo(text, fn.body, store.kept).some((a) => a.startIndex > store.after.endIndex && isNullConstant(text, a.childForFieldName('right') ?? a));
}
