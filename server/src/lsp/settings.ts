// The `driverkit.*` settings the server honours, validated into a typed shape with defaults.
import type { SeverityOverrides } from '../engine/analyze-file';
import { DEFAULT_MAX_FILE_BYTES } from '../workspace/read-source-file';

/**
 * Every setting is data the server interprets: severities, a delay and a size. None names a program, a path or a
 * command, so a workspace's settings cannot make the server run anything (it declares untrusted-workspace support).
 * Unknown keys are ignored.
 */
export interface ServerSettings {
  /** Per-rule severity by code or name: off | hint | information | warning | error. */
  readonly rules: SeverityOverrides;
  /** Delay between the last keystroke and analysis; 0 analyses on every change. */
  readonly debounceMs: number;
  /** Documents and workspace files larger than this many bytes are not analysed or indexed (one notice each). */
  readonly maxFileSizeBytes: number;
  /** Workspace files (every kind) that the background scan analyses for diagnostics without their being open. */
  readonly maxWorkspaceFiles: number;
}

/** Enough for any real dext (they have tens of files) while bounding the background work in a large monorepo. */
export const DEFAULT_MAX_WORKSPACE_FILES = 2000;

export const DEFAULT_SETTINGS: ServerSettings = { rules: {}, debounceMs: 150, maxFileSizeBytes: DEFAULT_MAX_FILE_BYTES, maxWorkspaceFiles: DEFAULT_MAX_WORKSPACE_FILES };

const SEVERITY_VALUES = new Set(['off', 'hint', 'information', 'warning', 'error']);

/** Reads untrusted settings; invalid entries are dropped and described in `problems`. */
export function readSettings(raw: unknown): { settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  const source = isRecord(raw) ? raw : {};
  const rules: Record<string, SeverityOverrides[string]> = {};
  if (source.rules !== undefined && !isRecord(source.rules)) problems.push("'driverkit.rules' must be an object mapping rule codes to severities.");
  for (const [rule, value] of Object.entries(isRecord(source.rules) ? source.rules : {})) {
    if (typeof value === 'string' && SEVERITY_VALUES.has(value)) rules[rule] = value as SeverityOverrides[string];
    else problems.push(`'driverkit.rules.${rule}' must be one of off, hint, information, warning, error.`);
  }
  let debounceMs = DEFAULT_SETTINGS.debounceMs;
  if (source.debounceMs !== undefined) {
    if (typeof source.debounceMs === 'number' && Number.isFinite(source.debounceMs) && source.debounceMs >= 0) debounceMs = Math.min(source.debounceMs, 10_000);
    else problems.push("'driverkit.debounceMs' must be a non-negative number.");
  }
  let maxFileSizeBytes = DEFAULT_SETTINGS.maxFileSizeBytes;
  if (source.maxFileSizeBytes !== undefined) {
    if (typeof source.maxFileSizeBytes === 'number' && Number.isSafeInteger(source.maxFileSizeBytes) && source.maxFileSizeBytes > 0) maxFileSizeBytes = source.maxFileSizeBytes;
    else problems.push("'driverkit.maxFileSizeBytes' must be a positive whole number of bytes.");
  }
  let maxWorkspaceFiles = DEFAULT_SETTINGS.maxWorkspaceFiles;
  if (source.maxWorkspaceFiles !== undefined) {
    if (typeof source.maxWorkspaceFiles === 'number' && Number.isSafeInteger(source.maxWorkspaceFiles) && source.maxWorkspaceFiles >= 0) maxWorkspaceFiles = source.maxWorkspaceFiles;
    else problems.push("'driverkit.maxWorkspaceFiles' must be a whole number of files (0 analyses open files only).");
  }
  return { settings: { rules, debounceMs, maxFileSizeBytes, maxWorkspaceFiles }, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
