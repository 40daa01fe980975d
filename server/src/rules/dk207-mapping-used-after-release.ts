// DK207: releasing an IOMemoryMap unmaps it; an address read from it must not be used or kept after the release.
import type { FunctionDef } from '../model/file-model';
import { containsSyntaxError } from '../model/node-index';
import { defineFunctionRule, type ScopedFile, type Finding } from './rule';
import { findMappingMisuses, type MappingMisuse } from './support/lifetime/mapping-flow';

export const mappingUsedAfterRelease = defineFunctionRule(
  {
    code: 'DK207',
    name: 'mapping-used-after-release',
    summary: 'An address from `map->GetAddress()` is only valid while its `IOMemoryMap` is alive: do not use it after releasing the map, and do not keep it in the ivars while the map is a local that is released.',
    category: 'lifetime',
    defaultSeverity: 'warning',
    fixable: 'none',
    appliesTo: ['cpp', 'header'],
  },
  (fn, file) => checkFunction(file, fn),
);

function checkFunction(file: ScopedFile, fn: FunctionDef): Finding[] {
  if (!file.text.slice(fn.body.startIndex, fn.body.endIndex).includes('GetAddress') || containsSyntaxError(fn.body)) return [];
  const seen = new Set<number>();
  return findMappingMisuses({ text: file.text, body: fn.body })
    .filter((m) => !seen.has(m.node.startIndex) && seen.add(m.node.startIndex))
    .map((misuse) => ({
      range: { start: misuse.node.startIndex, end: misuse.node.endIndex },
      message: messageFor(file.text, misuse),
      related: [{ uri: file.uri, range: { start: misuse.release.startIndex, end: misuse.release.endIndex }, message: `'${misuse.map}' is released here, which unmaps the memory.` }],
    }));
}

function messageFor(text: string, misuse: MappingMisuse): string {
  if (misuse.kind === 'used-after-release') {
    return `'${misuse.address}' points into the mapping of '${misuse.map}', which was already released and so unmapped; use the address before releasing '${misuse.map}', or keep the map alive while you need it.`;
  }
  const target = misuse.node.childForFieldName('left') ?? misuse.node;
  const kept = text.slice(target.startIndex, target.endIndex);
  return `'${kept}' keeps an address inside the mapping of the local '${misuse.map}', which this function releases, so the stored address dangles; keep the IOMemoryMap in the ivars for as long as the address is used.`;
}
