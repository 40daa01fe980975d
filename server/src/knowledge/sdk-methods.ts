// How SDK methods are dispatched: message-dispatched (rpc) or plain C++ (LOCALONLY), looked up along a class chain.
import data from './sdk-methods.json';

export type Dispatch = 'rpc' | 'localOnly';

interface SdkClass {
  readonly rpc: readonly string[];
  readonly localOnly: readonly string[];
}

const classes: Readonly<Record<string, SdkClass>> = data.classes;
const bases: Readonly<Record<string, string>> = data.bases;

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The SDK base class of `className`, if the knowledge base knows it. */
export function sdkBaseOf(className: string): string | undefined {
  return own(bases, className);
}

export function isSdkClass(className: string): boolean {
  return own(classes, className) !== undefined;
}

/**
 * How `method` is dispatched when inherited from the SDK class `className` or its SDK bases; undefined when no
 * class on the chain declares it (then nothing certain can be said).
 */
export function sdkDispatchOf(className: string, method: string): Dispatch | undefined {
  let known = dispatchByClass.get(className);
  if (known === undefined) {
    // Only names the knowledge base has are remembered, so that the map stays as small as the SDK.
    if (own(classes, className) === undefined && own(bases, className) === undefined) return undefined;
    dispatchByClass.set(className, (known = dispatchAlongChain(className)));
  }
  return known.get(method);
}

/** Per SDK class, every method its chain declares (rules ask once per function definition of a file). */
const dispatchByClass = new Map<string, ReadonlyMap<string, Dispatch>>();

/** The nearest declaration on the chain decides; within one class, rpc before LOCALONLY. */
function dispatchAlongChain(className: string): ReadonlyMap<string, Dispatch> {
  const known = new Map<string, Dispatch>();
  for (let current: string | undefined = className, depth = 0; current !== undefined && depth < 16; current = own(bases, current), depth++) {
    const entry = own(classes, current);
    for (const method of entry?.rpc ?? []) if (!known.has(method)) known.set(method, 'rpc');
    for (const method of entry?.localOnly ?? []) if (!known.has(method)) known.set(method, 'localOnly');
  }
  return known;
}
