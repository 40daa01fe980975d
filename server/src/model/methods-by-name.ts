// A class declaration's methods grouped by name, built once per declaration: rules ask for a method of the class for
// every function definition of a file, and scanning all its methods each time made that quadratic.
import type { ClassDecl, MethodDecl } from './file-model';

const NONE: readonly MethodDecl[] = Object.freeze([]);

// Declarations are immutable plain data, so the grouping can be kept as long as the declaration lives.
const groupsByClass = new WeakMap<ClassDecl, ReadonlyMap<string, readonly MethodDecl[]>>();

/** The declarations named `name` in the class body, in source order. */
export function methodsNamed(cls: ClassDecl, name: string): readonly MethodDecl[] {
  let groups = groupsByClass.get(cls);
  if (!groups) {
    const grouped = new Map<string, MethodDecl[]>();
    for (const method of cls.methods) {
      const group = grouped.get(method.name);
      if (group) group.push(method);
      else grouped.set(method.name, [method]);
    }
    groups = grouped;
    groupsByClass.set(cls, groups);
  }
  return groups.get(name) ?? NONE;
}
