// The `driverkit.*` editor settings the server honours, validated into a settings layer (see config/settings-layers.ts).
import { globProblem } from '../config/path-filter';
import { DEFAULT_SETTINGS, isSeverityValue, resolveSettings, RUN_MODES, type ResolvedSettings, type RunMode, type SettingsLayer } from '../config/settings-layers';
import type { SeverityOverrides } from '../engine/analyze-file';
import { ALL_RULES } from '../rules';
import type { RuleMeta } from '../rules/rule';

/**
 * Every setting is data the server interprets: severities, a mode, globs, a delay and a size. None names a program,
 * a path to run or a command, so a workspace's settings cannot make the server run anything (it declares
 * untrusted-workspace support). Unknown keys are ignored.
 */
export type ServerSettings = ResolvedSettings;

export { DEFAULT_SETTINGS };

/**
 * Reads untrusted editor settings. A missing or `null` value is unset (VS Code sends `null` for the settings whose
 * declared default is `null`, so that the project file's value can show through); invalid entries are dropped and
 * described in `problems`. `settings` is the layer resolved over the defaults alone.
 */
export function readSettings(raw: unknown, knownRules: readonly Pick<RuleMeta, 'code' | 'name'>[] = ALL_RULES.map((r) => r.meta)): { layer: SettingsLayer; settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  const source = isRecord(raw) ? raw : {};
  const layer: { -readonly [K in keyof SettingsLayer]: SettingsLayer[K] } = {};
  const rules: Record<string, SeverityOverrides[string]> = {};
  if (source.rules !== undefined && source.rules !== null && !isRecord(source.rules)) problems.push("'driverkit.rules' must be an object mapping rule codes to severities.");
  for (const [rule, value] of Object.entries(isRecord(source.rules) ? source.rules : {})) {
    if (!knownRules.some((r) => r.code === rule || r.name === rule)) problems.push(`'driverkit.rules.${rule}' names no rule; use a code or name from docs/rules/README.md.`);
    else if (isSeverityValue(value)) rules[rule] = value;
    else problems.push(`'driverkit.rules.${rule}' must be one of off, hint, information, warning, error.`);
  }
  layer.rules = rules;
  if (isSet(source.debounceMs)) {
    if (typeof source.debounceMs === 'number' && Number.isFinite(source.debounceMs) && source.debounceMs >= 0) layer.debounceMs = Math.min(source.debounceMs, 10_000);
    else problems.push("'driverkit.debounceMs' must be a non-negative number.");
  }
  if (isSet(source.maxFileSizeBytes)) {
    if (typeof source.maxFileSizeBytes === 'number' && Number.isSafeInteger(source.maxFileSizeBytes) && source.maxFileSizeBytes > 0) layer.maxFileSizeBytes = source.maxFileSizeBytes;
    else problems.push("'driverkit.maxFileSizeBytes' must be a positive whole number of bytes.");
  }
  if (isSet(source.maxWorkspaceFiles)) {
    if (typeof source.maxWorkspaceFiles === 'number' && Number.isSafeInteger(source.maxWorkspaceFiles) && source.maxWorkspaceFiles >= 0) layer.maxWorkspaceFiles = source.maxWorkspaceFiles;
    else problems.push("'driverkit.maxWorkspaceFiles' must be a whole number of files (0 analyses open files only).");
  }
  if (isSet(source.run)) {
    if (RUN_MODES.includes(source.run as RunMode)) layer.run = source.run as RunMode;
    else problems.push(`'driverkit.run' must be one of ${RUN_MODES.join(', ')}.`);
  }
  for (const key of ['include', 'exclude'] as const) {
    const value = source[key];
    if (!isSet(value)) continue;
    if (!Array.isArray(value)) {
      problems.push(`'driverkit.${key}' must be an array of glob strings.`);
      continue;
    }
    const globs: string[] = [];
    for (const glob of value) {
      const problem = typeof glob === 'string' ? globProblem(glob) : 'must be a string';
      if (problem) problems.push(`'driverkit.${key}' entry ${JSON.stringify(glob)} ${problem}.`);
      else globs.push(glob as string);
    }
    layer[key] = globs;
  }
  return { layer, settings: resolveSettings([layer], knownRules), problems };
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
