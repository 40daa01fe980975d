// Typed access to the SDK facts the dispatch-plumbing rules need: declared queue names and handler-setter prototypes.
import queueData from '../../../knowledge/sdk-queue-names.json';
import setterData from '../../../knowledge/source-handler-setters.json';

const queueClasses: Readonly<Record<string, readonly string[]>> = queueData.classes;
const queueConstants: Readonly<Record<string, string>> = queueData.constants;
const sources: Readonly<Record<string, Readonly<Record<string, string>>>> = setterData.sources;

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** The name of every IOService's default queue, which SetDispatchQueue always accepts. */
export const DEFAULT_QUEUE_NAME: string = queueData.defaultQueueName;

/** Every QUEUENAME the SDK class itself declares, or undefined when the class's queue names are not known. */
export function sdkQueueNames(className: string): readonly string[] | undefined {
  return own(queueClasses, className);
}

/** The queue name an SDK macro such as `kIOServiceDefaultQueueName` spells. */
export function sdkQueueNameConstant(identifier: string): string | undefined {
  return own(queueConstants, identifier);
}

/** True for the dispatch-source classes whose `Create(..., &source)` the handler rules follow. */
export function isDispatchSourceClass(className: string): boolean {
  return own(sources, className) !== undefined;
}

export function isHandlerSetter(methodName: string): boolean {
  return Object.values(sources).some((setters) => own(setters, methodName) !== undefined);
}

/** The callback prototype `sourceClass::setter` accepts (`TimerOccurred`), or undefined when the pair is unknown. */
export function expectedPrototype(sourceClass: string, setter: string): string | undefined {
  const setters = own(sources, sourceClass);
  return setters ? own(setters, setter) : undefined;
}
