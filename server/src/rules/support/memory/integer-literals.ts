// Reads C integer literals (`4096`, `0x1000`, `16384ULL`, `0b11`, `010`) as exact values.
import { slice } from '../../../model/calls';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { unwrap } from '../../../analysis/ownership/syntax-shapes';

/** The value of an integer literal (through parentheses and casts); undefined for anything else. */
export function integerValue(text: string, node: SyntaxNode): bigint | undefined {
  const inner = unwrap(node);
  if (inner.type !== 'number_literal') return undefined;
  const digits = slice(text, inner).replace(/'/g, '').replace(/[uUlLzZ]+$/, '');
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(digits) || /^0[bB][01]+$/.test(digits) || /^[1-9][0-9]*$|^0$/.test(digits)) return BigInt(digits);
    if (/^0[0-7]+$/.test(digits)) return BigInt(`0o${digits.slice(1)}`);
  } catch {
    return undefined;
  }
  return undefined;
}

export function isPowerOfTwo(value: bigint): boolean {
  return value > 0n && (value & (value - 1n)) === 0n;
}
