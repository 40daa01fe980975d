// Tells whether a call inside a member function is made on the object itself, and how it is spelled.
import type { CallSite } from '../../../model/calls';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { ancestorsOf, type ClassScope } from './class-lookup';

/**
 * `plain` for `M(...)`, `this` for `this->M(...)`, `qualified` for `super::M(...)`, `Own::M(...)` or
 * `Base::M(...)`; undefined for a call on another object or class, where the receiver's class is not this one.
 */
export type SelfCallSpelling = 'plain' | 'this' | 'qualified';

export function selfCallSpelling(call: CallSite, scope: ClassScope): SelfCallSpelling | undefined {
  if (call.receiver) return call.receiver.type === 'this' ? 'this' : undefined;
  if (call.qualifiedName === undefined) return 'plain';
  const qualifier = call.qualifiedName.slice(0, call.qualifiedName.lastIndexOf('::'));
  if (qualifier === 'super' || qualifier === scope.className || ancestorsOf(scope).includes(qualifier)) return 'qualified';
  return undefined;
}

/** The node naming the method in a call's callee: `Start` in `super::Start`, `this->Start` or `Start`. */
export function methodNameNode(call: CallSite): SyntaxNode | undefined {
  const callee = call.node.childForFieldName('function');
  if (!callee) return undefined;
  if (callee.type === 'identifier') return callee;
  if (callee.type === 'field_expression') return callee.childForFieldName('field') ?? undefined;
  if (callee.type === 'qualified_identifier') {
    let name = callee.childForFieldName('name');
    while (name?.type === 'qualified_identifier') name = name.childForFieldName('name');
    return name ?? undefined;
  }
  return undefined;
}

/** True when the argument is the SUPERDISPATCH macro or its expansion through `super::_Dispatch`. */
export function isSuperDispatchArgument(text: string, argument: SyntaxNode): boolean {
  const written = text.slice(argument.startIndex, argument.endIndex);
  // Asked of every argument of every call: most are neither, and are told apart without building a new string.
  if (!written.includes('SUPERDISPATCH') && !written.includes('_Dispatch')) return false;
  const spelled = written.replace(/\s+/g, '');
  return spelled === 'SUPERDISPATCH' || spelled.includes('::_Dispatch');
}
