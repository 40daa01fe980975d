// The code a class runs when it stops: its Stop implementation and the class's own helpers that Stop calls.
import { isSdkClass, sdkDispatchOf } from '../../../knowledge/sdk-methods';
import type { FunctionDef } from '../../../model/file-model';
import { functionsNamed, iigMethod, isSelfCall, type ClassScope } from './class-scope';
import { callsUnder } from './syntax';

export interface StopCode {
  /** `Stop` (IMPL or _Impl) and every member function of the class it reaches, cancel blocks included. */
  readonly functions: readonly FunctionDef[];
  /**
   * True when Stop reaches code this file does not show and that may cancel anything: a member function defined
   * elsewhere, an unknown function, or a function that is handed `this`.
   */
  readonly opaque: boolean;
}

/** Free functions and macros that cannot cancel the class's objects (they are not handed `this`). */
const KNOWN_FUNCTIONS = new Set([
  'os_log', 'os_log_info', 'os_log_debug', 'os_log_error', 'os_log_fault', 'IOLog', 'OSSafeReleaseNULL',
  'IOSafeDeleteNULL', 'IODelete', 'IOFree', 'IOSleep', 'IODelay', 'memset', 'memcpy', 'bzero', 'OSDynamicCast',
  'OSRequiredCast', 'static_cast', 'reinterpret_cast', 'const_cast', '__Require', '__Require_Action', '__Require_noErr',
  '__Require_noErr_Action', '__Check', '__Check_noErr', 'assert', 'clock_gettime_nsec_np', 'mach_absolute_time',
  'retain', 'release',
]);

/** Undefined when the class has no Stop definition in this file. */
export function stopCode(scope: ClassScope): StopCode | undefined {
  const { file } = scope;
  const stops = functionsNamed(scope, 'Stop');
  if (stops.length === 0) return undefined;
  const base = scope.iig?.decl.baseClass;
  const baseIsSdk = base !== undefined && isSdkClass(base);
  const sdkRoot = baseIsSdk ? base : 'IOService';
  const reached = new Set<FunctionDef>(stops);
  const queue = [...stops];
  let opaque = false;
  while (queue.length > 0 && !opaque) {
    const fn = queue.shift() as FunctionDef;
    for (const call of callsUnder(file.text, fn.body)) {
      const own = isSelfCall(scope, call) ? functionsNamed(scope, call.name) : [];
      if (own.length > 0) {
        for (const helper of own.filter((f) => !reached.has(f))) {
          reached.add(helper);
          queue.push(helper);
        }
        continue;
      }
      // Another object's methods (`pci->Close(this, 0)`) and static functions cannot reach this class's ivars.
      if (!isSelfCall(scope, call) || KNOWN_FUNCTIONS.has(call.name) || sdkDispatchOf(sdkRoot, call.name) !== undefined) continue;
      // A method the .iig declares but this file does not define, a function handed `this`, or (without an .iig or
      // with a base class the knowledge base does not know) any unknown name, may be where the cancelling happens.
      const handsThis = call.args.some((a) => file.text.slice(a.startIndex, a.endIndex).trim() === 'this');
      if (iigMethod(scope, call.name) !== undefined || handsThis || !baseIsSdk) opaque = true;
    }
  }
  return { functions: [...reached], opaque };
}
