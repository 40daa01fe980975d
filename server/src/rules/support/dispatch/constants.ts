// Evaluates integer constant expressions (literals, time-unit macros, constant locals, file-scope consts, #defines).
import type { FileModel, FunctionDef } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import { walk } from '../../../model/syntax-helpers';
import { assigns, declaredName } from '../../../analysis/ownership/syntax-shapes';

export interface ConstantValue {
  readonly value: bigint;
  /** True when the value is built from a nanosecond unit such as `NSEC_PER_MSEC` or `kMillisecondScale`. */
  readonly nanoseconds: boolean;
}

/** Time-unit macros from <sys/time.h> and DriverKit's IOLib.h (`k…Scale` are nanoseconds per unit). */
const UNIT_CONSTANTS: Readonly<Record<string, ConstantValue>> = {
  NSEC_PER_SEC: { value: 1_000_000_000n, nanoseconds: true },
  NSEC_PER_MSEC: { value: 1_000_000n, nanoseconds: true },
  NSEC_PER_USEC: { value: 1_000n, nanoseconds: true },
  kSecondScale: { value: 1_000_000_000n, nanoseconds: true },
  kMillisecondScale: { value: 1_000_000n, nanoseconds: true },
  kMicrosecondScale: { value: 1_000n, nanoseconds: true },
  kNanosecondScale: { value: 1n, nanoseconds: true },
  USEC_PER_SEC: { value: 1_000_000n, nanoseconds: false },
  MSEC_PER_SEC: { value: 1_000n, nanoseconds: false },
};

/** Queue-name constants of the SDK (core-apis §3.1, §6.3). */
const STRING_CONSTANTS: Readonly<Record<string, string>> = {
  kIOServiceDefaultQueueName: 'Default',
  kIOUserClientQueueNameExternalMethod: 'IOUserClientQueueExternalMethod',
};

/** Where an expression is read: its file, the function whose constant locals it may use, and the evaluator. */
export interface EvaluationContext {
  readonly file: FileModel;
  readonly fn: FunctionDef;
  readonly constants: ConstantEvaluator;
}

const MAX_DEPTH = 6;

type FileConstant = { readonly kind: 'expression'; readonly node: SyntaxNode } | { readonly kind: 'define'; readonly text: string };

/** One evaluator per rule run: it indexes the file's constants once. Holds no state beyond that index. */
export class ConstantEvaluator {
  private index: Map<string, FileConstant | undefined> | undefined;

  constructor(private readonly file: FileModel) {}

  /** The value of `node` evaluated in `fn` (whose constant locals may be used), or undefined when not constant. */
  evaluate(node: SyntaxNode, fn?: FunctionDef): ConstantValue | undefined {
    return this.valueOf(node, { fn, depth: 0 });
  }

  private valueOf(node: SyntaxNode, at: { readonly fn?: FunctionDef; readonly depth: number }): ConstantValue | undefined {
    const { fn, depth } = at;
    if (depth > MAX_DEPTH) return undefined;
    const text = this.file.text.slice(node.startIndex, node.endIndex);
    switch (node.type) {
      case 'number_literal':
        return parseInteger(text);
      case 'parenthesized_expression':
        return node.namedChildCount === 1 ? this.valueOf(node.namedChildren[0], at) : undefined;
      case 'cast_expression': {
        const value = node.childForFieldName('value');
        return value ? this.valueOf(value, at) : undefined;
      }
      case 'unary_expression': {
        const operand = node.childForFieldName('argument');
        const operator = node.childForFieldName('operator');
        const inner = operand ? this.valueOf(operand, at) : undefined;
        if (!inner || !operator) return undefined;
        const op = this.file.text.slice(operator.startIndex, operator.endIndex);
        return op === '-' ? { ...inner, value: -inner.value } : op === '+' ? inner : undefined;
      }
      case 'binary_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator');
        if (!left || !right || !operator) return undefined;
        return combine(this.file.text.slice(operator.startIndex, operator.endIndex), [this.valueOf(left, at), this.valueOf(right, at)]);
      }
      case 'call_expression': {
        // static_cast<uint64_t>(x), UINT64_C(x): the value of the single argument.
        const callee = node.childForFieldName('function');
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        const name = callee?.type === 'template_function' ? callee.childForFieldName('name') : callee;
        const calleeText = name ? this.file.text.slice(name.startIndex, name.endIndex) : '';
        return args.length === 1 && ['static_cast', 'UINT64_C', 'UINT32_C'].includes(calleeText) ? this.valueOf(args[0], { fn, depth: depth + 1 }) : undefined;
      }
      case 'identifier':
        return this.resolve(text, { depth, fn, use: node });
      default:
        return undefined;
    }
  }

  /** The text of a string constant: a literal, an SDK queue-name constant, or a `#define` of a literal. */
  stringValue(node: SyntaxNode): string | undefined {
    const text = this.file.text.slice(node.startIndex, node.endIndex).trim();
    if (node.type === 'string_literal') return unquote(text);
    if (node.type !== 'identifier') return undefined;
    if (Object.prototype.hasOwnProperty.call(STRING_CONSTANTS, text)) return STRING_CONSTANTS[text];
    const constant = this.fileConstants().get(text);
    return constant?.kind === 'define' ? unquote(constant.text.trim()) : undefined;
  }

  private resolve(name: string, at: { readonly depth: number; readonly fn?: FunctionDef; readonly use?: SyntaxNode }): ConstantValue | undefined {
    const { depth, fn, use } = at;
    if (Object.prototype.hasOwnProperty.call(UNIT_CONSTANTS, name)) return UNIT_CONSTANTS[name];
    if (fn && use) {
      const local = constantLocalInitializer(use, { text: this.file.text, fn });
      if (local !== null) return local ? this.valueOf(local, { fn, depth: depth + 1 }) : undefined;
    }
    const constant = this.fileConstants().get(name);
    if (!constant) return undefined;
    return constant.kind === 'expression' ? this.valueOf(constant.node, { depth: depth + 1 }) : this.evaluateDefine(constant.text, depth + 1);
  }

  private evaluateDefine(text: string, depth: number): ConstantValue | undefined {
    const tokens = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' ').match(/0[xX][0-9a-fA-F']+[uUlL]*|\d[\d']*[uUlL]*|[A-Za-z_]\w*|<<|>>|\S/g) ?? [];
    let position = 0;
    const peek = (): string | undefined => tokens[position];
    const primary = (): ConstantValue | undefined => {
      const token = tokens[position++];
      if (token === undefined) return undefined;
      if (token === '(') {
        const inner = binary(0);
        return tokens[position++] === ')' ? inner : undefined;
      }
      if (token === '-') {
        const inner = primary();
        return inner ? { ...inner, value: -inner.value } : undefined;
      }
      if (/^\d/.test(token)) return parseInteger(token);
      if (/^[A-Za-z_]/.test(token) && depth <= MAX_DEPTH) return this.resolve(token, { depth });
      return undefined;
    };
    const levels = [['<<', '>>'], ['+', '-'], ['*', '/', '%']];
    const binary = (level: number): ConstantValue | undefined => {
      if (level === levels.length) return primary();
      let left = binary(level + 1);
      while (left && levels[level].includes(peek() ?? '')) {
        const operator = tokens[position++];
        left = combine(operator, [left, binary(level + 1)]);
      }
      return left;
    };
    const result = binary(0);
    return position === tokens.length ? result : undefined;
  }

  private fileConstants(): Map<string, FileConstant | undefined> {
    if (this.index) return this.index;
    const index = new Map<string, FileConstant | undefined>();
    const add = (name: string, constant: FileConstant): void => {
      index.set(name, index.has(name) ? undefined : constant);
    };
    const root = this.file.tree?.rootNode;
    if (root) {
      walk(
        root,
        (node) => {
          if (node.type === 'preproc_def') {
            const name = node.childForFieldName('name');
            const value = node.childForFieldName('value');
            if (name && value) add(this.file.text.slice(name.startIndex, name.endIndex), { kind: 'define', text: this.file.text.slice(value.startIndex, value.endIndex) });
          } else if (node.type === 'declaration' && isConstDeclaration(this.file.text, node)) {
            for (const declarator of node.namedChildren.filter((c) => c.type === 'init_declarator')) {
              const name = declaredName(this.file.text, declarator);
              const value = declarator.childForFieldName('value');
              if (name && value) add(name, { kind: 'expression', node: value });
            }
          }
        },
        (node) => node.type === 'function_definition' || node.type === 'class_specifier' || node.type === 'struct_specifier',
      );
    }
    this.index = index;
    return index;
  }
}

/**
 * The initializer of the local that `use` names when `fn` declares it once, before `use`, with an initializer, and
 * never assigns it; `undefined` when it is such a local but not usable; `null` when `fn` declares no such local.
 */
function constantLocalInitializer(use: SyntaxNode, at: { readonly text: string; readonly fn: FunctionDef }): SyntaxNode | undefined | null {
  const { text, fn } = at;
  const name = text.slice(use.startIndex, use.endIndex);
  const declarators: SyntaxNode[] = [];
  walk(fn.body, (node) => {
    if (node.type === 'init_declarator' || node.type === 'declaration') {
      const candidates = node.type === 'declaration' ? node.namedChildren.filter((c) => c.type !== 'init_declarator') : [node];
      for (const candidate of candidates) if (declaredName(text, candidate) === name) declarators.push(candidate);
    }
  });
  if (fn.params.some((p) => p.name === name)) return undefined;
  if (declarators.length === 0) return null;
  const declarator = declarators[0];
  const value = declarator.type === 'init_declarator' ? declarator.childForFieldName('value') : null;
  if (declarators.length !== 1 || !value || declarator.startIndex > use.startIndex || assigns(text, fn.body, name)) return undefined;
  return value.type === 'initializer_list' ? (value.namedChildCount === 1 ? value.namedChildren[0] : undefined) : value;
}

function isConstDeclaration(text: string, node: SyntaxNode): boolean {
  return node.namedChildren.some((c) => c.type === 'type_qualifier' && ['const', 'constexpr'].includes(text.slice(c.startIndex, c.endIndex)));
}

function combine(operator: string, operands: readonly [ConstantValue | undefined, ConstantValue | undefined]): ConstantValue | undefined {
  const [left, right] = operands;
  if (!left || !right) return undefined;
  const nanoseconds = left.nanoseconds || right.nanoseconds;
  const of = (value: bigint): ConstantValue => ({ value, nanoseconds });
  switch (operator) {
    case '+': return of(left.value + right.value);
    case '-': return of(left.value - right.value);
    case '*': return of(left.value * right.value);
    case '/': return right.value === 0n ? undefined : of(left.value / right.value);
    case '%': return right.value === 0n ? undefined : of(left.value % right.value);
    case '<<': return right.value < 0n || right.value > 64n ? undefined : of(left.value << right.value);
    case '>>': return right.value < 0n || right.value > 64n ? undefined : of(left.value >> right.value);
    default: return undefined;
  }
}

/** Integer literals with C suffixes and digit separators; floating-point literals are not constants here. */
function parseInteger(literal: string): ConstantValue | undefined {
  const digits = literal.replace(/'/g, '').replace(/[uUlL]+$/, '');
  try {
    if (/^0[xX][0-9a-fA-F]+$/.test(digits) || /^0[bB][01]+$/.test(digits)) return { value: BigInt(digits), nanoseconds: false };
    if (/^0[0-7]+$/.test(digits)) return { value: BigInt(`0o${digits.slice(1)}`), nanoseconds: false };
    if (/^\d+$/.test(digits)) return { value: BigInt(digits), nanoseconds: false };
  } catch {
    return undefined;
  }
  return undefined;
}

function unquote(text: string): string | undefined {
  const match = /^"((?:[^"\\]|\\.)*)"$/.exec(text);
  return match ? match[1] : undefined;
}
