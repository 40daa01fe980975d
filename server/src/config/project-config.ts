// Reads and validates `.driverkit-lint.json`, the project file both the editor and the CLI take settings from.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { SeverityOverrides } from '../engine/analyze-file';
import type { RuleMeta } from '../rules/rule';
import { LineIndex } from '../text/line-index';
import { globProblem } from './path-filter';
import { isSeverityValue, RUN_MODES, SEVERITY_VALUES, type RunMode, type SettingsLayer } from './settings-layers';

export const PROJECT_CONFIG_FILE = '.driverkit-lint.json';

/** One thing wrong with the file, at a 1-based line and column. */
export interface ConfigProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface ParsedProjectConfig {
  /** The valid part of the file; everything invalid is left out (so the layers below, or defaults, apply). */
  readonly layer: SettingsLayer;
  readonly problems: readonly ConfigProblem[];
}

const KEYS = ['rules', 'include', 'exclude', 'run', 'maxFileSizeBytes'] as const;

/**
 * Comments and trailing commas are accepted (as in VS Code's settings.json); anything else that is not JSON is a
 * problem that leaves the whole file unused. Inside a valid file, each bad entry is one problem and only that
 * entry is ignored. `$schema` is allowed and ignored.
 */
export function parseProjectConfig(text: string, knownRules: readonly Pick<RuleMeta, 'code' | 'name'>[]): ParsedProjectConfig {
  const lines = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const report = (offset: number, message: string): void => {
    const { line, character } = lines.positionAt(offset);
    problems.push({ line: line + 1, column: character + 1, message });
  };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const first = errors[0];
    report(first?.offset ?? 0, first ? `invalid JSON: ${describeParseError(printParseErrorCode(first.error))}` : 'the file is empty; it must hold a JSON object');
    return { layer: {}, problems };
  }
  if (root.type !== 'object') {
    report(root.offset, 'the file must hold a JSON object');
    return { layer: {}, problems };
  }
  const layer: { -readonly [K in keyof SettingsLayer]: SettingsLayer[K] } = {};
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const key = String(keyNode.value);
    if (key === '$schema') continue;
    if (!(KEYS as readonly string[]).includes(key)) {
      report(keyNode.offset, `unknown setting "${key}"; the settings are ${KEYS.join(', ')}`);
      continue;
    }
    if (key === 'rules') layer.rules = readRules(valueNode, knownRules, report);
    else if (key === 'include' || key === 'exclude') layer[key] = readGlobs(key, valueNode, report);
    else if (key === 'run') {
      if (RUN_MODES.includes(valueNode.value as RunMode)) layer.run = valueNode.value as RunMode;
      else report(valueNode.offset, `"run" must be one of ${RUN_MODES.join(', ')} (got ${describe(valueNode)})`);
    } else if (typeof valueNode.value === 'number' && Number.isSafeInteger(valueNode.value) && valueNode.value > 0) {
      layer.maxFileSizeBytes = valueNode.value;
    } else {
      report(valueNode.offset, `"maxFileSizeBytes" must be a positive whole number of bytes (got ${describe(valueNode)})`);
    }
  }
  return { layer, problems };
}

/** `path:line:column: message`, the form compilers use, so that terminals and editors make it a link. */
export function formatConfigProblem(file: string, problem: ConfigProblem): string {
  return `${file}:${problem.line}:${problem.column}: ${problem.message}`;
}

function readRules(node: Node, knownRules: readonly Pick<RuleMeta, 'code' | 'name'>[], report: (offset: number, message: string) => void): SeverityOverrides | undefined {
  if (node.type !== 'object') {
    report(node.offset, `"rules" must be an object mapping rule codes or names to severities (got ${describe(node)})`);
    return undefined;
  }
  const rules: Record<string, SeverityOverrides[string]> = {};
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const rule = String(keyNode.value);
    if (!knownRules.some((r) => r.code === rule || r.name === rule)) {
      report(keyNode.offset, `unknown rule "${rule}" in "rules"; use a code or name from docs/rules/README.md`);
    } else if (!isSeverityValue(valueNode.value)) {
      report(valueNode.offset, `"rules.${rule}" must be one of ${SEVERITY_VALUES.join(', ')} (got ${describe(valueNode)})`);
    } else {
      rules[rule] = valueNode.value;
    }
  }
  return rules;
}

function readGlobs(key: string, node: Node, report: (offset: number, message: string) => void): string[] | undefined {
  if (node.type !== 'array') {
    report(node.offset, `"${key}" must be an array of glob strings (got ${describe(node)})`);
    return undefined;
  }
  const globs: string[] = [];
  for (const item of node.children ?? []) {
    const problem = typeof item.value === 'string' ? globProblem(item.value) : `must be a string (got ${describe(item)})`;
    const shown = typeof item.value === 'string' ? ` ${JSON.stringify(item.value)}` : '';
    if (problem) report(item.offset, `"${key}" entry${shown} ${problem}`);
    else globs.push(item.value as string);
  }
  return globs;
}

function describe(node: Node): string {
  if (node.type === 'object' || node.type === 'array') return `an ${node.type}`;
  return JSON.stringify(node.value);
}

/** `PropertyNameExpected` → `property name expected`. */
function describeParseError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
