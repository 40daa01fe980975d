// The call that makes a DriverKit buffer, as DK502 and DK503 read it.
import type { CallSite } from '../../../model/calls';

/** `IOBufferMemoryDescriptor::Create(options, capacity, alignment, &buffer)`, with its four arguments. */
export function isBufferCreate(call: CallSite): boolean {
  return call.qualifiedName === 'IOBufferMemoryDescriptor::Create' && call.args.length === 4;
}
