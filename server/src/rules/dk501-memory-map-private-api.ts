// DK501: IOMemoryDescriptor::Map is private API with no owning IOMemoryMap; map with CreateMapping instead.
import type { FileModel, FunctionDef } from '../model/file-model';
import { findCalls, slice, type CallSite } from '../model/calls';
import { perDefinition } from '../model/definition-memo';
import { rangeOf } from '../model/syntax-helpers';
import { unwrap } from '../analysis/ownership/syntax-shapes';
import { defineRule, type Finding } from './rule';
import { declaredTypeOf } from './support/memory/local-declarations';

export const memoryMapPrivateApi = defineRule(
  {
    code: 'DK501',
    name: 'memory-map-private-api',
    summary: "Don't map memory with the private six-argument `IOMemoryDescriptor::Map`; use `CreateMapping` and keep the returned `IOMemoryMap` for as long as the address is used (or `GetAddressRange` for an `IOBufferMemoryDescriptor`).",
    category: 'memory',
    defaultSeverity: 'warning',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel): Finding[] => {
    const findings: Finding[] = [];
    for (const fn of file.functions) {
      for (const call of sixArgumentMaps(fn, file.text)) {
        if (receiverMayBeDescriptor(file, fn, call)) {
          const receiver = slice(file.text, call.receiver as NonNullable<typeof call.receiver>);
          findings.push({
            range: rangeOf(call.node),
            message: `'${receiver}->Map(...)' is a private IOMemoryDescriptor method whose mapping no IOMemoryMap owns; call '${receiver}->CreateMapping(...)' and keep the map while the address is in use${buffersHint(file, fn, call)}.`,
          });
        }
      }
    }
    return findings;
  },
);

/**
 * A function's `x->Map(options, address, length, alignment, &address, &length)` calls: six arguments through `->`.
 * Read from the function alone, so kept across edits of other functions.
 */
const sixArgumentMaps = perDefinition((fn, text): CallSite[] =>
  findCalls(text, fn.body).filter((call) => {
    if (call.name !== 'Map' || call.args.length !== 6 || !call.receiver || call.qualifiedName !== undefined) return false;
    return call.node.childForFieldName('function')?.children.some((c) => c.type === '->') === true;
  }),
);

/**
 * When the receiver's declaration is in view, it must be a memory descriptor; a receiver of unknown type is reported,
 * because no other DriverKit class has a six-argument `Map`.
 */
function receiverMayBeDescriptor(file: FileModel, fn: FunctionDef, call: CallSite): boolean {
  if (!call.receiver) return false;
  const type = declaredTypeOf({ file, fn, expression: unwrap(call.receiver) });
  return type === undefined || /MemoryDescriptor/.test(type);
}

function buffersHint(file: FileModel, fn: FunctionDef, call: CallSite): string {
  const type = call.receiver ? declaredTypeOf({ file, fn, expression: unwrap(call.receiver) }) : undefined;
  return type !== undefined && /IOBufferMemoryDescriptor/.test(type) ? ", or read the buffer's address with 'GetAddressRange'" : '';
}
