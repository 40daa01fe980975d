// DK604: IOPCIDevice register access needs a session (Open), and the session should be closed in Stop.
import type { FileModel } from '../model/file-model';
import { defineRule, type Finding, type RuleContext } from './rule';
import { classScopes, typeHandlerNames } from './support/dispatch/class-scope';
import { reachableFunctions } from './support/pci/class-reach';
import { deviceEscapes, pciClass, receiverText, type ClassCall, type PciClass } from './support/pci/pci-device';
import { isPciAccessor, PCI_CLOSE, PCI_OPEN } from './support/pci/pci-facts';

export const pciAccessWithoutOpen = defineRule(
  {
    code: 'DK604',
    name: 'pci-access-without-open',
    summary:
      'Open the `IOPCIDevice` before any `ConfigurationRead/Write…` or `MemoryRead/Write…` call and close it in `Stop`: without a session the accessors fail silently and reads return all-ones.',
    category: 'family',
    defaultSeverity: 'warning',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const scope of classScopes(file, context)) {
      // Another file of the class may open or close the device.
      if (!scope.wholeClassInFile) continue;
      const pci = pciClass(scope);
      if (!pci.ownsDevice) continue;
      const finding = missingOpen(pci) ?? missingClose(pci);
      if (finding) findings.push(finding);
    }
    return findings;
  },
);

/** The first register access of a class that never opens the device. */
function missingOpen(pci: PciClass): Finding | undefined {
  const text = pci.scope.file.text;
  const accesses = pci.calls.filter(({ call, fn }) => isPciAccessor(call.name) && call.receiver !== undefined && pci.denotes(fn, call.receiver) === 'pci');
  if (accesses.length === 0 || pci.calls.some((c) => mayBeSessionCall(pci, c, PCI_OPEN)) || deviceEscapes(pci)) return undefined;
  const first = accesses[0].call;
  const device = receiverText(text, first);
  return {
    range: first.calleeRange,
    message: `'${first.name}' accesses '${device}', but '${pci.scope.name}' never opens it, so the accessors fail silently and reads return all-ones; call '${device}->Open(this, 0)' before the first access (in Start, or UserInitializeController for a SCSI controller).`,
  };
}

/** The first Open of a class whose Stop (and what Stop calls) never closes the device. */
function missingClose(pci: PciClass): Finding | undefined {
  const { scope } = pci;
  const opens = pci.calls.filter(({ call, fn }) => call.name === PCI_OPEN && call.receiver !== undefined && pci.denotes(fn, call.receiver) === 'pci');
  if (opens.length === 0 || deviceEscapes(pci)) return undefined;
  const open = opens[0].call;
  const device = receiverText(scope.file.text, open);
  const stops = scope.functions.filter((f) => f.methodName === 'Stop');
  if (stops.length === 0) {
    // Without the .iig nothing says whether Stop is overridden in some other file.
    if (!scope.iig || scope.iig.decl.methods.some((m) => m.name === 'Stop')) return undefined;
    return {
      range: open.calleeRange,
      message: `'${scope.name}' opens '${device}' but does not override 'Stop' to close it, so the session stays open until the kernel force-closes it after Stop; override Stop and call '${device}->Close(this, 0)' before 'Stop(provider, SUPERDISPATCH)'.`,
    };
  }
  const reached = new Set(reachableFunctions(scope, stops));
  if (pci.calls.some((c) => reached.has(c.fn) && (mayBeSessionCall(pci, c, PCI_CLOSE) || handsOnSelf(pci, c)))) return undefined;
  // A handler that runs later (a cancel or completion action) may close on Stop's behalf.
  const handlers = typeHandlerNames(scope);
  if (pci.calls.some((c) => handlers.has(c.fn.methodName) && mayBeSessionCall(pci, c, PCI_CLOSE))) return undefined;
  return {
    range: open.calleeRange,
    message: `'${device}' is opened here but '${scope.name}::Stop' never closes it, so the session stays open until the kernel force-closes it after Stop; call '${device}->Close(this, 0)' in Stop before 'Stop(provider, SUPERDISPATCH)'.`,
  };
}

/**
 * True for `device->Open(…)` / `device->Close(…)` on the PCI device or on an object of unknown type, and for a
 * call on the object itself to a method this file does not define: any of them may open or close the session.
 */
function mayBeSessionCall(pci: PciClass, { call, fn }: ClassCall, name: string): boolean {
  if (call.name !== name) return false;
  if (call.receiver) return pci.denotes(fn, call.receiver) !== 'other';
  return call.qualifiedName === undefined && !pci.scope.functions.some((f) => f.methodName === name);
}

/** A call that hands the object itself to a function the class does not define (`Teardown(this)`), which may close for it. */
function handsOnSelf(pci: PciClass, { call }: ClassCall): boolean {
  const text = pci.scope.file.text;
  if (call.receiver !== undefined || pci.scope.functions.some((f) => f.methodName === call.name)) return false;
  return call.args.some((arg) => text.slice(arg.startIndex, arg.endIndex).trim() === 'this');
}
