// Resolves a class or method name to its declarations in the workspace's .iig files, following user base classes.
import type { OffsetRange } from '../model/file-model';
import type { WorkspaceIndex } from './workspace-index';

/** A place in a file whose text the caller can convert offsets with. */
export interface TextTarget {
  readonly uri: string;
  readonly text: string;
  readonly range: OffsetRange;
}

/** How far a base-class chain is followed: deep enough for any real driver, bounded against cycles the index may hold. */
const MAX_CHAIN = 16;

export function classDeclaration(index: WorkspaceIndex, className: string): TextTarget | undefined {
  const located = index.findIigClass(className);
  return located ? { uri: located.uri, text: located.text, range: located.decl.nameRange } : undefined;
}

/**
 * The declarations of `methodName` (every overload) in `className`'s .iig or, when the class does not declare it, in
 * the nearest user base class that does.
 */
export function methodDeclarations(index: WorkspaceIndex, className: string, methodName: string): TextTarget[] {
  const seen = new Set<string>();
  let located = index.findIigClass(className);
  for (let depth = 0; located && depth < MAX_CHAIN && !seen.has(located.decl.name); depth++) {
    seen.add(located.decl.name);
    const { uri, text } = located;
    const found = located.decl.methods.filter((m) => m.name === methodName).map((m) => ({ uri, text, range: m.nameRange }));
    if (found.length > 0) return found;
    located = located.decl.baseClass !== undefined ? index.findIigClass(located.decl.baseClass) : undefined;
  }
  return [];
}

/**
 * The `TYPE(...)` handler `handlerName` that `CreateAction<handlerName>` is generated from: in `className` (and its
 * bases) when the call's class is known, otherwise in any indexed class that declares such a handler.
 */
export function handlerDeclarations(index: WorkspaceIndex, className: string | undefined, handlerName: string): TextTarget[] {
  if (className !== undefined) {
    const inClass = methodDeclarations(index, className, handlerName);
    if (inClass.length > 0) return inClass;
  }
  return index
    .allClasses()
    .flatMap(({ uri, text, decl }) => decl.methods.filter((m) => m.name === handlerName && m.typeReference !== undefined).map((m) => ({ uri, text, range: m.nameRange })));
}
