// DK302: an interrupt source starts disabled; one that gets a handler but is never enabled never calls it.
import type { FileModel } from '../model/file-model';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineRule, type Finding, type Fix, type RuleContext } from './rule';
import { classScopes } from './support/dispatch/class-scope';
import { createdObjects, isRelease, usesOf, type Use } from './support/dispatch/objects';
import { blockStatementOf, unwrapExpression } from './support/dispatch/syntax';
import { indentationAt, lineBreakOf, startsLine } from './support/source-text';

const ENABLERS = new Set(['SetEnable', 'SetEnableWithCompletion']);

export const interruptSourceNeverEnabled = defineRule(
  {
    code: 'DK302',
    name: 'interrupt-source-never-enabled',
    summary: 'Enable an interrupt source with `SetEnable(true)` once it has a handler: interrupt sources are created disabled and deliver nothing until enabled.',
    category: 'dispatch',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel, context: RuleContext): Finding[] => {
    const findings: Finding[] = [];
    for (const scope of classScopes(file, context)) {
      const reported = new Set<string>();
      for (const source of createdObjects(scope, new Set(['interrupt']))) {
        // An ivar may be enabled in another file of the class; a local handed on may be enabled by its receiver.
        if (source.escapes || (source.ivar !== undefined && !scope.wholeClassInFile)) continue;
        const uses = usesOf(scope, source);
        if (uses.some((u) => u.role === 'escape' || (u.role === 'argument' && !isRelease(u.call)))) continue;
        const setHandler = uses.find((u): u is Extract<Use, { role: 'receiver' }> => u.role === 'receiver' && u.call.name === 'SetHandler');
        if (!setHandler || uses.some((u) => u.role === 'receiver' && ENABLERS.has(u.call.name) && !isFalse(file.text, u.call.args[0]))) continue;
        const name = source.ivar ?? (source.local as string);
        const key = source.ivar ?? `${source.fn.range.start}:${name}`;
        if (reported.has(key)) continue;
        reported.add(key);
        findings.push({
          range: setHandler.call.calleeRange,
          message: `Interrupt source '${name}' gets a handler but is never enabled, so the handler never runs; call '${name}->SetEnable(true)' after 'SetHandler'.`,
          fixes: enableFix(file, setHandler),
        });
      }
    }
    return findings;
  },
);

/** Inserts `source->SetEnable(true);` on its own line after the statement that sets the handler. */
function enableFix(file: FileModel, setHandler: Extract<Use, { role: 'receiver' }>): Fix[] {
  const receiver = setHandler.call.receiver;
  const statement = blockStatementOf(setHandler.call.node, setHandler.fn.body);
  if (!receiver || !statement || !startsLine(file.text, statement.startIndex)) return [];
  const receiverText = file.text.slice(receiver.startIndex, receiver.endIndex);
  const newText = `${lineBreakOf(file.text)}${indentationAt(file.text, statement.startIndex)}${receiverText}->SetEnable(true);`;
  return [
    {
      title: `Enable '${receiverText}' after setting its handler`,
      isPreferred: true,
      edits: [{ uri: file.uri, range: { start: statement.endIndex, end: statement.endIndex }, newText }],
    },
  ];
}

function isFalse(text: string, argument: SyntaxNode | undefined): boolean {
  if (!argument) return false;
  const value = text.slice(unwrapExpression(argument).startIndex, unwrapExpression(argument).endIndex).trim();
  return value === 'false' || value === '0';
}
