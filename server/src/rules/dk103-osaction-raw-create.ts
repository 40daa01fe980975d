// DK103: OSAction::Create builds an untyped action; only the iig-generated CreateAction<Handler> delivers callbacks.
import { callbackSourceClass } from '../knowledge/knowledge-base';
import type { FileModel, FunctionDef, MethodDecl } from '../model/file-model';
import { defineRule, type Finding, type Fix, type LocatedClass, type RuleContext } from './rule';
import { enclosingFunction, findCalls, slice, type CallSite } from '../model/calls';
import { actionSourceOf } from './support/interface/action-source';
import { addDeclarationToClass } from './support/iig-insertion';
import { formatParameter, lineBreakOf } from './support/source-text';

const RAW_CREATORS: Readonly<Record<string, { referenceSizeArg: number; actionArg: number; argCount: number }>> = {
  'OSAction::Create': { referenceSizeArg: 3, actionArg: 4, argCount: 5 },
  'OSAction::CreateWithTypeName': { referenceSizeArg: 3, actionArg: 5, argCount: 6 },
};

/** Handlers offered when the class declares none: the sources a driver most often creates actions for. */
const SUGGESTED_HANDLERS: readonly { name: string; source: string; prototype: string; label: string }[] = [
  { name: 'TimerOccurred', source: 'IOTimerDispatchSource', prototype: 'TimerOccurred', label: 'a timer' },
  { name: 'InterruptOccurred', source: 'IOInterruptDispatchSource', prototype: 'InterruptOccurred', label: 'an interrupt' },
  { name: 'DataAvailable', source: 'IODataQueueDispatchSource', prototype: 'DataAvailable', label: 'a data-queue' },
];

export const osactionRawCreate = defineRule(
  {
    code: 'DK103',
    name: 'osaction-raw-create',
    summary: 'Create actions with the iig-generated `CreateAction<Handler>(referenceSize, &action)`, never with `OSAction::Create`.',
    category: 'interface',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    if (!file.tree) return findings;
    for (const call of findCalls(file.text, file.tree.rootNode)) {
      const shape = call.qualifiedName !== undefined ? RAW_CREATORS[call.qualifiedName] : undefined;
      if (!shape) continue;
      const fn = enclosingFunction(file.functions, call.node.startIndex);
      const owner = fn?.className !== undefined ? context.workspace.findIigClass(fn.className) : undefined;
      findings.push({
        range: call.calleeRange,
        message: `'${call.qualifiedName}' creates an untyped action whose callback never reaches a handler; declare a TYPE handler in the .iig and call 'CreateAction<Handler>(referenceSize, &action)'.`,
        fixes: owner && fn ? fixesFor(file, call, fn, owner, shape) : [],
      });
    }
    return findings;
  },
);

function fixesFor(file: FileModel, call: CallSite, fn: FunctionDef, owner: LocatedClass, shape: { referenceSizeArg: number; actionArg: number; argCount: number }): Fix[] {
  // Only an action targeting this object can be re-created with the object's own generated factory.
  if (call.args.length !== shape.argCount || slice(file.text, call.args[0]).trim() !== 'this') return [];
  const referenceSize = slice(file.text, call.args[shape.referenceSizeArg]);
  const action = slice(file.text, call.args[shape.actionArg]);
  const declared = owner.decl.methods.filter((m) => m.typeReference !== undefined);
  const source = actionSourceOf(file, fn, call.args[shape.actionArg])?.sourceClass;
  const matching = declared.filter((m) => m.typeReference?.className === source);
  const handlers = matching.length > 0 ? matching : declared;
  const replace = (handler: string): Fix['edits'][number] => ({
    uri: file.uri,
    range: { start: call.node.startIndex, end: call.node.endIndex },
    newText: `CreateAction${handler}(${referenceSize}, ${action})`,
  });
  if (handlers.length > 0) {
    return handlers.map((h) => ({
      title: `Use 'CreateAction${h.name}' (${describe(h)})`,
      isPreferred: handlers.length === 1,
      edits: [replace(h.name)],
    }));
  }
  const taken = new Set(owner.decl.methods.map((m) => m.name));
  const forSource = SUGGESTED_HANDLERS.filter((s) => s.source === source);
  return (forSource.length > 0 ? forSource : SUGGESTED_HANDLERS).filter((s) => !taken.has(s.name)).map((s) => {
    const sourceClass = callbackSourceClass(s.source);
    const params = (sourceClass?.prototypes[s.prototype] ?? []).map((p) => formatParameter(p.type, p.name)).join(', ');
    const declaration = `virtual void ${s.name}(${params}) TYPE(${s.source}::${s.prototype});`;
    // The handler needs a definition too, or the generated dispatch table refers to an undefined _Impl.
    const eol = lineBreakOf(file.text);
    const definition = `${eol}${eol}void ${fn.className}::${s.name}_Impl(${params})${eol}{${eol}}`;
    return {
      title: `Declare ${s.label} handler '${s.name}' in ${fn.className}'s .iig and use 'CreateAction${s.name}'`,
      edits: [
        replace(s.name),
        { uri: file.uri, range: { start: fn.range.end, end: fn.range.end }, newText: definition },
        ...addDeclarationToClass(owner, declaration, sourceClass?.header),
      ],
    };
  });
}

function describe(handler: MethodDecl): string {
  const reference = handler.typeReference;
  return reference ? `${reference.className ?? ''}${reference.className ? '::' : ''}${reference.methodName}` : handler.name;
}
