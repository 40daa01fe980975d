// DK110: SetDispatchQueue only accepts names the class declares with QUEUENAME, and a declared queue must be registered.
import { enclosingFunction, findCalls, type CallSite } from '../model/calls';
import type { FileModel, FunctionDef, MethodDecl } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineRule, type Finding, type Fix, type WorkspaceView } from './rule';
import { editDistance } from './support/edit-distance';
import { selfCallSpelling } from './support/plumbing/call-target';
import { declaredQueueNames, definesWholeClass, resolveQueueName, stringLiteralValue } from './support/plumbing/queue-names';
import { DEFAULT_QUEUE_NAME } from './support/plumbing/sdk-facts';

const MAX_TYPO_DISTANCE = 2;

/** The file under analysis and the workspace holding the classes' .iig. */
interface Scope {
  readonly file: FileModel;
  readonly workspace: WorkspaceView;
}

interface Registration {
  readonly call: CallSite;
  readonly fn?: FunctionDef;
  readonly name?: string;
}

export const queueNameMismatch = defineRule(
  {
    code: 'DK110',
    name: 'queue-name-mismatch',
    summary: '`SetDispatchQueue(name, queue)` must name a queue the class (or an SDK base class) declares with `QUEUENAME(name)`, or `"Default"`; and every `QUEUENAME` your .iig declares should be registered with `SetDispatchQueue`.',
    category: 'interface',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context): Finding[] => {
    if (!file.tree) return [];
    const registrations: Registration[] = findCalls(file.text, file.tree.rootNode)
      .filter((call) => call.name === 'SetDispatchQueue' && call.args.length === 2)
      .map((call) => ({ call, fn: enclosingFunction(file.functions, call.node.startIndex), name: resolveQueueName(file, call.args[0]) }));
    const scope: Scope = { file, workspace: context.workspace };
    const checked = registrations.map((r) => checkRegistration(scope, r));
    const findings = checked.flatMap((c) => (c ? [c.finding] : []));
    // A name that cannot be read could be any queue, so unregistered queues are only certain when all are read.
    if (registrations.every((r) => r.name !== undefined)) {
      // A misspelled registration already reports the queue it was meant for.
      const misspelled = new Set(checked.map((c) => c?.suggestion));
      findings.push(...unregisteredQueues(scope, registrations).filter((u) => !misspelled.has(u.queue)).map((u) => u.finding));
    }
    return findings;
  },
);

function checkRegistration({ file, workspace }: Scope, registration: Registration): { finding: Finding; suggestion?: string } | undefined {
  const { call, fn, name } = registration;
  const className = fn?.className;
  if (name === undefined || name === DEFAULT_QUEUE_NAME || className === undefined) return undefined;
  if (selfCallSpelling(call, { className, workspace }) === undefined) return undefined;
  const declared = declaredQueueNames({ className, workspace });
  if (!declared.complete || declared.names.includes(name)) return undefined;
  const near = [...new Set(declared.names)].filter((n) => editDistance(n, name) <= MAX_TYPO_DISTANCE);
  const hint = near.length === 1 ? `did you mean "${near[0]}"?` : `register one of the names the .iig declares, or add 'QUEUENAME(${name})' to the method that should run on this queue.`;
  const argument = call.args[0];
  const finding: Finding = {
    range: rangeOf(argument),
    message: `No QUEUENAME of '${className}' or its base classes declares "${name}", so 'SetDispatchQueue' fails with kIOReturnBadArgument and the methods stay on the default queue; ${hint}`,
    fixes: near.length === 1 ? typoFix(file, { argument, declared: near[0] }) : [],
  };
  return { finding, suggestion: near.length === 1 ? near[0] : undefined };
}

/** Only a misspelled literal is rewritten; a macro or constant is defined elsewhere and may be shared. */
function typoFix(file: FileModel, { argument, declared }: { argument: SyntaxNode; declared: string }): Fix[] {
  if (stringLiteralValue(file.text, argument) === undefined) return [];
  return [{ title: `Change the queue name to "${declared}"`, isPreferred: true, edits: [{ uri: file.uri, range: rangeOf(argument), newText: `"${declared}"` }] }];
}

/**
 * A QUEUENAME in the class's own .iig with no SetDispatchQueue naming it. Reported only when this file holds the
 * whole class (it defines every method the .iig declares) and the class derives from an SDK class, so that no
 * other file can be the one registering it.
 */
function unregisteredQueues({ file, workspace }: Scope, registrations: readonly Registration[]): { queue: string; finding: Finding }[] {
  const registered = new Set(registrations.map((r) => r.name));
  const findings: { queue: string; finding: Finding }[] = [];
  for (const className of new Set(file.functions.map((f) => f.className))) {
    const located = className !== undefined ? workspace.findIigClass(className) : undefined;
    // A base class of the workspace has its own Start, which may register the queues of its subclasses.
    const base = located?.decl.baseClass;
    if (!located || !definesWholeClass(file, located.decl) || (base !== undefined && workspace.findIigClass(base))) continue;
    for (const method of located.decl.methods) {
      const queue = method.queueName;
      if (queue === undefined || queue === DEFAULT_QUEUE_NAME || method.isPureVirtual || registered.has(queue)) continue;
      const definition = file.functions.find((f) => f.className === className && f.methodName === method.name);
      if (definition) findings.push({ queue, finding: unregistered({ iigUri: located.uri, method, definition, queue }) });
    }
  }
  return findings;
}

function unregistered({ iigUri, method, definition, queue }: { iigUri: string; method: MethodDecl; definition: FunctionDef; queue: string }): Finding {
  const annotation = method.annotations.find((a) => a.name === 'QUEUENAME');
  return {
    range: definition.nameRange,
    message: `'${method.name}' is declared 'QUEUENAME(${queue})', but this file never calls 'SetDispatchQueue("${queue}", queue)', so '${method.name}' runs on the default queue; create a queue and register it under that name before the method can be called.`,
    related: annotation ? [{ uri: iigUri, range: { start: annotation.start, end: annotation.end }, message: `'${method.name}' asks for queue '${queue}' here.` }] : [],
  };
}
