// Lays out generated C++ like the file it lands in: line breaks, one indentation step, definition style.
import type { FileModel } from '../model/file-model';
import { lineBreakOf } from '../rules/support/source-text';

/** A generated line: its nesting depth inside the function (0 = the function's own lines) and its text. */
export type Line = readonly [depth: number, text: string];

export interface Layout {
  readonly eol: string;
  /** One indentation step as the file writes it (four spaces, a tab, …). */
  readonly step: string;
  /** How the class writes RPC method definitions: `IMPL(C, M)` or `C::M_Impl(...)`. */
  readonly style: 'impl-macro' | 'impl-suffix';
}

export function layoutOf(model: FileModel, className: string): Layout {
  const text = model.text;
  const own = model.functions.filter((fn) => fn.className === className);
  const style = own.some((fn) => fn.form === 'impl-suffix') && !own.some((fn) => fn.form === 'impl-macro') ? 'impl-suffix' : 'impl-macro';
  return { eol: lineBreakOf(text), step: indentStepOf(text), style };
}

/** The indentation of the first indented line inside a function body; four spaces when there is none. */
function indentStepOf(text: string): string {
  const match = /\{[ \t]*\r?\n([ \t]+)\S/.exec(text);
  if (!match) return '    ';
  const indent = match[1];
  return indent.startsWith('\t') ? '\t' : indent;
}

/** Renders lines at `base` indentation plus `depth` steps; empty texts become empty lines. */
export function render(lines: readonly Line[], layout: Layout, base = ''): string {
  return lines.map(([depth, text]) => (text === '' ? layout.eol : `${base}${layout.step.repeat(depth)}${text}${layout.eol}`)).join('');
}

/** `kern_return_t ret = …; if (ret != kIOReturnSuccess) { return ret; }` as lines, the shape the snippets use. */
export function checkedCall(retAssign: string, call: string, depth: number, ret: string): Line[] {
  return [
    [depth, `${retAssign}${call};`],
    [depth, `if (${ret} != kIOReturnSuccess) {`],
    [depth + 1, `return ${ret};`],
    [depth, '}'],
  ];
}

/** The header of a definition in the class's style: `IMPL(C, M)` or `C::M_Impl(params)`. */
export function rpcDefinitionHeader(layout: Layout, className: string, method: string, params: string): string {
  return layout.style === 'impl-macro' ? `IMPL(${className}, ${method})` : `${className}::${method}_Impl(${params})`;
}
