// Follows actions and dispatch sources through one file: who creates them and which setter receives which action.
import { findCalls, slice, type CallSite } from '../../../model/calls';
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

/** Reads every `CreateAction<H>(size, &x)`, `<Source>::Create(..., &s)` and `s->Set…Handler(x)` in the file's functions. */
export function collectPlumbing(file: FileModel): PlumbingFacts {
  const actions: ActionCreation[] = [];
  const sources: SourceCreation[] = [];
  const assignments: HandlerAssignment[] = [];
  const createdHandlers = new Set<string>();
  for (const fn of file.functions) {
    const scope: KeyScope = { file, fn };
    for (const call of findCalls(file.text, fn.body)) {
      const last = call.args[call.args.length - 1];
      if (isFactoryCall(call)) createdHandlers.add(call.name.slice(FACTORY_PREFIX.length));
      if (isFactoryCall(call) && call.args.length === 2) {
        const key = outArgumentKey(scope, last);
        if (key) actions.push({ call, handler: call.name.slice(FACTORY_PREFIX.length), fn, key });
      } else if (call.qualifiedName?.endsWith('::Create') && last) {
        const sourceClass = call.qualifiedName.slice(0, -'::Create'.length);
        const key = isDispatchSourceClass(sourceClass) ? outArgumentKey(scope, last) : undefined;
        if (key) sources.push({ call, sourceClass, key });
      } else if (isHandlerSetter(call.name) && call.receiver && call.args.length === 1) {
        const sourceKey = trackingKey(scope, call.receiver);
        const actionKey = trackingKey(scope, call.args[0]);
        if (sourceKey && actionKey) assignments.push({ call, setter: call.name, action: call.args[0], sourceKey, actionKey });
      }
    }
  }
  return { actions, sources, assignments, createdHandlers };
}

function isFactoryCall(call: CallSite): boolean {
  const onThis = !call.receiver || call.receiver.type === 'this';
  return onThis && call.qualifiedName === undefined && call.name.startsWith(FACTORY_PREFIX) && call.name.length > FACTORY_PREFIX.length;
}

/** The member function an expression is read in; locals are scoped to it and ivars to its class. */
interface KeyScope {
  readonly file: FileModel;
  readonly fn: FunctionDef;
}

/**
 * An identity for the object an expression names: a local is scoped to its function; an ivar (`ivars->timer`) to
 * the class, across the file. Anything else (array elements, call results) gives undefined, and the rules stay
 * silent.
 */
function trackingKey({ file, fn }: KeyScope, node: SyntaxNode | undefined): string | undefined {
  if (node?.type === 'identifier') return `${fn.range.start}:${slice(file.text, node)}`;
  // Each class has its own ivars, so two classes implemented in one file do not share `ivars->timer`.
  return node && isIvarPath(file, node) ? `${fn.className ?? ''}:${slice(file.text, node).replace(/\s+/g, '')}` : undefined;
}

/** The key of `x` in an out-argument `&x`. */
function outArgumentKey(scope: KeyScope, node: SyntaxNode | undefined): string | undefined {
  if (node?.type !== 'pointer_expression' || node.children[0]?.type !== '&') return undefined;
  return trackingKey(scope, node.childForFieldName('argument') ?? undefined);
}

/** `ivars->name` or `ivars->group.name`: a chain of plain fields rooted at `ivars`. */
function isIvarPath(file: FileModel, node: SyntaxNode): boolean {
  if (node.type === 'identifier') return slice(file.text, node) === 'ivars';
  if (node.type !== 'field_expression') return false;
  const object = node.childForFieldName('argument');
  return object !== null && isIvarPath(file, object);
}
