// SARIF 2.1.0 output for code-scanning services: rules in tool.driver.rules, one result per finding, with fixes.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUri, findPackageRoot } from '../../package-docs';
import type { Rule, Severity } from '../../rules/rule';
import { LineIndex } from '../../text/line-index';
import type { FileResult } from '../lint-files';
import type { CliProblem } from '../problems';

const LEVELS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };
const SRCROOT = 'SRCROOT';

export interface SarifOptions {
  readonly rules: readonly Rule[];
  /** Absolute folder that artifact paths are relative to, stated as `originalUriBaseIds.SRCROOT`. */
  readonly base: string;
  readonly version: string;
  /** Paths that could not be linted; reported as tool notifications, and errors mark the run as not successful. */
  readonly problems?: readonly CliProblem[];
}

export function formatSarif(results: readonly FileResult[], options: SarifOptions): string {
  const packageRoot = findPackageRoot();
  const ruleIndex = new Map(options.rules.map((r, i) => [r.meta.code, i]));
  const baseUri = pathToFileURL(options.base.endsWith(path.sep) ? options.base : `${options.base}${path.sep}`).toString();
  const problems = options.problems ?? [];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'driverkit-lint',
            version: options.version,
            rules: options.rules.map((r) => ({
              id: r.meta.code,
              name: r.meta.name,
              shortDescription: { text: r.meta.summary },
              ...(docsUri(packageRoot, r.meta.docsPath) ? { helpUri: docsUri(packageRoot, r.meta.docsPath) } : {}),
              defaultConfiguration: { level: LEVELS[r.meta.defaultSeverity] },
              properties: { category: r.meta.category, fixable: r.meta.fixable },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: !problems.some((p) => p.level === 'error'),
            toolExecutionNotifications: problems.map((p) => ({
              level: p.level === 'error' ? 'error' : 'note',
              message: { text: p.message },
              ...(p.path ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.path, options.base) } }] } : {}),
            })),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: baseUri } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((result) => {
          const lines = new LineIndex(result.text);
          const artifact = artifactLocation(result.target.absolute, options.base);
          const fileUri = pathToFileURL(result.target.absolute).toString();
          const region = (range: { start: number; end: number }): object => {
            const start = lines.positionAt(range.start);
            const end = lines.positionAt(range.end);
            return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
          };
          return result.diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: ruleIndex.get(d.code) ?? -1,
            level: LEVELS[d.severity],
            message: { text: d.message },
            locations: [{ physicalLocation: { artifactLocation: artifact, region: region(d.range) } }],
            fixes: d.fixes
              // Only fixes confined to this file are expressible with this file's line index.
              .filter((f) => f.edits.every((e) => e.uri === fileUri))
              .map((f) => ({
                description: { text: f.title },
                artifactChanges: [{ artifactLocation: artifact, replacements: f.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })) }],
              })),
          }));
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * Paths under the base are relative URI references resolved against SRCROOT, with forward slashes as URIs require;
 * anything else (another drive, a folder above the base) is an absolute file URI with no base.
 */
function artifactLocation(absolute: string, base: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(base, absolute);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).toString() };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}
