// Resolves the CLI's settings: the project file (found or named with --config), then --rule and --max-file-size on top.
import * as path from 'node:path';
import { loadProjectConfig, projectConfigPath } from '../config/load-project-config';
import { createPathFilter, type PathFilter } from '../config/path-filter';
import { resolveSettings, type ResolvedSettings } from '../config/settings-layers';
import { fileKindOf, isIndexedKind } from '../model/build-model';
import type { RuleMeta } from '../rules/rule';
import type { CliOptions } from './arguments';
import type { CollectedFiles } from './collect-files';
import { cliNotice } from './problems';

export interface CliSettings {
  readonly settings: ResolvedSettings;
  /** Whether a file is linted, from the project file's include and exclude globs. */
  readonly isIncluded: PathFilter;
  /** The project file in use, as a path relative to the working directory. */
  readonly configFile?: string;
}

/**
 * A project file with any problem, or a `--rule` naming no rule, is an error: CI must not silently lint with
 * settings other than the ones written down (the editor, by contrast, reports the problem and goes on).
 */
export function resolveCliSettings(options: CliOptions, cwd: string, knownRules: readonly RuleMeta[]): CliSettings | { errors: string[] } {
  const file = options.config !== undefined ? path.resolve(cwd, options.config) : projectConfigPath(cwd);
  const loaded = loadProjectConfig(file, knownRules, options.config !== undefined);
  const shown = (absolute: string): string => path.relative(cwd, absolute) || absolute;
  const errors = (loaded?.problems ?? []).map((problem) => (problem.startsWith(file) ? shown(file) + problem.slice(file.length) : problem));
  for (const rule of Object.keys(options.rules)) {
    if (!knownRules.some((r) => r.code === rule || r.name === rule)) errors.push(`--rule: unknown rule '${rule}'; use a code or name from docs/rules/README.md.`);
  }
  if (errors.length > 0) return { errors };
  const settings = resolveSettings([loaded?.layer, { rules: options.rules, maxFileSizeBytes: options.maxFileSizeBytes }], knownRules);
  return {
    settings,
    isIncluded: createPathFilter(loaded?.root ?? cwd, settings.include, settings.exclude),
    ...(loaded ? { configFile: shown(loaded.file) } : {}),
  };
}

/**
 * Drops the files the globs exclude from the report. Files found in folders go silently; a file named on the command
 * line gets a notice, so that naming it and seeing nothing is not a mystery. An excluded .iig is still read for its
 * classes (as the editor still indexes it), so that the rules on the files that are linted know their interfaces.
 */
export function filterTargets(collected: CollectedFiles, cli: CliSettings): CollectedFiles {
  const problems = [...collected.problems];
  const companions = [...collected.companions];
  const targets = collected.targets.filter((target) => {
    if (cli.isIncluded(target.absolute)) return true;
    if (target.explicit) problems.push(cliNotice(`skipped '${target.display}': excluded by the include/exclude globs of ${cli.configFile ?? 'the project file'}.`, target.absolute));
    // An excluded .iig or property list is not linted, but still tells the rules on other files what it declares.
    if (isIndexedKind(fileKindOf(target.absolute))) companions.push(target.absolute);
    return false;
  });
  return { targets, companions, problems };
}
