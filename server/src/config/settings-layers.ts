// The settings every front end resolves the same way: defaults, then the project file, then the editor or command line.
import type { SeverityOverrides } from '../engine/analyze-file';
import type { RuleMeta } from '../rules/rule';
import { DEFAULT_MAX_FILE_BYTES } from '../workspace/read-source-file';

/** `onType`: analyse after each pause in typing; `onSave`: analyse when a document is opened or saved. */
export type RunMode = 'onType' | 'onSave';

export const RUN_MODES: readonly RunMode[] = ['onType', 'onSave'];
export const SEVERITY_VALUES = ['off', 'hint', 'information', 'warning', 'error'] as const;

export function isSeverityValue(value: unknown): value is (typeof SEVERITY_VALUES)[number] {
  return typeof value === 'string' && (SEVERITY_VALUES as readonly string[]).includes(value);
}

/** The settings in force for one document (or one CLI run). */
export interface ResolvedSettings {
  /** Per-rule severity, keyed by rule code once resolved (a name given in any layer is turned into its code). */
  readonly rules: SeverityOverrides;
  /** Globs, relative to the project root, of the files to lint; empty means every file. */
  readonly include: readonly string[];
  /** Globs, relative to the project root, of files not to lint (applied after `include`). */
  readonly exclude: readonly string[];
  readonly run: RunMode;
  /** Delay between the last keystroke and analysis (editor only); 0 analyses on every change. */
  readonly debounceMs: number;
  readonly maxFileSizeBytes: number;
  /** Workspace files (every kind) that the editor's background scan analyses without their being open. */
  readonly maxWorkspaceFiles: number;
}

/** What one source of settings says; a missing key leaves the value of the layers below it. */
export type SettingsLayer = { readonly [K in keyof ResolvedSettings]?: ResolvedSettings[K] };

/** Enough for any real dext (they have tens of files) while bounding the background work in a large monorepo. */
export const DEFAULT_MAX_WORKSPACE_FILES = 2000;

export const DEFAULT_SETTINGS: ResolvedSettings = {
  rules: {},
  include: [],
  exclude: [],
  run: 'onType',
  debounceMs: 150,
  maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES,
  maxWorkspaceFiles: DEFAULT_MAX_WORKSPACE_FILES,
};

/**
 * Later layers win, as in vscode-eslint: defaults < project file < editor (or command line). `rules` merge per rule,
 * so a project turning one rule off and an editor raising another both take effect; a rule named by code in one
 * layer and by name in another is the same rule.
 */
export function resolveSettings(layers: readonly (SettingsLayer | undefined)[], knownRules: readonly Pick<RuleMeta, 'code' | 'name'>[]): ResolvedSettings {
  const codeOf = (key: string): string => knownRules.find((r) => r.code === key || r.name === key)?.code ?? key;
  const rules: Record<string, SeverityOverrides[string]> = {};
  let resolved: ResolvedSettings = DEFAULT_SETTINGS;
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, severity] of Object.entries(layer.rules ?? {})) rules[codeOf(key)] = severity;
    resolved = {
      ...resolved,
      ...Object.fromEntries(Object.entries(layer).filter(([key, value]) => key !== 'rules' && value !== undefined)),
    };
  }
  return { ...resolved, rules };
}
