// Finds the init()/free() overrides of DriverKit classes in a .cpp and the super:: calls inside them.
import { findCalls, readCall, type CallSite } from '../../../model/calls';
import type { FunctionDef } from '../../../model/file-model';
import { containsSyntaxError } from '../../../model/node-index';
import type { SyntaxNode } from '../../../parser/syntax-node';
import type { RuleContext, ScopedFile } from '../../rule';
import { collect, identifiersNamed } from './node-shapes';

/**
 * Whether `fn` is a definition of `bool C::init()` or `void C::free()` (no parameters or `(void)`, plain form) whose class is a DriverKit
 * class: declared in an .iig of the workspace, or using the iig-generated `ivars` in the body. A helper class with a
 * method of the same name is left alone, and so is a body that does not parse cleanly.
 */
export function isOverrideOf(fn: FunctionDef, file: ScopedFile, context: RuleContext, method: 'init' | 'free'): boolean {
  const returnType = method === 'init' ? 'bool' : 'void';
  return (
    fn.methodName === method &&
    fn.className !== undefined &&
    fn.form === 'plain' &&
    (fn.params.length === 0 || (fn.params.length === 1 && fn.params[0].type === 'void' && !fn.params[0].name)) &&
    fn.returnType === returnType &&
    !containsSyntaxError(fn.body) &&
    (context.workspace.findIigClass(fn.className) !== undefined || identifiersNamed(file.text, fn.body, 'ivars').length > 0)
  );
}

/** Calls of `super::method()` (or `Base::method()`) with no arguments, in source order. */
export function superCalls(text: string, fn: FunctionDef, method: string): CallSite[] {
  // Arguments do not make it another call: `super::free(SUPERDISPATCH)` is still the super call (DK107 reports the form).
  return findCalls(text, fn.body).filter((c) => {
      if (!c.qualifiedName || c.name !== method) return false;
      const scope = c.qualifiedName.slice(0, -(method.length + 2));
      return scope !== fn.className && scope !== '';
    });
}

/**
 * True when the body calls something that looks like a project macro (`DRIVER_TEARDOWN();`, `FREE_IVARS;`): its
 * expansion, which the rules cannot see, may well contain the super call. Logging macros (any string argument) do
 * not count.
 */
export function callsUnknownMacro(text: string, body: SyntaxNode): boolean {
  const macroName = /^[A-Z][A-Z0-9_]*[A-Z0-9]$/;
  return (
    collect(body, (n) => {
      if (n.type === 'expression_statement') {
        const only = n.namedChildren.filter((c) => c.type !== 'comment');
        return only.length === 1 && only[0].type === 'identifier' && macroName.test(text.slice(only[0].startIndex, only[0].endIndex));
      }
      const call = readCall(text, n);
      if (!call || call.qualifiedName || call.receiver || !macroName.test(call.name)) return false;
      return !call.args.some((a) => a.type === 'string_literal' || a.type === 'concatenated_string');
    }).length > 0
  );
}
