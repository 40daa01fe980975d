// IOPCI*Match strings ("0xDDDDVVVV&0xMASK …") and whether an entitlement's match covers a personality's.

/** One alternative of a match string: the 32-bit value and the mask it is compared under. */
export interface PciPattern {
  readonly text: string;
  readonly value: number;
  readonly mask: number;
}

/**
 * The space-separated alternatives of a match string, each `0x`-hexadecimal with an optional `&0xMASK` (the whole
 * 32 bits when absent); undefined when any alternative is not of that shape, so that callers stay silent.
 */
export function parsePciMatch(text: string): PciPattern[] | undefined {
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  const patterns: PciPattern[] = [];
  for (const word of words) {
    const [valueText, maskText, extra] = word.split('&');
    const value = hex32(valueText);
    const mask = maskText === undefined ? 0xffffffff : hex32(maskText);
    if (value === undefined || mask === undefined || extra !== undefined) return undefined;
    patterns.push({ text: word, value, mask });
  }
  return patterns;
}

function hex32(text: string): number | undefined {
  if (!/^0[xX][0-9a-fA-F]{1,8}$/.test(text)) return undefined;
  return Number.parseInt(text.slice(2), 16) >>> 0;
}

/**
 * Whether every device the personality's pattern matches also matches the entitlement's: the entitlement may only
 * compare bits the personality fixes, and those bits must agree.
 */
export function covers(entitlement: PciPattern, personality: PciPattern): boolean {
  if ((entitlement.mask & ~personality.mask) >>> 0 !== 0) return false;
  return ((entitlement.value & entitlement.mask) >>> 0) === ((personality.value & entitlement.mask) >>> 0);
}
