// DK403: a Start override begins with Start(provider, SUPERDISPATCH), checks it, and a service with user clients registers.
import { classifierFor, parameterName, superCallOf, type ClassScope } from '../analysis/paths/class-calls';
import { requireShape } from '../analysis/ownership/require-macros';
import { mentions, unwrap } from '../analysis/ownership/syntax-shapes';
import { sdkBaseOf } from '../knowledge/sdk-methods';
import { findCalls, readCall, slice, type CallSite } from '../model/calls';
import type { ClassDecl, FileModel, FunctionDef } from '../model/file-model';
import { containsSyntaxError } from '../model/node-index';
import { rangeOf, walk } from '../model/syntax-helpers';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineRule, type Finding, type RuleContext } from './rule';

export const startMissingSuperdispatch = defineRule(
  {
    code: 'DK403',
    name: 'start-missing-superdispatch',
    summary: 'A `Start` override must first call `Start(provider, SUPERDISPATCH)` and return its error when it fails, and a service that hands out user clients must call `RegisterService()`.',
    category: 'lifecycle',
    defaultSeverity: 'information',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] =>
    file.functions.filter((fn) => fn.className !== undefined && fn.methodName === 'Start' && fn.form !== 'plain').flatMap((fn) => checkStart(file, fn, context)),
);

function checkStart(file: FileModel, fn: FunctionDef, context: RuleContext): Finding[] {
  if (containsSyntaxError(fn.body)) return [];
  const scope: ClassScope = { file, className: fn.className as string, findClass: (name) => context.workspace.findIigClass(name)?.decl };
  const isSuperStart = superCallOf(file.text, 'Start');
  const provider = parameterName(scope, { definition: fn, index: 0, sdkName: 'provider' }) ?? 'provider';
  const superText = `Start(${provider}, SUPERDISPATCH)`;
  const calls = findCalls(file.text, fn.body);
  const classify = classifierFor(scope, { isRequired: isSuperStart, definition: fn });
  // A helper this file cannot see into may start the superclass or register the service.
  const callsUnknownHelper = calls.some((call) => classify(call) === 'maybe');
  const findings: Finding[] = [];
  const superCall = calls.find(isSuperStart);
  if (superCall) {
    const problem = superCallProblem(file, fn, superCall, provider);
    if (problem) findings.push({ range: rangeOf(superCall.node), ...problem });
  } else if (!calls.some((call) => classify(call) !== 'none')) {
    findings.push({
      range: fn.nameRange,
      message: `'Start' never calls '${superText}'; call it first and return its result when it is not kIOReturnSuccess.`,
    });
  }
  const unregistered = !callsUnknownHelper && hasUserClientsButNoRegistration(scope);
  if (unregistered) {
    findings.push({
      range: fn.nameRange,
      message: `'${scope.className}' overrides 'NewUserClient' but never calls 'RegisterService()', so applications cannot find the service to open it; call 'RegisterService()' at the end of 'Start'.`,
    });
  }
  return findings;
}

type Problem = Pick<Finding, 'message' | 'related'>;

/** Work done before the super call, or a super call whose result is ignored or not checked before more work. */
function superCallProblem(file: FileModel, fn: FunctionDef, superCall: CallSite, provider: string): Problem | undefined {
  const text = file.text;
  const called = slice(text, superCall.node);
  const statements = fn.body.namedChildren.filter((s) => s.type !== 'comment');
  const index = statements.findIndex((s) => s.startIndex <= superCall.node.startIndex && superCall.node.endIndex <= s.endIndex);
  if (index < 0) return undefined;
  const early = statements.slice(0, index).find((s) => isWorkBeforeStart(text, s, provider));
  if (early) {
    return {
      message: `'${called}' runs after work on the provider or ivars; call it first, before anything touches '${provider}' or 'ivars'.`,
      related: [{ uri: file.uri, range: rangeOf(early), message: 'Work done before the superclass has started.' }],
    };
  }
  const statement = statements[index];
  const stored = storedIn(text, statement, superCall);
  if (stored === 'discarded') {
    return { message: `The result of '${called}' is ignored; store it and return it when it is not kIOReturnSuccess.` };
  }
  if (stored === undefined) return undefined;
  const next = statements.slice(index + 1).find((s) => !isLoggingOnly(text, s));
  if (next === undefined || testsVariable(text, next, stored)) return undefined;
  return {
    message: `The result of '${called}' in '${stored}' is not checked before more work; return it when it is not kIOReturnSuccess.`,
    related: [{ uri: file.uri, range: rangeOf(next), message: `'${stored}' is not tested before this statement.` }],
  };
}

/**
 * Where the statement puts the super call's result: `discarded` for `Start(...);`, the variable's name for
 * `ret = Start(...);` or `kern_return_t ret = Start(...);`, undefined for any other shape (returned, tested in place).
 */
function storedIn(text: string, statement: SyntaxNode, call: CallSite): string | 'discarded' | undefined {
  const isCall = (node: SyntaxNode | null | undefined): boolean => node !== null && node !== undefined && unwrap(node).startIndex === call.node.startIndex && unwrap(node).type === 'call_expression';
  if (statement.type === 'expression_statement') {
    const expression = statement.namedChildren[0];
    if (isCall(expression)) return 'discarded';
    if (expression?.type === 'assignment_expression' && isCall(expression.childForFieldName('right'))) {
      const left = expression.childForFieldName('left');
      return left?.type === 'identifier' ? slice(text, left) : undefined;
    }
    return undefined;
  }
  if (statement.type === 'declaration') {
    const declarator = statement.namedChildren.find((d) => d.type === 'init_declarator' && isCall(d.childForFieldName('value')));
    const name = declarator?.childForFieldName('declarator');
    return name?.type === 'identifier' ? slice(text, name) : undefined;
  }
  return undefined;
}

/** `os_log(...);`, `IOLog(...);` and other logging calls may come anywhere. */
function isLoggingOnly(text: string, statement: SyntaxNode): boolean {
  if (statement.type !== 'expression_statement') return false;
  const expression = statement.namedChildren[0];
  const call = expression ? readCall(text, unwrap(expression)) : undefined;
  return call !== undefined && /log|printf/i.test(call.name);
}

/**
 * A class that overrides NewUserClient must be registered for applications to find it. SCSI controllers are
 * registered by their family after UserStartController, so they are exempt. Only the .iig tells which, so a class
 * without one is not reported.
 */
function hasUserClientsButNoRegistration(scope: ClassScope): boolean {
  const decl = scope.findClass(scope.className);
  if (!decl || isRegisteredByFamily(scope, decl)) return false;
  const text = scope.file.text;
  const overrides = decl.methods.some((m) => m.name === 'NewUserClient') || scope.file.functions.some((f) => f.className === scope.className && f.methodName === 'NewUserClient');
  if (!overrides) return false;
  const registers = scope.file.functions.some((f) => findCalls(text, f.body).some((call) => call.name === 'RegisterService' && (!call.receiver || slice(text, call.receiver).trim() === 'this')));
  return !registers;
}

function isRegisteredByFamily(scope: ClassScope, decl: ClassDecl): boolean {
  let current = decl.baseClass;
  for (let depth = 0; current !== undefined && depth < 16; depth++) {
    if (current === 'IOUserSCSIParallelInterfaceController') return true;
    current = scope.findClass(current)?.baseClass ?? sdkBaseOf(current);
  }
  return false;
}

const LOGGING = /log|printf/i;
const CASTS = new Set(['OSDynamicCast', 'OSRequiredCast', 'static_cast', 'reinterpret_cast', 'const_cast']);

/**
 * Work on the provider or the ivars: a call on them or given them (logging and casts aside), a store into the ivars.
 * Calls to the class's own helpers are not counted: what they touch is not visible here.
 */
function isWorkBeforeStart(text: string, statement: SyntaxNode, provider: string): boolean {
  const touches = (node: SyntaxNode | null | undefined): boolean => node !== null && node !== undefined && (mentions(text, node, 'ivars') || mentions(text, node, provider));
  let work = false;
  walk(
    statement,
    (node) => {
      const call = readCall(text, node);
      if (call && !LOGGING.test(call.name) && !CASTS.has(call.name)) work ||= touches(call.receiver) || call.args.some(touches);
      if (node.type === 'assignment_expression') work ||= mentions(text, node.childForFieldName('left') ?? node, 'ivars');
      if (node.type === 'update_expression') work ||= mentions(text, node, 'ivars');
    },
    (node) => {
      const call = readCall(text, node);
      return work || (call !== undefined && (LOGGING.test(call.name) || CASTS.has(call.name)));
    },
  );
  return work;
}

/** `if (ret ...)`, `switch (ret)`, `return ret...;` or `__Require_noErr(ret, ...)`. */
function testsVariable(text: string, statement: SyntaxNode, variable: string): boolean {
  if (statement.type === 'if_statement' || statement.type === 'switch_statement') {
    const condition = statement.childForFieldName('condition');
    return condition !== null && mentions(text, condition, variable);
  }
  if (statement.type === 'return_statement') return mentions(text, statement, variable);
  if (statement.type !== 'expression_statement') return false;
  const expression = statement.namedChildren[0];
  const call = expression ? readCall(text, unwrap(expression)) : undefined;
  return call !== undefined && requireShape(call.name) !== undefined && call.args.length > 0 && mentions(text, call.args[0], variable);
}
