// Finds where generated code goes in a class's .cpp (ivars struct, init, free, Start, Stop) and builds the edits.
import { findCalls, type CallSite } from '../model/calls';
import type { FileModel, FunctionDef } from '../model/file-model';
import { nodesOfType } from '../model/node-index';
import type { SyntaxNode } from '../parser/syntax-node';
import type { TextEdit } from '../rules/rule';
import { indentationAt, lineStartOf, startsLine } from '../rules/support/source-text';
import { checkedCall, render, rpcDefinitionHeader, type Layout, type Line } from './source-layout';

/** What one generator adds to the class's implementation; every part is optional. */
export interface ImplementationPlan {
  /** Members of `struct C_IVars`, e.g. `IOTimerDispatchSource * pollTimer;`. */
  readonly ivarsMembers: readonly string[];
  /** File-scope lines placed after the ivars struct (constants). */
  readonly constants: readonly string[];
  /**
   * Statements run in Start after the super call: `name` is the status variable, `assign` its first assignment
   * (`kern_return_t ret = ` when it is new) and `provider` the name Start gives its provider.
   */
  readonly startSetup?: (ret: { readonly name: string; readonly assign: string; readonly provider: string }) => Line[];
  /** The source Stop cancels, and the action its completion releases. */
  readonly stopTeardown?: { readonly source: string; readonly action: string };
  /** Statements run in free() inside the ivars guard (a string is a statement at depth 0). */
  readonly freeReleases: readonly (string | Line)[];
  /** Whole definitions appended to the end of the file, as lines at depth 0. */
  readonly definitions: readonly (readonly Line[])[];
}

/** Lifecycle methods the plan made the file define for the first time (their .iig declarations are added too). */
export type CreatedMethod = 'init' | 'free' | 'Start' | 'Stop';

export interface ImplementationEdits {
  readonly edits: TextEdit[];
  readonly created: readonly CreatedMethod[];
}

export class ImplementationError extends Error {}

interface Context {
  readonly model: FileModel;
  readonly text: string;
  readonly className: string;
  readonly layout: Layout;
  readonly edits: TextEdit[];
  /** Lines appended at the end of the file, in order. */
  readonly appended: Line[][];
  readonly created: CreatedMethod[];
}

/** Builds the .cpp edits for `plan`; throws ImplementationError when an existing method has a shape it cannot extend. */
export function implementationEdits(model: FileModel, options: { readonly className: string; readonly layout: Layout; readonly plan: ImplementationPlan }): ImplementationEdits {
  const { className, layout, plan } = options;
  if (!model.tree) throw new ImplementationError(`The implementation of '${className}' could not be parsed.`);
  const context: Context = { model, text: model.text, className, layout, edits: [], appended: [], created: [] };
  const ivarsName = `${className}_IVars`;
  const ivarsStruct = findIvarsStruct(model, ivarsName);
  if (ivarsStruct) extendIvars(context, ivarsStruct, plan);
  else createIvars(context, ivarsName, plan);
  ensureInit(context, ivarsName, ivarsStruct !== undefined);
  extendFree(context, ivarsName, plan.freeReleases);
  if (plan.startSetup) extendStart(context, plan.startSetup);
  if (plan.stopTeardown) extendStop(context, plan.stopTeardown);
  context.appended.push(...plan.definitions.map((d) => [...d]));
  if (context.appended.length > 0) appendDefinitions(context);
  return { edits: context.edits, created: context.created };
}

function functionOf(context: Context, method: string): FunctionDef | undefined {
  return context.model.functions.find((fn) => fn.className === context.className && fn.methodName === method);
}

function findIvarsStruct(model: FileModel, name: string): SyntaxNode | undefined {
  const root = model.tree?.rootNode;
  if (!root) return undefined;
  return nodesOfType(root, 'struct_specifier').find((node) => {
    const id = node.childForFieldName('name');
    return id && node.childForFieldName('body') && model.text.slice(id.startIndex, id.endIndex) === name;
  });
}

function insert(context: Context, at: number, newText: string): void {
  context.edits.push({ uri: context.model.uri, range: { start: at, end: at }, newText });
}

/** The offset just after the line that contains `offset` (after its line break), or the end of the text. */
function afterLine(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  const cr = text.indexOf('\r', offset);
  if (lf < 0 && cr < 0) return text.length;
  if (cr >= 0 && (lf < 0 || cr < lf)) return text[cr + 1] === '\n' ? cr + 2 : cr + 1;
  return lf + 1;
}

/** Inserts lines (depth 0 = one step inside the block) just before a block's closing brace. */
function insertBeforeClose(context: Context, block: SyntaxNode, lines: readonly Line[]): void {
  const close = block.endIndex - 1;
  const base = indentationAt(context.text, close);
  const shifted = lines.map(([depth, line]) => [depth + 1, line] as Line);
  if (startsLine(context.text, close)) insert(context, lineStartOf(context.text, close), render(shifted, context.layout, base));
  else insert(context, close, context.layout.eol + render(shifted, context.layout, base));
}

/** Inserts lines after `statement`, indented like it. */
function insertAfter(context: Context, statement: SyntaxNode, lines: readonly Line[]): void {
  const at = afterLine(context.text, statement.endIndex);
  const prefix = at === context.text.length && !/[\r\n]$/.test(context.text) ? context.layout.eol : '';
  insert(context, at, prefix + render(lines, context.layout, indentationAt(context.text, statement.startIndex)));
}

/** Inserts lines before `statement`, indented like it. */
function insertBefore(context: Context, statement: SyntaxNode, lines: readonly Line[]): void {
  insert(context, lineStartOf(context.text, statement.startIndex), render(lines, context.layout, indentationAt(context.text, statement.startIndex)));
}

/**
 * Replaces `statement` with `lines`, indented like it: its whole lines when it has them to itself, otherwise just its
 * own text (a statement inside a one-line block), the new lines then continuing at the line's indentation.
 */
function replaceStatement(context: Context, statement: SyntaxNode, lines: readonly Line[]): void {
  const { text } = context;
  const base = indentationAt(text, statement.startIndex);
  const end = afterLine(text, statement.endIndex);
  const ownsLines = startsLine(text, statement.startIndex) && text.slice(statement.endIndex, end).trim() === '';
  if (ownsLines) {
    context.edits.push({ uri: context.model.uri, range: { start: lineStartOf(text, statement.startIndex), end }, newText: render(lines, context.layout, base) });
    return;
  }
  // The new lines go on lines of their own, one step in; the code after the statement resumes at the line's indent.
  let start = statement.startIndex;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let finish = statement.endIndex;
  while (finish < text.length && (text[finish] === ' ' || text[finish] === '\t')) finish++;
  const newText = context.layout.eol + render(lines, context.layout, base + context.layout.step) + (finish === end ? '' : base);
  context.edits.push({ uri: context.model.uri, range: { start, end: finish }, newText });
}

function extendIvars(context: Context, struct: SyntaxNode, plan: ImplementationPlan): void {
  const body = struct.childForFieldName('body') as SyntaxNode;
  if (plan.ivarsMembers.length > 0) insertBeforeClose(context, body, plan.ivarsMembers.map((m) => [0, m] as Line));
  if (plan.constants.length === 0) return;
  const semicolon = context.text.indexOf(';', struct.endIndex);
  const at = afterLine(context.text, semicolon >= 0 ? semicolon : struct.endIndex);
  insert(context, at, render([[0, ''], ...plan.constants.map((c) => [0, c] as Line)], context.layout));
}

function createIvars(context: Context, name: string, plan: ImplementationPlan): void {
  const lines: Line[] = [
    [0, '// iig classes may not have data members, so state lives here. IONewZero runs no constructors: use pointers and scalars.'],
    [0, `struct ${name} {`],
    ...plan.ivarsMembers.map((m) => [1, m] as Line),
    [0, '};'],
    [0, ''],
    ...plan.constants.map((c) => [0, c] as Line),
    ...(plan.constants.length > 0 ? [[0, ''] as Line] : []),
  ];
  const first = context.model.functions.find((fn) => fn.className === context.className);
  if (first) insert(context, lineStartOf(context.text, first.range.start), render(lines, context.layout));
  else context.appended.push(lines.slice(0, -1));
}

function ensureInit(context: Context, ivarsName: string, ivarsExisted: boolean): void {
  const init = functionOf(context, 'init');
  const allocation: Line[] = [
    [0, `ivars = IONewZero(${ivarsName}, 1);`],
    [0, 'if (ivars == nullptr) {'],
    [1, 'return false;'],
    [0, '}'],
  ];
  if (!init) {
    context.created.push('init');
    context.appended.push([
      [0, 'bool'],
      [0, `${context.className}::init()`],
      [0, '{'],
      [1, '// IOService::init creates the default dispatch queue, so it must succeed first.'],
      [1, 'if (!super::init()) {'],
      [2, 'return false;'],
      [1, '}'],
      ...allocation.map(([d, t]) => [d + 1, t] as Line),
      [1, 'return true;'],
      [0, '}'],
    ]);
    return;
  }
  const bodyText = context.text.slice(init.body.startIndex, init.body.endIndex);
  if (ivarsExisted || /\bIONew(Zero)?\s*\(/.test(bodyText)) return;
  const superStatement = init.body.namedChildren.find((s) => /\bsuper\s*::\s*init\s*\(/.test(context.text.slice(s.startIndex, s.endIndex)));
  if (superStatement && superStatement.type !== 'return_statement') insertAfter(context, superStatement, allocation);
  else throw new ImplementationError(`'${context.className}::init' does not allocate ivars and has no super::init() statement to allocate them after.`);
}

function extendFree(context: Context, ivarsName: string, releases: readonly (string | Line)[]): void {
  const free = functionOf(context, 'free');
  const releaseLines = releases.map((r) => (typeof r === 'string' ? ([0, r] as Line) : r));
  if (!free) {
    context.created.push('free');
    context.appended.push([
      [0, 'void'],
      [0, `${context.className}::free()`],
      [0, '{'],
      [1, '// free() also runs after a failed init(), when ivars is still NULL.'],
      [1, 'if (ivars != nullptr) {'],
      ...releaseLines.map(([d, t]) => [d + 2, t] as Line),
      [1, '}'],
      [1, `IOSafeDeleteNULL(ivars, ${ivarsName}, 1);`],
      [1, 'super::free();'],
      [0, '}'],
    ]);
    return;
  }
  if (releases.length === 0) return;
  const statements = free.body.namedChildren;
  const guard = statements.find((s) => s.type === 'if_statement' && /^\(\s*ivars\s*(!=\s*(nullptr|NULL|0)\s*)?\)$/.test(conditionText(context, s)));
  const consequence = guard?.childForFieldName('consequence');
  if (consequence?.type === 'compound_statement') {
    insertBeforeClose(context, consequence, releaseLines);
    return;
  }
  const guarded: Line[] = [[0, 'if (ivars != nullptr) {'], ...releaseLines.map(([d, t]) => [d + 1, t] as Line), [0, '}']];
  const teardown = statements.find((s) => /\b(IOSafeDeleteNULL|IODelete|IOFree|super\s*::\s*free)\s*\(/.test(context.text.slice(s.startIndex, s.endIndex)));
  if (teardown) insertBefore(context, teardown, guarded);
  else insertBeforeClose(context, free.body, guarded);
}

function conditionText(context: Context, ifStatement: SyntaxNode): string {
  const condition = ifStatement.childForFieldName('condition');
  return condition ? context.text.slice(condition.startIndex, condition.endIndex).replace(/\s+/g, ' ') : '';
}

function superCalls(context: Context, fn: FunctionDef, method: string): CallSite[] {
  return findCalls(context.text, fn.body).filter((c) => c.name === method && !c.receiver && !c.qualifiedName && c.args.length === 2 && context.text.slice(c.args[1].startIndex, c.args[1].endIndex) === 'SUPERDISPATCH');
}

/** The direct child of `body` that contains `node`. */
function topStatement(body: SyntaxNode, node: SyntaxNode): SyntaxNode | undefined {
  let current: SyntaxNode | null = node;
  while (current && current.parent !== body) current = current.parent;
  return current ?? undefined;
}

/** A status variable name that the function does not use yet. */
function freshStatusName(context: Context, fn: FunctionDef | undefined, wanted: string): string {
  const bodyText = fn ? context.text.slice(fn.body.startIndex, fn.body.endIndex) : '';
  for (const candidate of ['ret', 'status', `${wanted}Ret`]) if (!new RegExp(`\\b${candidate}\\b`).test(bodyText)) return candidate;
  return `${wanted}Status`;
}

function extendStart(context: Context, setup: NonNullable<ImplementationPlan['startSetup']>): void {
  const start = functionOf(context, 'Start');
  if (!start) {
    context.created.push('Start');
    const body = setup({ name: 'ret', assign: 'ret = ', provider: 'provider' });
    context.appended.push([
      [0, 'kern_return_t'],
      [0, rpcDefinitionHeader(context.layout, context.className, 'Start', 'IOService * provider')],
      [0, '{'],
      ...checkedCall('kern_return_t ret = ', 'Start(provider, SUPERDISPATCH)', 1, 'ret'),
      ...body.map(([d, t]) => [d + 1, t] as Line),
      [1, 'return kIOReturnSuccess;'],
      [0, '}'],
    ]);
    return;
  }
  const call = superCalls(context, start, 'Start')[0];
  const statement = call ? topStatement(start.body, call.node) : undefined;
  if (!call || !statement) throw new ImplementationError(`'${context.className}::Start' has no top-level call to 'Start(provider, SUPERDISPATCH)' to place the setup after.`);
  const callText = context.text.slice(call.node.startIndex, call.node.endIndex);
  const provider = context.text.slice(call.args[0].startIndex, call.args[0].endIndex);
  if (statement.type === 'return_statement') {
    const ret = freshStatusName(context, start, 'start');
    replaceStatement(context, statement, [...checkedCall(`kern_return_t ${ret} = `, callText, 0, ret), ...setup({ name: ret, assign: `${ret} = `, provider }), [0, 'return kIOReturnSuccess;']]);
    return;
  }
  const assigned = /^(?:kern_return_t|IOReturn|auto)?\s*([A-Za-z_]\w*)\s*=\s*$/.exec(context.text.slice(statement.startIndex, call.node.startIndex).trim() + ' ');
  const declared = assigned?.[1];
  // The status check that usually follows the super call (an if, or an AssertMacros __Require) stays right after it.
  const next = statement.nextNamedSibling;
  const checksStatus = (node: SyntaxNode): boolean =>
    node.type === 'if_statement' ? conditionText(context, node).includes(declared ?? '') : node.type === 'expression_statement' && /^__Require\w*\s*\(/.test(context.text.slice(node.startIndex, node.endIndex)) && context.text.slice(node.startIndex, node.endIndex).includes(declared ?? '');
  const after = declared && next && checksStatus(next) ? next : statement;
  if (declared) {
    insertAfter(context, after, setup({ name: declared, assign: `${declared} = `, provider }));
    return;
  }
  const ret = freshStatusName(context, start, 'start');
  insertAfter(context, after, setup({ name: ret, assign: `kern_return_t ${ret} = `, provider }));
}

function extendStop(context: Context, teardown: NonNullable<ImplementationPlan['stopTeardown']>): void {
  const { source, action } = teardown;
  const stop = functionOf(context, 'Stop');
  if (!stop) {
    context.created.push('Stop');
    context.appended.push([
      [0, 'kern_return_t'],
      [0, rpcDefinitionHeader(context.layout, context.className, 'Stop', 'IOService * provider')],
      [0, '{'],
      ...cancelThenStop({ source, action, provider: 'provider', ret: 'ret' }).map(([d, t]) => [d + 1, t] as Line),
      [0, '}'],
    ]);
    return;
  }
  const calls = superCalls(context, stop, 'Stop');
  // A super Stop inside a completion block: chain the new Cancel in front of the innermost one, so super still runs
  // last. Several at the same depth (a counter shared by parallel cancels) leave no single place to chain into.
  const depthOf = (call: CallSite): number => completionDepth(context, call.node, stop.body);
  const deepest = Math.max(0, ...calls.map(depthOf));
  const innermost = deepest > 0 ? calls.filter((c) => depthOf(c) === deepest) : [];
  if (innermost.length > 1) throw new ImplementationError(`'${context.className}::Stop' passes Stop on from several Cancel completions, so the generator cannot tell which one runs last; cancel '${source}' there by hand.`);
  const inCompletion = innermost[0];
  if (inCompletion) {
    const statement = enclosingStatement(inCompletion.node);
    const provider = context.text.slice(inCompletion.args[0].startIndex, inCompletion.args[0].endIndex);
    const superText = `Stop(${provider}, SUPERDISPATCH);`;
    replaceStatement(context, statement, [
      [0, `// ${source} is cancelled last; its completion passes Stop on to the superclass.`],
      [0, `if (${source} == nullptr || ${source}->Cancel(^{`],
      [2, `OSSafeReleaseNULL(${action});`],
      [2, superText],
      [1, '}) != kIOReturnSuccess) {'],
      [1, superText],
      [0, '}'],
    ]);
    return;
  }
  const returned = calls.find((c) => topStatement(stop.body, c.node)?.type === 'return_statement' && c.node.parent?.type === 'return_statement');
  if (!returned) throw new ImplementationError(`'${context.className}::Stop' neither returns 'Stop(provider, SUPERDISPATCH)' nor calls it from a Cancel completion, so the generator cannot tell where to cancel '${source}'.`);
  const provider = context.text.slice(returned.args[0].startIndex, returned.args[0].endIndex);
  const statement = topStatement(stop.body, returned.node) as SyntaxNode;
  replaceStatement(context, statement, cancelThenStop({ source, action, provider, ret: freshStatusName(context, stop, 'stop') }));
}

/** How many completion blocks (`^{ … }`) enclose `node` below `stopAt`. */
function completionDepth(context: Context, node: SyntaxNode, stopAt: SyntaxNode): number {
  let depth = 0;
  for (let n = node.parent; n && n !== stopAt; n = n.parent) if (n.type === 'compound_statement' && (n.parent?.type === 'block_literal' || context.text[n.startIndex - 1] === '^')) depth++;
  return depth;
}

function enclosingStatement(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.parent && current.parent.type !== 'compound_statement') current = current.parent;
  return current;
}

/** The canonical Stop tail: cancel the source, release its action and call super Stop from the completion. */
function cancelThenStop(names: { source: string; action: string; provider: string; ret: string }): Line[] {
  const { source, action, provider, ret } = names;
  const superStop = `Stop(${provider}, SUPERDISPATCH)`;
  return [
    [0, `if (${source} == nullptr) {`],
    [1, `return ${superStop};`],
    [0, '}'],
    [0, '// The action retains this driver, so it is dropped here rather than in free(). Super Stop waits for the'],
    [0, '// cancel handler, so no callback outlives the provider.'],
    [0, `kern_return_t ${ret} = ${source}->Cancel(^{`],
    [1, `OSSafeReleaseNULL(${action});`],
    [1, `${superStop};`],
    [0, '});'],
    [0, `if (${ret} != kIOReturnSuccess) {`],
    [1, `OSSafeReleaseNULL(${action});`],
    [1, `return ${superStop};`],
    [0, '}'],
    [0, 'return kIOReturnSuccess;'],
  ];
}

function appendDefinitions(context: Context): void {
  const text = context.text;
  const end = text.length;
  const needsBreak = end > 0 && !/[\r\n]$/.test(text);
  const separator = end > 0 ? context.layout.eol : '';
  const body = context.appended.map((lines) => render(lines, context.layout)).join(context.layout.eol);
  insert(context, end, (needsBreak ? context.layout.eol : '') + separator + body);
}
