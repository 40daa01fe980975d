// Lints an in-memory set of files through the real engine (model, index, rules), as the CLI and server do.
import type { Diagnostic } from '../../server/src/engine/analyze-file';
import { Linter } from '../../server/src/engine/linter';
import { fileKindOf, isIndexedKind } from '../../server/src/model/build-model';
import type { ParserBackendName } from '../../server/src/parser/syntax-node';
import type { Rule } from '../../server/src/rules/rule';
import { parserFor } from './parsers';

/** Files by path; `.iig` files and property lists are indexed before anything is analysed. */
export type SourceSet = Readonly<Record<string, string>>;

export const uriOf = (path: string): string => `file:///workspace/${path}`;

export interface LintedFile {
  readonly path: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

export async function lintSources(files: SourceSet, options: { backend: ParserBackendName; rules?: readonly Rule[] }): Promise<LintedFile[]> {
  const errors: string[] = [];
  const linter = new Linter({ parser: await parserFor(options.backend), rules: options.rules, onRuleError: (m) => errors.push(m) });
  const paths = Object.keys(files).sort((a, b) => Number(b.endsWith('.iig')) - Number(a.endsWith('.iig')));
  for (const path of paths) if (isIndexedKind(fileKindOf(path))) linter.model(uriOf(path), files[path]);
  const results = paths.map((path) => {
    const model = linter.model(uriOf(path), files[path]);
    return { path, text: files[path], diagnostics: model ? linter.analyze(model) : [] };
  });
  if (errors.length > 0) throw new Error(`A rule threw:\n${errors.join('\n')}`);
  return results;
}
