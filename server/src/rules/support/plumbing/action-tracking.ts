// Follows actions and dispatch sources through one file: who creates them and which setter receives which action.
import { findCalls, slice, type CallSite } from '../../../model/calls';
import { perDefinition } from '../../../model/definition-memo';
import type { FileModel, FunctionDef } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { isDispatchSourceClass, isHandlerSetter } from './sdk-facts';

const FACTORY_PREFIX = 'CreateAction';

export interface ActionCreation {
  readonly call: CallSite;
  /** `TimerFired` for `CreateActionTimerFired(...)`. */
  readonly handler: string;
  readonly fn: FunctionDef;
  readonly key: string;
}

export interface SourceCreation {
  readonly call: CallSite;
  readonly sourceClass: string;
  readonly key: string;
}

export interface HandlerAssignment {
  readonly call: CallSite;
  /** `SetHandler`, `SetDataAvailableHandler` or `SetDataServicedHandler`. */
  readonly setter: string;
  readonly action: SyntaxNode;
  readonly sourceKey: string;
  readonly actionKey: string;
}

export interface PlumbingFacts {
  readonly actions: readonly ActionCreation[];
  readonly sources: readonly SourceCreation[];
  readonly assignments: readonly HandlerAssignment[];
  /** Every handler some `CreateAction<H>` call in the file creates an action for, tracked or not. */
  readonly createdHandlers: ReadonlySet<string>;
}

/** Where a tracked object lives: a local of its function (named alone) or an ivar of its class (keyed in full). */
interface LocalKey {
  readonly local: boolean;
  readonly key: string;
}

/** One function's plumbing, with local keys not yet told apart from other functions' (see collectPlumbing). */
interface FunctionPlumbing {
  readonly actions: readonly Keyed<ActionCreation, 'key'>[];
  readonly sources: readonly Keyed<SourceCreation, 'key'>[];
  readonly assignments: readonly Keyed<HandlerAssignment, 'sourceKey' | 'actionKey'>[];
  readonly createdHandlers: readonly string[];
}

type Keyed<T, K extends keyof T> = Omit<T, K> & { readonly [P in K]: LocalKey };

/** Reads every `CreateAction<H>(size, &x)`, `<Source>::Create(..., &s)` and `s->Set…Handler(x)` in the file's functions. */
export function collectPlumbing(file: FileModel): PlumbingFacts {
  const actions: ActionCreation[] = [];
  const sources: SourceCreation[] = [];
  const assignments: HandlerAssignment[] = [];
  const createdHandlers = new Set<string>();
  file.functions.forEach((fn, index) => {
    // A local's key names its function by position: unique in this file, and the same whichever function moved.
    const keyOf = ({ local, key }: LocalKey): string => (local ? `${index}:${key}` : key);
    const plumbing = functionPlumbing(fn, file.text);
    for (const action of plumbing.actions) actions.push({ ...action, key: keyOf(action.key) });
    for (const source of plumbing.sources) sources.push({ ...source, key: keyOf(source.key) });
    for (const assignment of plumbing.assignments) assignments.push({ ...assignment, sourceKey: keyOf(assignment.sourceKey), actionKey: keyOf(assignment.actionKey) });
    for (const handler of plumbing.createdHandlers) createdHandlers.add(handler);
  });
  return { actions, sources, assignments, createdHandlers };
}

const functionPlumbing = perDefinition((fn, text): FunctionPlumbing => {
  const plumbing = { actions: [] as Keyed<ActionCreation, 'key'>[], sources: [] as Keyed<SourceCreation, 'key'>[], assignments: [] as Keyed<HandlerAssignment, 'sourceKey' | 'actionKey'>[], createdHandlers: [] as string[] };
  const scope: KeyScope = { text, fn };
  for (const call of findCalls(text, fn.body)) {
    const last = call.args[call.args.length - 1];
    if (isFactoryCall(call)) plumbing.createdHandlers.push(call.name.slice(FACTORY_PREFIX.length));
    if (isFactoryCall(call) && call.args.length === 2) {
      const key = outArgumentKey(scope, last);
      if (key) plumbing.actions.push({ call, handler: call.name.slice(FACTORY_PREFIX.length), fn, key });
    } else if (call.qualifiedName?.endsWith('::Create') && last) {
      const sourceClass = call.qualifiedName.slice(0, -'::Create'.length);
      const key = isDispatchSourceClass(sourceClass) ? outArgumentKey(scope, last) : undefined;
      if (key) plumbing.sources.push({ call, sourceClass, key });
    } else if (isHandlerSetter(call.name) && call.receiver && call.args.length === 1) {
      const sourceKey = trackingKey(scope, call.receiver);
      const actionKey = trackingKey(scope, call.args[0]);
      if (sourceKey && actionKey) plumbing.assignments.push({ call, setter: call.name, action: call.args[0], sourceKey, actionKey });
    }
  }
  return plumbing;
});

function isFactoryCall(call: CallSite): boolean {
  const onThis = !call.receiver || call.receiver.type === 'this';
  return onThis && call.qualifiedName === undefined && call.name.startsWith(FACTORY_PREFIX) && call.name.length > FACTORY_PREFIX.length;
}

/** The member function an expression is read in; locals are scoped to it and ivars to its class. */
interface KeyScope {
  readonly text: string;
  readonly fn: FunctionDef;
}

/**
 * An identity for the object an expression names: a local is scoped to its function; an ivar (`ivars->timer`) to
 * the class, across the file. Anything else (array elements, call results) gives undefined, and the rules stay
 * silent.
 */
function trackingKey({ text, fn }: KeyScope, node: SyntaxNode | undefined): LocalKey | undefined {
  if (node?.type === 'identifier') return { local: true, key: slice(text, node) };
  // Each class has its own ivars, so two classes implemented in one file do not share `ivars->timer`.
  return node && isIvarPath(text, node) ? { local: false, key: `${fn.className ?? ''}:${slice(text, node).replace(/\s+/g, '')}` } : undefined;
}

/** The key of `x` in an out-argument `&x`. */
function outArgumentKey(scope: KeyScope, node: SyntaxNode | undefined): LocalKey | undefined {
  if (node?.type !== 'pointer_expression' || node.children[0]?.type !== '&') return undefined;
  return trackingKey(scope, node.childForFieldName('argument') ?? undefined);
}

/** `ivars->name` or `ivars->group.name`: a chain of plain fields rooted at `ivars`. */
function isIvarPath(text: string, node: SyntaxNode): boolean {
  if (node.type === 'identifier') return slice(text, node) === 'ivars';
  if (node.type !== 'field_expression') return false;
  const object = node.childForFieldName('argument');
  return object !== null && isIvarPath(text, object);
}
