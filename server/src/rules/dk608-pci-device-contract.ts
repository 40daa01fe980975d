// DK608: device contracts a PCI or USB driver must keep: memory indexes from GetBARInfo, bus mastering enabled for
// DMA, and a zero timeout on interrupt pipes.
import { findCalls, slice, type CallSite } from '../model/calls';
import type { FileModel } from '../model/file-model';
import { perDefinition, perTopLevelSubtree } from '../model/definition-memo';
import { nodesOfType } from '../model/node-index';
import { rangeOf } from '../model/syntax-helpers';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineRule, type Finding, type RuleContext } from './rule';
import { classScopes } from './support/dispatch/class-scope';
import { unwrapExpression } from './support/dispatch/syntax';
import { integerValue } from './support/memory/integer-literals';
import { deviceEscapes, pciClass, receiverText, type PciClass } from './support/pci/pci-device';
import {
  PCI_BAR_CONSTANTS,
  PCI_BAR_INFO,
  PCI_COMMAND_ENABLE_BITS,
  PCI_COMMAND_OFFSET_CONSTANTS,
  PCI_COMMAND_OFFSET_VALUE,
  PCI_CONFIG_WRITERS,
  PCI_DMA_CREATORS,
  PCI_MEMORY_ACCESSORS,
} from './support/pci/pci-facts';
import { interruptPipeTimeouts } from './support/pci/usb-interrupt-pipes';

export const pciDeviceContract = defineRule(
  {
    code: 'DK608',
    name: 'pci-device-contract',
    summary:
      'Keep the device contracts of PCIDriverKit and USBDriverKit: pass `MemoryRead/Write…` a memory index from `GetBARInfo` rather than a BAR number, enable bus mastering and memory space before DMA, and use a zero timeout on interrupt pipes.',
    category: 'family',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    const declarations = file.tree ? file.tree.rootNode.namedChildren.map((top) => pciCallsIn(top, file.text)) : [];
    const asksBarInfo = declarations.some((calls) => calls.asksBarInfo);
    const configWrites = declarations.flatMap((calls) => calls.configWrites);
    for (const scope of classScopes(file, context)) {
      // Another file of the class may call GetBARInfo, set the command register or write the pipe.
      if (!scope.wholeClassInFile) continue;
      const pci = pciClass(scope);
      if (!asksBarInfo) findings.push(...barNumberIndexes(pci));
      const busMaster = busMasterNeverEnabled(pci, configWrites);
      if (busMaster) findings.push(busMaster);
      for (const found of interruptPipeTimeouts(scope)) {
        findings.push({
          range: rangeOf(found.timeout),
          message: `'${found.pipe}' is an interrupt pipe, and interrupt transfers must not time out: USBDriverKit requires 'completionTimeoutMs' to be 0 on interrupt endpoints; pass 0 to '${found.call.name}'.`,
          fixes: [{ title: 'Use a zero timeout on the interrupt pipe', isPreferred: true, edits: [{ uri: file.uri, range: rangeOf(found.timeout), newText: '0' }] }],
        });
      }
    }
    return findings;
  },
);

/** What one top-level declaration calls of the file-wide PCI questions: GetBARInfo, and configuration writes. */
const pciCallsIn = perTopLevelSubtree((top, text) => {
  const calls = findCalls(text, top);
  return { asksBarInfo: calls.some((c) => c.name === PCI_BAR_INFO), configWrites: calls.filter((c) => PCI_CONFIG_WRITERS.has(c.name) && c.args.length === 2) };
});

/** A function's `MemoryRead/Write…` calls on some receiver whose memory index is a literal BAR number above 0. */
const barNumberIndexCalls = perDefinition((fn, text) =>
  findCalls(text, fn.body).flatMap((call) => {
    if (!PCI_MEMORY_ACCESSORS.has(call.name) || call.args.length < 3 || !call.receiver) return [];
    const bar = barNumberOf(text, call.args[0]);
    return bar === undefined || bar === 0 ? [] : [{ call, receiver: call.receiver, bar }];
  }),
);

/** `MemoryRead32(2, …)` or `MemoryRead32(kPCIMemoryRangeBAR2, …)` in a file that never asks GetBARInfo: once per BAR. */
function barNumberIndexes(pci: PciClass): Finding[] {
  const text = pci.scope.file.text;
  const reported = new Set<number>();
  const findings: Finding[] = [];
  // The receiver is judged last: it is the one class-wide question, and a literal BAR number is rare.
  for (const fn of pci.scope.functions) {
    for (const { call, receiver, bar } of barNumberIndexCalls(fn, text)) {
      if (reported.has(bar) || pci.denotes(fn, receiver) !== 'pci') continue;
      reported.add(bar);
      const index = call.args[0];
      findings.push({
        range: rangeOf(index),
        message: `'${call.name}' takes a memory index, not a BAR number, and '${slice(text, index)}' is BAR ${bar}'s index only when no 64-bit BAR comes before it; get the index with '${receiverText(text, call)}->GetBARInfo(kPCIMemoryRangeBAR${bar}, &memoryIndex, &size, &type)' and pass that.`,
      });
    }
  }
  return findings;
}

/** The BAR a literal memory index names: `2`, `kPCIMemoryRangeBAR2`; undefined for anything else. */
function barNumberOf(text: string, node: SyntaxNode): number | undefined {
  const inner = unwrapExpression(node);
  if (inner.type === 'identifier') return PCI_BAR_CONSTANTS[slice(text, inner)];
  const value = integerValue(text, inner);
  return value !== undefined && value <= 5n ? Number(value) : undefined;
}

/** The first IODMACommand::Create of a PCI-owning class whose file never sets the command register's enable bits. */
function busMasterNeverEnabled(pci: PciClass, configWrites: readonly CallSite[]): Finding | undefined {
  const { scope } = pci;
  const text = scope.file.text;
  if (!pci.ownsDevice || !scope.file.tree) return undefined;
  const dma = pci.calls.find(({ call }) => call.qualifiedName !== undefined && PCI_DMA_CREATORS.has(call.qualifiedName));
  if (!dma) return undefined;
  const bits = new Set(PCI_COMMAND_ENABLE_BITS);
  if (nodesOfType(scope.file.tree.rootNode, 'identifier').some((id) => bits.has(slice(text, id)))) return undefined;
  if (configWrites.some((c) => mayBeCommandOffset(text, c.args[0]))) return undefined;
  if (deviceEscapes(pci)) return undefined;
  return {
    range: dma.call.calleeRange,
    message: `'${dma.call.qualifiedName}' sets up DMA, but '${scope.name}' never enables bus mastering and memory space on its PCI device, so the device cannot reach memory; after 'Open', read the command register and write it back with 'kIOPCICommandBusLead | kIOPCICommandMemorySpace' ('ConfigurationWrite16(kIOPCIConfigurationOffsetCommand, …)').`,
  };
}

/** True unless the offset is certainly another register: a different `kIOPCIConfigurationOffset…` or another literal. */
function mayBeCommandOffset(text: string, node: SyntaxNode): boolean {
  const inner = unwrapExpression(node);
  if (inner.type === 'identifier') {
    const name = slice(text, inner);
    return PCI_COMMAND_OFFSET_CONSTANTS.has(name) || !name.startsWith('kIOPCIConfigurationOffset');
  }
  const value = integerValue(text, inner);
  return value === undefined || value === BigInt(PCI_COMMAND_OFFSET_VALUE);
}
