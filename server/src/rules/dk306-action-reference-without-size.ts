// DK306: GetReference() returns NULL for an action created with reference size 0.
import type { CallSite } from '../model/calls';
import type { FileModel, FunctionDef } from '../model/file-model';
import type { SyntaxNode } from '../parser/syntax-node';
import { normalizeTypeText } from '../model/type-text';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';
import { actionParameterName, classScopes, createActionCalls, isImplDefinition, typeHandlerNames, type ClassScope, type CreateActionCall } from './support/dispatch/class-scope';
import { callsUnder, compactText } from './support/dispatch/syntax';
import { mentionsOf } from './support/memory/local-declarations';

export const actionReferenceWithoutSize = defineRule(
  {
    code: 'DK306',
    name: 'action-reference-without-size',
    summary: "Create an action with a non-zero reference size when its handler calls `GetReference()`: with `CreateAction<Handler>(0, …)` the reference is NULL.",
    category: 'dispatch',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const scope of classScopes(file, context)) {
      // Another file of the class may create the action with a size.
      if (!scope.wholeClassInFile) continue;
      const handlers = typeHandlerNames(scope);
      const creations = createActionCalls(scope);
      for (const handler of scope.functions.filter((f) => isImplDefinition(f) && handlers.has(f.methodName))) {
        const finding = check(scope, { handler, creations: creations.filter((c) => c.handler === handler.methodName) });
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
);

function check(scope: ClassScope, target: { readonly handler: FunctionDef; readonly creations: readonly CreateActionCall[] }): Finding | undefined {
  const { file } = scope;
  const { handler, creations } = target;
  if (creations.length === 0 || !creations.every((c) => isZeroLiteral(file.text, c.call.args[0]))) return undefined;
  // Without the .iig the IMPL form hides the parameter name; `action` is what every sample and template uses.
  const action = actionParameterName(scope, handler) ?? (handler.form === 'impl-macro' && scope.iig === undefined ? 'action' : undefined);
  if (action === undefined || declaresLocal(handler.body, { text: file.text, name: action })) return undefined;
  const references = callsUnder(file.text, handler.body).filter((c) => c.name === 'GetReference' && c.args.length === 0 && c.receiver !== undefined && compactText(file.text, c.receiver) === action);
  if (references.length === 0) return undefined;
  const factory = `CreateAction${handler.methodName}`;
  const types = new Set(references.map((r) => castTarget(file.text, r)));
  const type = types.size === 1 ? [...types][0] : undefined;
  return {
    range: { start: references[0].node.startIndex, end: references[0].node.endIndex },
    message: `'${action}->GetReference()' is always NULL here because every '${factory}' call passes a reference size of 0; pass the size of the reference data, as in '${factory}(sizeof(${type ?? 'MyReference'}), &action)'.`,
    fixes: type !== undefined && creations.length === 1 ? sizeFix(file, { creation: creations[0].call, factory, type }) : [],
  };
}

function sizeFix(file: FileModel, change: { readonly creation: CallSite; readonly factory: string; readonly type: string }): Fix[] {
  const { creation, factory, type } = change;
  const size = creation.args[0];
  return [
    {
      title: `Pass 'sizeof(${type})' as the reference size of '${factory}'`,
      isPreferred: true,
      edits: [{ uri: file.uri, range: { start: size.startIndex, end: size.endIndex }, newText: `sizeof(${type})` }],
    },
  ];
}

/** `T` when the reference is cast to `T *` (C cast, static_cast or reinterpret_cast); undefined otherwise. */
function castTarget(text: string, reference: CallSite): string | undefined {
  let node: SyntaxNode = reference.node;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  let descriptor: SyntaxNode | null | undefined;
  if (parent?.type === 'cast_expression') descriptor = parent.childForFieldName('type');
  else if (parent?.type === 'argument_list' && parent.namedChildCount === 1) {
    const callee = parent.parent?.childForFieldName('function');
    const name = callee?.type === 'template_function' ? callee.childForFieldName('name') : null;
    const castName = name ? text.slice(name.startIndex, name.endIndex) : '';
    if (castName === 'static_cast' || castName === 'reinterpret_cast') descriptor = callee?.childForFieldName('arguments')?.namedChildren[0];
  }
  if (!descriptor || descriptor.type !== 'type_descriptor') return undefined;
  const spelled = normalizeTypeText(text.slice(descriptor.startIndex, descriptor.endIndex));
  const match = /^([A-Za-z_][\w:]*(?: [A-Za-z_][\w:]*)*)\*$/.exec(spelled);
  return match && !/\bvoid\b/.test(match[1]) ? match[1] : undefined;
}

function isZeroLiteral(text: string, node: SyntaxNode | undefined): boolean {
  return node?.type === 'number_literal' && /^(0+|0[xX]0+)[uUlL]*$/.test(text.slice(node.startIndex, node.endIndex));
}

/** True when the handler body declares its own variable named `name`, which then hides the parameter. */
function declaresLocal(body: SyntaxNode, local: { readonly text: string; readonly name: string }): boolean {
  const { text, name } = local;
  return mentionsOf({ text, body }, name).some((n) => n.parent !== null && ['init_declarator', 'pointer_declarator', 'declaration'].includes(n.parent.type) && n.parent.childForFieldName('value') !== n);
}
