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
  for (let current: string | undefined = className, depth = 0; current !== undefined && depth < 16; current = own(bases, current), depth++) {
    const entry = own(classes, current);
    if (entry?.rpc.includes(method)) return 'rpc';
    if (entry?.localOnly.includes(method)) return 'localOnly';
  }
  return undefined;
}
