// The member functions a class method reaches through calls on itself, blocks and lambdas included.
import { findCalls } from '../../../model/calls';
import type { FunctionDef } from '../../../model/file-model';
import { isSelfCall, type ClassScope } from '../dispatch/class-scope';

/**
 * `roots` and every member function of the class defined in this file that they call on the object itself
 * (`Helper()`, `this->Helper()`, `Class::Helper()`), transitively. Code in Clang blocks and lambdas counts: a
 * `Cancel(^{ CloseDevice(); })` in Stop reaches `CloseDevice`.
 */
export function reachableFunctions(scope: ClassScope, roots: readonly FunctionDef[]): FunctionDef[] {
  const reached = new Set<FunctionDef>(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    const fn = queue.pop() as FunctionDef;
    for (const call of findCalls(scope.file.text, fn.body)) {
      if (!isSelfCall(scope, call)) continue;
      for (const callee of scope.functions) {
        if (callee.methodName !== call.name || reached.has(callee)) continue;
        reached.add(callee);
        queue.push(callee);
      }
    }
  }
  return [...reached];
}
