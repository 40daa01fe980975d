// Typed access to the IOKitPersonalities facts: the kernel classes a dext personality may name, and their families.
import data from './personality-families.json';

export interface KernelClassFacts {
  /** The kext that holds the class: the personality's CFBundleIdentifierKernel. */
  readonly kernelBundle: string;
  /** The providers the family documents; undefined when any provider is fine. */
  readonly providers?: readonly string[];
  /** DriverKit base classes whose subclasses must use this IOClass. */
  readonly bases: readonly string[];
  readonly familyEntitlement?: string;
  readonly peripheralDeviceType?: number;
}

const kernelClasses: Readonly<Record<string, KernelClassFacts>> = data.kernelClasses;
const driverKitOnly: Readonly<Record<string, string>> = data.driverKitOnlyClasses;

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export const ENTITLEMENTS = data.entitlements;
export const USER_CLIENT_CLASS = data.userClientClass;
/** The `com.apple.developer.driverkit*` entitlement keys Apple documents. */
export const KNOWN_DRIVERKIT_ENTITLEMENTS: readonly string[] = data.knownDriverKitEntitlements;

/** The facts for an IOClass a dext personality may name; undefined for classes the knowledge base does not list. */
export function kernelClassFacts(ioClass: string): KernelClassFacts | undefined {
  return own(kernelClasses, ioClass);
}

/** The IOClass a subclass of the DriverKit family class `base` needs, when `base` is one that needs its own. */
export function kernelClassForBase(base: string): string | undefined {
  return Object.keys(kernelClasses).find((name) => kernelClasses[name].bases.includes(base));
}

/** For a DriverKit class that exists only in the dext process, the kernel class a personality names instead. */
export function kernelClassInsteadOf(driverKitClass: string): string | undefined {
  return own(driverKitOnly, driverKitClass);
}
