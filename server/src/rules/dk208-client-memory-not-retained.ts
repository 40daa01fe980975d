// DK208: CopyClientMemoryForType hands its caller a reference to consume, so a descriptor the class keeps must be retained.
import { unwrap } from '../analysis/ownership/syntax-shapes';
import type { FunctionDef } from '../model/file-model';
import { containsSyntaxError } from '../model/node-index';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineFunctionRule, type Finding, type RuleContext, type ScopedFile } from './rule';
import { canonical, collect, isIvarsRooted, isPlainIvarsField, operatorOf, unwrapValue } from './support/lifetime/node-shapes';
import { assignmentsTo, retainBeforeFix, retainedExpressions, singleValueOf } from './support/lifetime/retains';

export const clientMemoryNotRetained = defineFunctionRule(
  {
    code: 'DK208',
    name: 'client-memory-not-retained',
    summary: '`CopyClientMemoryForType` must hand out a +1 reference, because the caller consumes one: retain a descriptor that the class also keeps before storing it into `*memory`.',
    category: 'lifetime',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (fn, file, context: RuleContext): Finding[] =>
    fn.methodName === 'CopyClientMemoryForType' && !containsSyntaxError(fn.body) ? checkCopy(file, fn, memoryParameter(fn, context)) : [],
);

/** The name of the `IOMemoryDescriptor ** memory` out-parameter; `IMPL(...)` takes it from the class's .iig. */
function memoryParameter(fn: FunctionDef, context: RuleContext): string | undefined {
  if (fn.form !== 'impl-macro') return fn.params.length === 3 ? fn.params[2].name : undefined;
  const declared = fn.className ? context.workspace.findIigClass(fn.className)?.decl.methods.find((m) => m.name === fn.methodName) : undefined;
  return declared ? declared.params[2]?.name : 'memory';
}

function checkCopy(file: ScopedFile, fn: FunctionDef, memory: string | undefined): Finding[] {
  if (!memory) return [];
  const text = file.text;
  const retained = retainedExpressions(text, fn.body);
  if (retained.has(`*${memory}`)) return [];
  const stores = collect(fn.body, (n) => n.type === 'assignment_expression' && operatorOf(text, n) === '=' && isOutParameter(text, n.childForFieldName('left'), memory));
  return stores.flatMap((assignment) => {
    const value = unwrapValue(text, assignment.childForFieldName('right') ?? assignment);
    const alias = value.type === 'identifier' ? text.slice(value.startIndex, value.endIndex) : undefined;
    const aliased = alias ? singleValueOf(text, fn.body, alias) : undefined;
    const kept = aliased ? unwrapValue(text, aliased) : value;
    if (!isIvarsRooted(text, kept)) return [];
    const field = canonical(text, kept);
    // Retained on the way out, or handed over (the field is cleared or reassigned afterwards): the counts balance.
    const handedOver = assignmentsTo(text, fn.body, field).some((a) => a.startIndex > assignment.endIndex);
    if (retained.has(field) || (alias && retained.has(alias)) || handedOver) return [];
    const statement = assignment.parent?.type === 'expression_statement' ? assignment.parent : undefined;
    return [
      {
        range: { start: assignment.startIndex, end: assignment.endIndex },
        message: `'*${memory}' receives '${field}' without a retain, but the caller consumes one reference, so the ivar is over-released later; call '${field}->retain()' before handing it out.`,
        fixes: statement && !alias && isPlainIvarsField(text, kept) ? retainBeforeFix(file, { statement, object: kept, body: fn.body }) : [],
      },
    ];
  });
}

function isOutParameter(text: string, left: SyntaxNode | null, memory: string): boolean {
  const target = left ? unwrap(left) : null;
  if (target?.type !== 'pointer_expression' || operatorOf(text, target) !== '*') return false;
  const argument = target.childForFieldName('argument');
  return argument?.type === 'identifier' && text.slice(argument.startIndex, argument.endIndex) === memory;
}
