// DK606: ExternalMethod must bound-check the client's selector before indexing a dispatch table, and check a
// structure input before reading it when no dispatch table checks its size.
import { slice } from '../model/calls';
import type { FileModel, FunctionDef } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';
import { blockStatementOf } from './support/dispatch/syntax';
import { declaredArrays, uncheckedSubscripts, type UncheckedSubscript } from './support/pci/selector-bounds';
import { uncheckedHandlers, uncheckedStructureRead, type ArgumentsHandler } from './support/pci/structure-input';
import { indentationAt, lineBreakOf, startsLine } from './support/source-text';

const EXTERNAL_METHOD = 'ExternalMethod';
const STATUS_TYPES = new Set(['kern_return_t', 'IOReturn']);
const SIMPLE_SIZE = /^(\w+|\d+[uUlL]*)$/;

export const userClientSelectorUnchecked = defineRule(
  {
    code: 'DK606',
    name: 'user-client-selector-unchecked',
    summary:
      'Check the client-supplied `selector` against the dispatch table size before indexing the table in `ExternalMethod`, and check a structure input for null and length before reading it when no `IOUserClientMethodDispatch` entry checks its size.',
    category: 'family',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    const externalMethods = file.functions.filter((fn) => fn.className !== undefined && fn.methodName === EXTERNAL_METHOD);
    if (externalMethods.length === 0) return findings;
    const arrays = declaredArrays(file);
    const roots: ArgumentsHandler[] = [];
    for (const fn of externalMethods) {
      const params = parametersOf(fn, context);
      const selector = params[0];
      if (params[1] !== undefined) roots.push({ fn, parameter: params[1] });
      if (selector === undefined) continue;
      const unchecked = uncheckedSubscripts(file, fn, { selector, arrays });
      // One finding per function: the first subscript; a check before it covers the rest.
      if (unchecked.length > 0) findings.push(selectorFinding(file, fn, { selector, subscript: unchecked[0] }));
    }
    for (const handler of uncheckedHandlers(file, { externalMethods: roots, arrays })) {
      const read = uncheckedStructureRead(file.text, handler);
      if (!read) continue;
      findings.push({
        range: read.call.calleeRange,
        message: `'${read.input}' is read with 'getBytesNoCopy()' without checking that it is present and long enough, and no IOUserClientMethodDispatch entry checks its size; return kIOReturnBadArgument unless '${read.input} != nullptr' and its 'getLength()' is at least the size you read.`,
      });
    }
    return findings;
  },
);

/** The selector and arguments parameter names: from the definition, or from the .iig for `IMPL(…)`. */
function parametersOf(fn: FunctionDef, context: RuleContext): (string | undefined)[] {
  if (fn.params.length > 0) return fn.params.map((p) => p.name);
  const declared = fn.className ? context.workspace.findIigClass(fn.className)?.decl.methods.find((m) => m.name === fn.methodName) : undefined;
  return declared?.params.map((p) => p.name) ?? [];
}

function selectorFinding(file: FileModel, fn: FunctionDef, spec: { selector: string; subscript: UncheckedSubscript }): Finding {
  const { selector, subscript } = spec;
  const count = countExpression(file.text, subscript);
  return {
    range: rangeOf(subscript.node),
    message: `'${slice(file.text, subscript.node)}' indexes '${subscript.table.name}' with the client-supplied '${selector}' without a bounds check, so any process that opens the user client can make the driver read past the table; return kIOReturnBadArgument when '${selector} >= ${count}' before indexing.`,
    fixes: boundsCheckFix(file, fn, { selector, subscript, count }),
  };
}

/** The table's element count: its declared size when that is a name or a number, else `sizeof(t) / sizeof(t[0])`. */
function countExpression(text: string, subscript: UncheckedSubscript): string {
  const size = subscript.table.size ? slice(text, subscript.table.size).trim() : undefined;
  if (size !== undefined && SIMPLE_SIZE.test(size)) return size;
  const name = subscript.table.name;
  return `sizeof(${name}) / sizeof(${name}[0])`;
}

/** Inserts `if (selector >= count) { return kIOReturnBadArgument; }` before the body statement holding the subscript. */
function boundsCheckFix(file: FileModel, fn: FunctionDef, spec: { selector: string; subscript: UncheckedSubscript; count: string }): Fix[] {
  const text = file.text;
  const statement = blockStatementOf(spec.subscript.node, fn.body);
  // Only a statement of the function body itself: a check there dominates the subscript on every path.
  if (!statement || statement.parent !== fn.body || !startsLine(text, statement.startIndex) || !STATUS_TYPES.has(fn.returnType)) return [];
  const eol = lineBreakOf(text);
  const indent = indentationAt(text, statement.startIndex);
  const unit = indent.length > 0 ? indent : '    ';
  const check = `if (${spec.selector} >= ${spec.count}) {${eol}${indent}${unit}return kIOReturnBadArgument;${eol}${indent}}${eol}${indent}`;
  return [{ title: `Return kIOReturnBadArgument when '${spec.selector}' is out of range`, isPreferred: true, edits: [{ uri: file.uri, range: { start: statement.startIndex, end: statement.startIndex }, newText: check }] }];
}
