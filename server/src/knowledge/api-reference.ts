// Typed access to the hover reference of DriverKit APIs in api-reference.json: classes, methods, functions, annotations.
import data from './api-reference.json';
import { sdkBaseOf } from './sdk-methods';

export type ApiDispatch = 'rpc' | 'localOnly';

export interface ApiClass {
  readonly kind: 'class' | 'struct' | 'type';
  readonly header: string;
  readonly superclass?: string;
  readonly summary: string;
  readonly docs?: string;
  readonly rules?: readonly string[];
}

export interface ApiMethod {
  readonly signature: string;
  readonly dispatch?: ApiDispatch;
  /** Two lines. */
  readonly summary: readonly string[];
  readonly docs?: string;
  readonly rules?: readonly string[];
}

export interface ApiFunction {
  readonly header: string;
  readonly signature: string;
  readonly summary: readonly string[];
  readonly docs?: string;
  readonly rules?: readonly string[];
}

export interface IigAnnotationReference {
  /** `macro` for IMPL and SUPERDISPATCH, which are ordinary macros rather than iig annotations. */
  readonly kind?: 'macro';
  readonly syntax: string;
  readonly summary: readonly string[];
  readonly docs?: string;
  readonly rules?: readonly string[];
}

const classes = data.classes as Readonly<Record<string, ApiClass>>;
const methods = data.methods as Readonly<Record<string, ApiMethod>>;
const functions = data.functions as Readonly<Record<string, ApiFunction>>;
const annotations = data.annotations as Readonly<Record<string, IigAnnotationReference>>;

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Method names by the classes that declare them, built once from the data. */
const declaringClasses: ReadonlyMap<string, readonly string[]> = (() => {
  const byName = new Map<string, string[]>();
  for (const key of Object.keys(methods)) {
    const separator = key.indexOf('::');
    const name = key.slice(separator + 2);
    byName.set(name, [...(byName.get(name) ?? []), key.slice(0, separator)]);
  }
  return byName;
})();

export function apiClass(name: string): ApiClass | undefined {
  return own(classes, name);
}

/** The method `name` as declared by `className` itself (not inherited). */
export function apiMethod(className: string, name: string): ApiMethod | undefined {
  return own(methods, `${className}::${name}`);
}

export function apiFunction(name: string): ApiFunction | undefined {
  return own(functions, name);
}

export function iigAnnotationReference(name: string): IigAnnotationReference | undefined {
  return own(annotations, name);
}

/** The classes of the reference that declare a method called `name`. */
export function classesDeclaring(name: string): readonly string[] {
  return declaringClasses.get(name) ?? [];
}

/** The SDK superclass of `className` from the reference or the dispatch facts; undefined at the root or when unknown. */
export function apiSuperclassOf(className: string): string | undefined {
  return apiClass(className)?.superclass ?? sdkBaseOf(className);
}

/** Every key of the reference, for coverage checks: class names, `Class::Method` keys, functions and annotations. */
export function apiReferenceKeys(): { classes: readonly string[]; methods: readonly string[]; functions: readonly string[]; annotations: readonly string[] } {
  return { classes: Object.keys(classes), methods: Object.keys(methods), functions: Object.keys(functions), annotations: Object.keys(annotations) };
}
