// DK210: DriverKit's OSSafeReleaseNULL is a brace block, so `if (c) OSSafeReleaseNULL(x); else …` does not compile.
import { readCall } from '../model/calls';
import type { FileModel } from '../model/file-model';
import { rangeOf } from '../model/syntax-helpers';
import type { SyntaxNode } from '../parser/syntax-node';
import { defineRule, type Finding } from './rule';
import { containsSyntaxError, nodesOfType } from '../model/node-index';
import { perTopLevelSubtree } from '../model/definition-memo';

export const releaseMacroInUnbracedIf = defineRule(
  {
    code: 'DK210',
    name: 'release-macro-in-unbraced-if',
    summary: "DriverKit's `OSSafeReleaseNULL(x)` expands to a `{ … }` block, so as the unbraced then-branch of an `if` with an `else` its `;` ends the `if` and the `else` no longer compiles: wrap the branch in braces.",
    category: 'lifetime',
    defaultSeverity: 'error',
    fixable: 'safe',
    appliesTo: ['cpp', 'header'],
  },
  (file: FileModel): Finding[] => {
    if (!file.tree || definesReleaseMacro(file.text, file.tree.rootNode)) return [];
    return file.tree.rootNode.namedChildren.flatMap((top) =>
      releaseBranches(top, file.text).map((branch) => {
        const original = file.text.slice(branch.startIndex, branch.endIndex);
        return {
          range: rangeOf(branch),
          message: `'${original}' expands to a brace block, so its ';' ends the 'if' and the 'else' that follows does not compile; wrap the then-branch in braces.`,
          fixes: [{ title: 'Wrap the then-branch in braces', isPreferred: true, edits: [{ uri: file.uri, range: rangeOf(branch), newText: `{ ${original} }` }] }],
        };
      }),
    );
  },
);

/** The unbraced `OSSafeReleaseNULL(x);` then-branches of the `if`s with an `else` in one top-level declaration. */
const releaseBranches = perTopLevelSubtree((top, text) =>
  nodesOfType(top, 'if_statement').flatMap((statement) => {
    if (!statement.childForFieldName('alternative')) return [];
    const branch = statement.childForFieldName('consequence');
    const call = branch?.type === 'expression_statement' && branch.namedChildren[0] ? readCall(text, branch.namedChildren[0]) : undefined;
    return branch && call?.name === 'OSSafeReleaseNULL' && !call.qualifiedName && !call.receiver && !containsSyntaxError(statement) ? [branch] : [];
  }),
);

/** A file that defines its own OSSafeReleaseNULL (say as `do { … } while (0)`) is not using DriverKit's brace block. */
function definesReleaseMacro(text: string, root: SyntaxNode): boolean {
  return root.namedChildren.some((top) => definesReleaseMacroIn(top, text));
}

const definesReleaseMacroIn = perTopLevelSubtree((top, text) =>
  [...nodesOfType(top, 'preproc_function_def'), ...nodesOfType(top, 'preproc_def')].some((n) => {
    const name = n.childForFieldName('name');
    return name !== null && text.slice(name.startIndex, name.endIndex) === 'OSSafeReleaseNULL';
  }),
);
