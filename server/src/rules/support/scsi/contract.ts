// The parts of the SCSI controller contract the kernel enforces that DK605 reads besides the constraints: overrides,
// the task count and the response version.
import type { ClassDecl, FileModel, MethodDecl } from '../../../model/file-model';
import type { SyntaxNode } from '../../../parser/syntax-node';
import type { Fix, RuleContext } from '../../rule';
import { blockStatementOf } from '../dispatch/syntax';
import { indentationAt, lineBreakOf, startsLine } from '../source-text';
import { findLocal } from '../memory/local-declarations';
import { constantValue } from './constants';
import { controllerChain, outParameterMethod, type ControllerScope } from './controller-scope';
import { SCSI } from './facts';
import { outParameterWrites } from './out-parameters';
import type { CompletedResponse } from './responses';

export interface OverrideGaps {
  readonly decl: ClassDecl;
  /** Pure virtual methods nothing on the chain declares. */
  readonly missing: readonly string[];
  /** One of the bundled pair declared without the other: [declared, missing]. */
  readonly halfBundled?: readonly [string, string];
  /** Declarations of methods DriverKit does not have (`UserStopController`). */
  readonly nonexistent: readonly MethodDecl[];
}

/** The SCSI controller classes an .iig declares, with what their overrides lack or get wrong. */
export function overrideGaps(file: FileModel, context: RuleContext): OverrideGaps[] {
  const gaps: OverrideGaps[] = [];
  for (const decl of file.classes) {
    const chain = controllerChain(decl.name, context.workspace, decl);
    if (!chain) continue;
    const declared = new Set(chain.flatMap((c) => c.methods.map((m) => m.name)));
    const missing = SCSI.pureVirtualMethods.filter((m) => !declared.has(m));
    const bundled = SCSI.bundledPureVirtualMethods;
    const have = bundled.filter((m) => declared.has(m));
    const halfBundled: [string, string] | undefined = have.length === 1 ? [have[0], bundled.find((m) => !declared.has(m)) as string] : undefined;
    const nonexistent = decl.methods.filter((m) => SCSI.nonexistentMethods.includes(m.name));
    if (missing.length > 0 || halfBundled || nonexistent.length > 0) gaps.push({ decl, missing, halfBundled, nonexistent });
  }
  return gaps;
}

/** The store of 0 in `UserReportMaximumTaskCount`, when every store there writes 0. */
export function zeroTaskCount(scope: ControllerScope): SyntaxNode | undefined {
  const method = outParameterMethod(scope, SCSI.taskCountMethod);
  if (!method) return undefined;
  const writes = outParameterWrites(scope.file.text, method.fn.body, method.name);
  if (writes.escapes || writes.values.length === 0) return undefined;
  return writes.values.every((v) => v !== undefined && constantValue(scope.file, v) === 0n) ? writes.stores[0] : undefined;
}

/**
 * Inserts `response.version = kScsiUserParallelTaskResponseCurrentVersion1;` on its own line before the statement
 * that completes the task, when that statement starts its line after the response's declaration.
 */
export function setVersionFix(scope: ControllerScope, completed: CompletedResponse): Fix[] {
  const text = scope.file.text;
  const statement = blockStatementOf(completed.call.node, completed.fn.body);
  const local = findLocal({ text, body: completed.fn.body }, completed.name);
  if (!statement || !local || local.statement.endIndex > statement.startIndex || !startsLine(text, statement.startIndex)) return [];
  const assignment = `${completed.name}.${SCSI.responseVersionField} = ${SCSI.responseVersionConstant};`;
  const newText = `${assignment}${lineBreakOf(text)}${indentationAt(text, statement.startIndex)}`;
  return [
    {
      title: `Set '${completed.name}.${SCSI.responseVersionField}' before completing the task`,
      isPreferred: true,
      edits: [{ uri: scope.file.uri, range: { start: statement.startIndex, end: statement.startIndex }, newText }],
    },
  ];
}
