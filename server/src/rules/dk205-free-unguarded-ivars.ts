// DK205: free() also runs after a failed init(), when ivars may be NULL; dereference it only behind a NULL check.
import type { FunctionDef } from '../model/file-model';
import { defineFunctionRule, type Finding, type Fix, type RuleContext, type ScopedFile } from './rule';
import { guardableRun, unguardedIvarsUses } from './support/lifetime/ivars-guard';
import { isOverrideOf } from './support/lifetime/overrides';
import { indentUnit, wrapStatements } from './support/lifetime/statement-edits';
import type { SyntaxNode } from '../parser/syntax-node';

export const freeUnguardedIvars = defineFunctionRule(
  {
    code: 'DK205',
    name: 'free-unguarded-ivars',
    summary: '`free()` also runs after a failed `init()`, when `ivars` may be NULL, so every `ivars->` in `free()` must sit behind an `if (ivars != nullptr)` check.',
    category: 'lifetime',
    defaultSeverity: 'warning',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (fn, file, context: RuleContext): Finding[] => (isOverrideOf(fn, file, context, 'free') ? checkFree(file, fn) : []),
);

function checkFree(file: ScopedFile, fn: FunctionDef): Finding[] {
  const uses = unguardedIvarsUses(file.text, fn.body);
  if (uses.length === 0) return [];
  const [first, ...others] = uses;
  return [
    {
      range: { start: first.startIndex, end: first.endIndex },
      message: `'free()' dereferences 'ivars' without a NULL check, but free() also runs after a failed init() that left 'ivars' NULL; put the uses inside 'if (ivars != nullptr)'.`,
      related: others.map((use) => ({ uri: file.uri, range: { start: use.startIndex, end: use.endIndex }, message: "'ivars' is also dereferenced here without a NULL check." })),
      fixes: guardFix(file, fn.body, uses),
    },
  ];
}

function guardFix(file: ScopedFile, body: SyntaxNode, uses: readonly SyntaxNode[]): Fix[] {
  const run = guardableRun(file.text, body, uses);
  if (!run) return [];
  const insertion = wrapStatements(file.text, { ...run, header: 'if (ivars != nullptr)', unit: indentUnit(file.text, body) });
  return insertion ? [{ title: "Wrap the uses of 'ivars' in 'if (ivars != nullptr)'", isPreferred: true, edits: [{ uri: file.uri, ...insertion }] }] : [];
}
