// How calls affect a tracked object: acquiring it at +1, releasing it, or merely borrowing it.
import { returnsRetainedOutParameter } from '../../knowledge/knowledge-base';
import type { CallSite } from '../../model/calls';
import { isAddressOf, isIdentifier, unwrap } from './syntax-shapes';

const RELEASE_MACROS = new Set(['OSSafeReleaseNULL', 'OSSafeRelease']);
const RELEASE_METHODS = new Set(['release', 'free']);

/**
 * Calls known to use an object without taking over the caller's reference (they retain it themselves if they keep
 * it). Passing the tracked object to any other call counts as handing it off, which keeps the rule silent.
 */
const BORROWING_CALLS = new Set([
  'SetHandler', 'SetDataAvailableHandler', 'SetDataServicedHandler', 'SetDispatchQueue', 'SetEnable',
  'SetEnableWithCompletion', 'WakeAtTime', 'Cancel', 'PrepareForDMA', 'CompleteDMA', 'GetPreparation',
  'PerformOperation', 'GetAddressRange', 'SetLength', 'GetLength', 'GetAddress', 'setObject', 'OSDynamicCast',
  'OSRequiredCast', 'IOLog', 'os_log', 'printf', 'AsyncIO', 'IO', 'DispatchAsync', 'DispatchSync',
  'UserSetTargetProperties', 'UserSetHBAProperties', 'UserReportHBAConstraints', 'UserCreateTargetForID',
  'SetProperties', 'memcpy', 'memset', 'bzero', 'strlcpy', 'OSSafeReleaseNULL', 'OSSafeRelease',
]);

export type CallEffect = 'acquire' | 'release-null' | 'release' | 'borrow' | 'hand-off' | 'none';

/** What `call` does to the variable `name`; `passes(i)` tells whether argument `i` may be the object itself. */
export function effectOnVariable(text: string, call: CallSite, name: string, passes: (index: number) => boolean): CallEffect {
  const last = call.args[call.args.length - 1];
  if (last && isAddressOf(text, last, name) && returnsRetainedOutParameter({ qualifiedName: call.qualifiedName, memberName: call.name })) {
    return 'acquire';
  }
  if (RELEASE_MACROS.has(call.name) && call.args.length === 1 && isIdentifier(text, unwrap(call.args[0]), name)) {
    return call.name === 'OSSafeReleaseNULL' ? 'release-null' : 'release';
  }
  if (RELEASE_METHODS.has(call.name) && call.args.length === 0 && call.receiver && isIdentifier(text, unwrap(call.receiver), name)) {
    return 'release';
  }
  const passed = call.args.some((_, index) => passes(index));
  if (!passed) return 'none';
  const borrows = BORROWING_CALLS.has(call.name) || returnsRetainedOutParameter({ qualifiedName: call.qualifiedName, memberName: call.name }) || call.name === 'Create';
  return borrows ? 'borrow' : 'hand-off';
}
