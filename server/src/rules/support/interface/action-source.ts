// Finds which dispatch-source callback an action is created for, from the source it is handed to in the same file.
import setterData from '../../../knowledge/source-handler-setters.json';
import { findCalls, slice } from '../../../model/calls';
import type { FileModel, FunctionDef } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';

/** The prototype each source's handler setter expects (core-apis §3.3-3.5: `SetHandler(OSAction * action TYPE(...))`). */
const SETTER_PROTOTYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = setterData.sources;

export interface ActionSource {
  /** The dispatch-source class, e.g. `IOTimerDispatchSource`. */
  readonly sourceClass: string;
  /** The callback prototype the setter expects, e.g. `TimerOccurred`. */
  readonly prototype: string;
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * The callback an action is certainly meant for: `fn` passes the action it creates through `&action` to exactly one
 * `source->SetHandler(action)` (or `SetDataAvailableHandler`/`SetDataServicedHandler`), and every
 * `Class::Create(..., &source)` in the file names the same dispatch-source class. Undefined otherwise.
 */
export function actionSourceOf(file: FileModel, fn: FunctionDef, outArgument: SyntaxNode): ActionSource | undefined {
  const written = compact(slice(file.text, outArgument));
  if (!written.startsWith('&') || !file.tree) return undefined;
  const action = written.slice(1);
  const setters = findCalls(file.text, fn.body).filter(
    (c) => c.receiver !== undefined && c.args.length === 1 && compact(slice(file.text, c.args[0])) === action && /^Set\w*Handler$/.test(c.name),
  );
  const receivers = new Set(setters.map((c) => `${compact(slice(file.text, c.receiver as SyntaxNode))} ${c.name}`));
  if (setters.length === 0 || receivers.size !== 1) return undefined;
  const setter = setters[0];
  const source = `&${compact(slice(file.text, setter.receiver as SyntaxNode))}`;
  const creators = new Set(
    findCalls(file.text, file.tree.rootNode)
      .filter((c) => c.qualifiedName?.endsWith('::Create') === true && c.args.length > 0 && compact(slice(file.text, c.args[c.args.length - 1])) === source)
      .map((c) => (c.qualifiedName as string).slice(0, -'::Create'.length)),
  );
  if (creators.size !== 1) return undefined;
  const sourceClass = [...creators][0];
  const prototypes = Object.prototype.hasOwnProperty.call(SETTER_PROTOTYPES, sourceClass) ? SETTER_PROTOTYPES[sourceClass] : undefined;
  const prototype = prototypes && Object.prototype.hasOwnProperty.call(prototypes, setter.name) ? prototypes[setter.name] : undefined;
  return prototype ? { sourceClass, prototype } : undefined;
}
