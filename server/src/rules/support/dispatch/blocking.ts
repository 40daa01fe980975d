// Recognises code that blocks a serial dispatch queue: long sleeps and delays, and register polls with no bound (DK305).
import type { CallSite } from '../../../model/calls';
import type { FileModel } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { walk } from '../../../model/syntax-helpers';
import type { EvaluationContext } from './constants';
import { addressOperand, callsUnder, compactText, isDeferredRoot } from './syntax';

/** Worst-case blocking time from which a sleep or delay is reported: 100 ms, in microseconds. */
export const BLOCKING_THRESHOLD_US = 100_000n;

const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement', 'for_range_loop']);
const REGISTER_READ = /^(MemoryRead(8|16|32|64)|ConfigurationRead(8|16|32))$/;
const WAITS = new Set(['IOSleep', 'IODelay']);

export interface SleepCost {
  /** Worst-case time the call blocks, in microseconds (times the iteration counts of constant-bounded loops). */
  readonly microseconds: bigint;
  readonly inLoop: boolean;
}

/** The blocking time of `IOSleep(ms)` / `IODelay(us)` with a constant argument; undefined when it cannot be told. */
export function sleepCost(call: CallSite, at: EvaluationContext): SleepCost | undefined {
  const { fn, constants } = at;
  if (!WAITS.has(call.name) || call.receiver !== undefined || call.qualifiedName !== undefined || call.args.length !== 1) return undefined;
  const value = constants.evaluate(call.args[0], fn)?.value;
  if (value === undefined || value <= 0n) return undefined;
  const single = call.name === 'IOSleep' ? value * 1000n : value;
  let total = single;
  let inLoop = false;
  for (let node = call.node.parent; node && node !== fn.body; node = node.parent) {
    if (!LOOPS.has(node.type)) continue;
    const bound = loopBound(node, at);
    // An unknown bound: judge the call on its own (polls with no bound are reported separately).
    if (bound === undefined) return { microseconds: single, inLoop: false };
    total *= bound;
    inLoop = true;
  }
  return { microseconds: total, inLoop };
}

/** The iteration count of `for (i = c0; i < N; i++)` with constants c0 and N and a body that leaves `i` alone. */
function loopBound(loop: SyntaxNode, at: EvaluationContext): bigint | undefined {
  const { file, fn, constants } = at;
  if (loop.type !== 'for_statement') return undefined;
  const condition = loop.childForFieldName('condition');
  const update = loop.childForFieldName('update');
  const initializer = loop.childForFieldName('initializer');
  const body = loop.childForFieldName('body');
  if (condition?.type !== 'binary_expression' || !update || !initializer || !body) return undefined;
  const operator = textOf(file, condition.childForFieldName('operator') ?? condition);
  const left = condition.childForFieldName('left');
  const right = condition.childForFieldName('right');
  if (!left || !right) return undefined;
  const [counter, limit, inclusive] = operator === '<' || operator === '<=' ? [left, right, operator === '<='] : operator === '>' || operator === '>=' ? [right, left, operator === '>='] : [];
  if (!counter || !limit || counter.type !== 'identifier') return undefined;
  const name = textOf(file, counter);
  const end = constants.evaluate(limit, fn)?.value;
  const start = initialValue(initializer, { ...at, name });
  if (end === undefined || start === undefined || !isIncrement(textOf(file, update), name) || writes(file, body).has(name)) return undefined;
  const count = end - start + (inclusive ? 1n : 0n);
  return count > 0n ? count : 0n;
}

function initialValue(initializer: SyntaxNode, at: EvaluationContext & { readonly name: string }): bigint | undefined {
  const { file, fn, constants, name } = at;
  const assignment = initializer.type === 'declaration' ? initializer.namedChildren.find((c) => c.type === 'init_declarator') : initializer;
  if (!assignment) return undefined;
  const target = assignment.childForFieldName(assignment.type === 'init_declarator' ? 'declarator' : 'left');
  const value = assignment.childForFieldName(assignment.type === 'init_declarator' ? 'value' : 'right');
  return target && value && textOf(file, target) === name ? constants.evaluate(value, fn)?.value : undefined;
}

/** `i++`, `++i` or `i += 1`. */
function isIncrement(update: string, name: string): boolean {
  const text = update.replace(/\s+/g, '');
  return text === `${name}++` || text === `++${name}` || text === `${name}+=1`;
}

/**
 * True for a loop that waits for a device register and nothing else bounds: its only calls are register reads
 * (and sleeps), and every way out of it (its condition, and the `if` guarding each `break`/`return`/`goto`) tests
 * values those reads produce, with no counter, deadline or other variable the loop changes.
 */
export function isUnboundedRegisterPoll(file: FileModel, loop: SyntaxNode): boolean {
  const calls = callsUnder(file.text, loop, { skipDeferred: true });
  if (calls.length === 0 || !calls.every((c) => REGISTER_READ.test(c.name) || WAITS.has(c.name))) return false;
  const readInto = new Set<string>();
  for (const read of calls.filter((c) => REGISTER_READ.test(c.name))) {
    const target = read.args.length > 0 ? addressOperand(file.text, read.args[read.args.length - 1]) : undefined;
    if (target) readInto.add(compactText(file.text, target));
  }
  const exits = exitConditions(loop);
  if (readInto.size === 0 || exits === undefined || exits.length === 0) return false;
  const written = writes(file, loop);
  let testsRead = false;
  let testsBit = false;
  for (const condition of exits) {
    const names = namesIn(file, condition);
    if (names.writes || [...names.values].some((n) => written.has(n))) return false;
    if ([...names.values].some((n) => readInto.has(n))) testsRead = true;
    if (names.masks) testsBit = true;
  }
  // Reading until a sentinel with no pause is how a FIFO is drained; waiting tests a status bit or pauses.
  return testsRead && (testsBit || calls.some((c) => WAITS.has(c.name)));
}

/** The loop's condition and the conditions guarding its exits; undefined when it leaves unconditionally. */
function exitConditions(loop: SyntaxNode): SyntaxNode[] | undefined {
  const conditions: SyntaxNode[] = [];
  const own = loop.childForFieldName('condition');
  if (own) conditions.push(own);
  const body = loop.childForFieldName('body');
  let unconditional = false;
  if (body) {
    walk(
      body,
      (node) => {
        const breaksThis = node.type === 'break_statement' || node.type === 'return_statement' || node.type === 'goto_statement';
        if (!breaksThis) return;
        const guards: SyntaxNode[] = [];
        for (let current = node.parent; current && current !== loop; current = current.parent) {
          const condition = current.type === 'if_statement' ? current.childForFieldName('condition') : null;
          if (condition) guards.push(condition);
        }
        if (guards.length === 0) unconditional = true;
        conditions.push(...guards);
      },
      (node) => node !== body && (LOOPS.has(node.type) || node.type === 'switch_statement' || isDeferredRoot(node)),
    );
  }
  return unconditional ? undefined : conditions;
}

/** Variables (and ivar paths) assigned or incremented under `root`. */
function writes(file: FileModel, root: SyntaxNode): Set<string> {
  const written = new Set<string>();
  walk(root, (node) => {
    const target = node.type === 'assignment_expression' ? node.childForFieldName('left') : node.type === 'update_expression' ? node.childForFieldName('argument') : null;
    if (target) written.add(compactText(file.text, target));
  });
  return written;
}

/** Names and paths a condition reads, whether it writes anything itself (`--timeout`), and whether it masks bits. */
function namesIn(file: FileModel, condition: SyntaxNode): { values: Set<string>; writes: boolean; masks: boolean } {
  const values = new Set<string>();
  let changes = false;
  let masks = false;
  walk(condition, (node) => {
    if (node.type === 'identifier' || node.type === 'field_expression') values.add(compactText(file.text, node));
    if (node.type === 'assignment_expression' || node.type === 'update_expression' || node.type === 'call_expression') changes = true;
    if (node.type === 'binary_expression' && textOf(file, node.childForFieldName('operator') ?? node) === '&') masks = true;
  });
  return { values, writes: changes, masks };
}

function textOf(file: FileModel, node: SyntaxNode): string {
  return file.text.slice(node.startIndex, node.endIndex);
}
