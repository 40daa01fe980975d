// DK204: an init() override must call super::init() first and return false when it fails.
import { readCall } from '../model/calls';
import type { FunctionDef } from '../model/file-model';
import { indentationAt, lineBreakOf, startsLine } from './support/source-text';
import { defineFunctionRule, type Finding, type Fix, type RuleContext, type ScopedFile } from './rule';
import { useOfResult } from './support/lifetime/init-result';
import { collect } from './support/lifetime/node-shapes';
import { callsUnknownMacro, isOverrideOf, superCalls } from './support/lifetime/overrides';
import { indentUnit, insertBefore } from './support/lifetime/statement-edits';
import type { SyntaxNode } from '../parser/syntax-node';

export const initMissingSuper = defineFunctionRule(
  {
    code: 'DK204',
    name: 'init-missing-super',
    summary: 'An `init()` override must call `super::init()` first and return `false` when it fails: the base class sets the object up (IOService::init creates the default dispatch queue).',
    category: 'lifetime',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (fn, file, context: RuleContext): Finding[] => (isOverrideOf(fn, file, context, 'init') ? checkInit(file, fn) : []),
);

function checkInit(file: ScopedFile, fn: FunctionDef): Finding[] {
  const text = file.text;
  const [call] = superCalls(text, fn, 'init');
  if (!call) {
    // Delegating to another init helper, or a project macro, may call super::init() where the rule cannot see.
    const delegates = collect(fn.body, (n) => delegatesInit(text, n)).length > 0;
    if (delegates || callsUnknownMacro(text, fn.body)) return [];
    return [
      {
        range: fn.nameRange,
        message: `'${fn.className}::init()' never calls 'super::init()', so the base class is never initialised and nothing is dispatched to the object; call it first and return false when it fails.`,
        fixes: insertCheckedCall(file, fn.body),
      },
    ];
  }
  if (useOfResult({ text, body: fn.body }, call.node) !== 'discarded') return [];
  const statement = call.node.parent?.type === 'expression_statement' ? call.node.parent : undefined;
  return [
    {
      range: { start: call.node.startIndex, end: call.node.endIndex },
      message: "The result of 'super::init()' is ignored, so init() reports success for an object the base class failed to set up; return false when it fails.",
      fixes: checkDiscardedCall(file, statement),
    },
  ];
}

/** `initWithOptions(…)` or `this->initCommon()`: another init of the same object, which may chain to super. */
function delegatesInit(text: string, node: SyntaxNode): boolean {
  const call = readCall(text, node);
  if (!call || call.qualifiedName || !/^init([A-Z_]|$)/.test(call.name)) return false;
  return !call.receiver || text.slice(call.receiver.startIndex, call.receiver.endIndex) === 'this';
}

const CHECKED_CALL = (unit: string): string[] => ['if (!super::init()) {', `${unit}return false;`, '}'];

/** Inserts `if (!super::init()) { return false; }` as the first statement of the body. */
function insertCheckedCall(file: ScopedFile, body: SyntaxNode): Fix[] {
  const first = body.namedChildren[0];
  const insertion = first ? insertBefore(file.text, first, CHECKED_CALL(indentUnit(file.text, body))) : undefined;
  return insertion ? [{ title: "Call 'super::init()' first and return false when it fails", isPreferred: true, edits: [{ uri: file.uri, ...insertion }] }] : [];
}

/** Turns the bare statement `super::init();` into the checked form. */
function checkDiscardedCall(file: ScopedFile, statement: SyntaxNode | undefined): Fix[] {
  const text = file.text;
  if (!statement?.parent || statement.parent.type !== 'compound_statement' || !startsLine(text, statement.startIndex)) return [];
  const newText = CHECKED_CALL(indentUnit(text, statement.parent)).join(`${lineBreakOf(text)}${indentationAt(text, statement.startIndex)}`);
  const range = { start: statement.startIndex, end: statement.endIndex };
  return [{ title: "Return false when 'super::init()' fails", isPreferred: true, edits: [{ uri: file.uri, range, newText }] }];
}
