// Typed access to the DriverKit facts kept as data files beside this module.
import callbackData from './callback-prototypes.json';
import creatorData from './retained-creators.json';

export interface PrototypeParameter {
  readonly type: string;
  readonly name: string;
}

export interface CallbackSourceClass {
  readonly complete: boolean;
  readonly header: string;
  readonly prototypes: Readonly<Record<string, readonly PrototypeParameter[]>>;
}

const callbackClasses: Readonly<Record<string, CallbackSourceClass>> = callbackData.classes;

/** The callback-source class named `name`, if the knowledge base has it. */
export function callbackSourceClass(name: string): CallbackSourceClass | undefined {
  return Object.prototype.hasOwnProperty.call(callbackClasses, name) ? callbackClasses[name] : undefined;
}

export function callbackSourceClassNames(): readonly string[] {
  return Object.keys(callbackClasses);
}

const staticCreators: ReadonlySet<string> = new Set(creatorData.staticCreators);

/**
 * Whether a call returns an object at +1 through its last argument. `qualifiedName` is `Class::Method` for static
 * calls; `memberName` is the method name of a member or unqualified call.
 */
export function returnsRetainedOutParameter(call: { qualifiedName?: string; memberName: string }): boolean {
  if (call.qualifiedName !== undefined) return staticCreators.has(call.qualifiedName);
  if (creatorData.memberCreators.includes(call.memberName)) return true;
  return creatorData.memberCreatorPrefixes.some((prefix) => call.memberName.startsWith(prefix) && call.memberName.length > prefix.length);
}
