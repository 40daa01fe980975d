// Compares a definition's parameter types with a declaration's, reporting a difference only when it is certain.
import type { ParameterDecl } from '../../../model/file-model';
import type { WorkspaceView } from '../../rule';
import { isKnownClassName } from './class-dispatch';

/** MacTypes and IOKit spellings of the fixed-width integer types. */
const ALIASES: Readonly<Record<string, string>> = {
  UInt8: 'uint8_t',
  UInt16: 'uint16_t',
  UInt32: 'uint32_t',
  UInt64: 'uint64_t',
  SInt8: 'int8_t',
  SInt16: 'int16_t',
  SInt32: 'int32_t',
  SInt64: 'int64_t',
};

/** Distinct fundamental types: two different names from this set are never the same type. */
const DISTINCT_SCALARS: ReadonlySet<string> = new Set(['bool', 'uint8_t', 'uint16_t', 'uint32_t', 'uint64_t', 'int8_t', 'int16_t', 'int32_t', 'int64_t', 'float', 'double']);

interface TypeShape {
  readonly base: string;
  /** Pointer and reference levels, outermost last (`**`, `*&`). */
  readonly indirection: string;
  /** Whether what a pointer or reference points to is const (top-level const does not change a signature). */
  readonly pointeeConst: boolean;
}

/** Reads a normalised type (`const uint16_t[32]`, `OSAction*`, `IOService*const`) into the parts a signature keeps. */
function shapeOf(type: string): TypeShape {
  let text = type.trim();
  let indirection = '';
  // An array parameter is a pointer parameter (only the outermost dimension decays).
  const array = /^(.*?)\[[^\]]*\]$/.exec(text);
  if (array) {
    text = array[1].trim();
    indirection = '*';
  }
  for (;;) {
    const trailing = /^(.*?)(?:\s*\b(const|volatile))?\s*([*&])$/.exec(text) ?? /^(.*?)\s*\b(?:const|volatile)$/.exec(text);
    if (!trailing) break;
    if (trailing[3] === undefined) {
      // Top-level const/volatile after the last declarator operator: `IOService*const`.
      text = trailing[1];
      continue;
    }
    indirection = trailing[3] + indirection;
    text = trailing[1];
  }
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const qualifiers = new Set(['const', 'volatile']);
  const elaborated = new Set(['struct', 'class', 'enum', 'union']);
  const pointeeConst = indirection.length > 0 && words.includes('const');
  const base = words.filter((w) => !qualifiers.has(w) && !elaborated.has(w)).map((w) => ALIASES[w] ?? w).join(' ');
  return { base, indirection, pointeeConst };
}

function typesCertainlyDiffer(a: string, b: string, workspace: WorkspaceView): boolean {
  const x = shapeOf(a);
  const y = shapeOf(b);
  if (x.indirection !== y.indirection) return true;
  if (x.indirection.length > 0 && x.pointeeConst !== y.pointeeConst) return true;
  if (x.base === y.base) return false;
  const known = (base: string): boolean => DISTINCT_SCALARS.has(base) || (/^\w+$/.test(base) && isKnownClassName(base, workspace));
  // Any other pair may be a typedef and its target (`IOReturn` and `kern_return_t`), which C++ treats as one type.
  return known(x.base) && known(y.base);
}

/** `(void)` declares no parameters. */
export function effectiveParameters(params: readonly ParameterDecl[]): readonly ParameterDecl[] {
  return params.length === 1 && params[0].type === 'void' && params[0].name === undefined ? [] : params;
}

/**
 * True when the two parameter lists certainly declare different signatures: a different count, or a position where
 * the types differ in indirection, pointee constness, or are two different types known not to be typedefs.
 */
export function parametersCertainlyDiffer(defined: readonly ParameterDecl[], declared: readonly ParameterDecl[], workspace: WorkspaceView): boolean {
  const a = effectiveParameters(defined);
  const b = effectiveParameters(declared);
  return a.length !== b.length || a.some((p, i) => typesCertainlyDiffer(p.type, b[i].type, workspace));
}

/** `OSAction*` + `action` → `OSAction * action`; `IOService**` → `IOService ** provider`; unnamed keeps the type. */
export function formatParameterText(type: string, name: string | undefined): string {
  const spaced = type.replace(/\s*([*&]+)\s*/g, ' $1').trim();
  if (name === undefined) return spaced;
  const array = /^(.*?)(\[.*\])$/.exec(spaced);
  return array ? `${array[1].trim()} ${name}${array[2]}` : `${spaced} ${name}`;
}

/**
 * The declaration's parameter list with the names the definition used (position by position), so that a body
 * written against those names keeps compiling. Undefined when the counts differ or the names would collide.
 */
export function declaredTypesWithDefinedNames(defined: readonly ParameterDecl[], declared: readonly ParameterDecl[]): string | undefined {
  const a = effectiveParameters(defined);
  const b = effectiveParameters(declared);
  if (a.length !== b.length) return undefined;
  const names = b.map((p, i) => a[i].name ?? p.name);
  const named = names.filter((n): n is string => n !== undefined);
  if (new Set(named).size !== named.length) return undefined;
  return b.map((p, i) => formatParameterText(p.type, names[i])).join(', ');
}

/** The declaration's own parameter list, as `IMPL(Class, Method)` exposes it to the body. */
export function declaredParameterText(declared: readonly ParameterDecl[]): string {
  return effectiveParameters(declared).map((p) => formatParameterText(p.type, p.name)).join(', ');
}
