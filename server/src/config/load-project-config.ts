// Finds and reads a project's `.driverkit-lint.json` from disk (the CLI's working folder, or an editor's workspace folder).
import * as path from 'node:path';
import type { RuleMeta } from '../rules/rule';
import { readSourceFile } from '../workspace/read-source-file';
import { formatConfigProblem, parseProjectConfig, PROJECT_CONFIG_FILE, type ConfigProblem } from './project-config';
import type { SettingsLayer } from './settings-layers';

/** A project file is a few hundred bytes; anything this large is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadedProjectConfig {
  /** The file's path; globs in it are relative to its folder. */
  readonly file: string;
  readonly root: string;
  readonly layer: SettingsLayer;
  /** Each problem as one `file:line:column: message` line. */
  readonly problems: readonly string[];
}

/**
 * Reads the project file at `file`. `required` (an explicit `--config`) makes a missing file a problem; otherwise a
 * missing file is simply no project configuration. Never throws.
 */
export function loadProjectConfig(file: string, knownRules: readonly Pick<RuleMeta, 'code' | 'name'>[], required = false): LoadedProjectConfig | undefined {
  const root = path.dirname(file);
  const read = readSourceFile(file, MAX_CONFIG_BYTES);
  const fail = (message: string): LoadedProjectConfig => ({ file, root, layer: {}, problems: [`${file}: ${message}`] });
  switch (read.kind) {
    case 'text': {
      const parsed = parseProjectConfig(read.text, knownRules);
      return { file, root, layer: parsed.layer, problems: parsed.problems.map((p: ConfigProblem) => formatConfigProblem(file, p)) };
    }
    case 'unreadable':
      if (!required && read.code === 'ENOENT') return undefined;
      return fail(`cannot read the configuration: ${read.reason}`);
    case 'not-a-file':
      return fail('the configuration is not a regular file');
    case 'binary':
      return fail('the configuration is a binary file, not JSON');
    case 'too-large':
      return fail(`the configuration is ${read.size} bytes, over the ${MAX_CONFIG_BYTES}-byte limit`);
  }
}

/** The project file of a folder. */
export function projectConfigPath(folder: string): string {
  return path.join(folder, PROJECT_CONFIG_FILE);
}
