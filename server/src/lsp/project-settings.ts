// The settings in force for each document: defaults < the workspace folder's .driverkit-lint.json < editor settings.
import * as path from 'node:path';
import { loadProjectConfig, projectConfigPath } from '../config/load-project-config';
import { createPathFilter, type PathFilter } from '../config/path-filter';
import { PROJECT_CONFIG_FILE } from '../config/project-config';
import { resolveSettings, type SettingsLayer } from '../config/settings-layers';
import type { RuleMeta } from '../rules/rule';
import { readSettings, type ServerSettings } from './settings';
import { filePathOf, type WorkspaceFiles } from './workspace-files';

export interface ProjectSettingsOptions {
  readonly knownRules: readonly RuleMeta[];
  /** One line for the output channel. */
  readonly log: (line: string) => void;
  /** A notification the user sees (once per distinct set of problems). */
  readonly notify: (message: string) => void;
}

interface Folder {
  /** The folder as the editor named it, to match document paths. */
  readonly path: string;
  layer?: SettingsLayer;
  settings: ServerSettings;
  isIncluded: PathFilter;
}

/**
 * Problems are reported once: a source's problems are logged again only when they change (a save that fixes one of
 * two mistakes logs the one left), never on every re-read or keystroke.
 */
export class ProjectSettings {
  private folders: Folder[] = [];
  private editor: SettingsLayer = {};
  private global: ServerSettings;
  private readonly reported = new Map<string, string>();

  constructor(private readonly options: ProjectSettingsOptions) {
    this.global = resolveSettings([], options.knownRules);
  }

  /** Settings for work not tied to one document (the debounce delay, the background scan): the first folder's. */
  get workspace(): ServerSettings {
    return this.folders[0]?.settings ?? this.global;
  }

  /** Takes the editor's `driverkit` settings object. */
  setEditor(raw: unknown): void {
    const { layer, problems } = readSettings(raw, this.options.knownRules);
    this.editor = layer;
    this.report('editor settings', problems, (problem) => `Invalid setting ignored: ${problem}`);
    this.resolveAll();
  }

  /** (Re)reads the project file of every workspace folder; only real files inside the folder are read. */
  loadProjectFiles(workspace: WorkspaceFiles): void {
    this.folders = workspace.folders.map((real, i) => {
      const named = workspace.namedFolders[i] ?? real;
      const inside = workspace.scope.resolveInside(projectConfigPath(real));
      const loaded = inside ? loadProjectConfig(inside, this.options.knownRules) : undefined;
      this.report(projectConfigPath(named), loaded?.problems ?? [], (problem) => `Invalid ${PROJECT_CONFIG_FILE} entry ignored: ${problem}`, true);
      return { path: named, layer: loaded?.layer, settings: this.global, isIncluded: () => true };
    });
    this.resolveAll();
  }

  /** The settings for the document at `uri`: its workspace folder's, or defaults and editor settings outside any. */
  forDocument(uri: string): ServerSettings {
    return this.folderOf(uri)?.settings ?? this.global;
  }

  /** False when the folder's include/exclude globs leave the document out. */
  isIncluded(uri: string): boolean {
    const file = filePathOf(uri);
    const folder = this.folderOf(uri);
    return !file || !folder || folder.isIncluded(file);
  }

  /** True for a `.driverkit-lint.json` URI (a watched-file event about it means: read the project files again). */
  static isProjectFile(uri: string): boolean {
    return path.basename(filePathOf(uri) ?? '') === PROJECT_CONFIG_FILE;
  }

  private resolveAll(): void {
    const { knownRules } = this.options;
    this.global = resolveSettings([this.editor], knownRules);
    for (const folder of this.folders) {
      folder.settings = resolveSettings([folder.layer, this.editor], knownRules);
      folder.isIncluded = createPathFilter(folder.path, folder.settings.include, folder.settings.exclude);
    }
  }

  private folderOf(uri: string): Folder | undefined {
    const file = filePathOf(uri);
    if (!file) return undefined;
    let best: Folder | undefined;
    for (const folder of this.folders) {
      const relative = path.relative(folder.path, file);
      const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
      if (inside && (!best || folder.path.length > best.path.length)) best = folder;
    }
    return best;
  }

  private report(source: string, problems: readonly string[], line: (problem: string) => string, notify = false): void {
    const key = problems.join('\n');
    if (this.reported.get(source) === key) return;
    this.reported.set(source, key);
    for (const problem of problems) this.options.log(line(problem));
    if (notify && problems.length > 0) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more; see the DriverKit output)` : '';
      this.options.notify(`DriverKit: ${problems[0]}${more}. The defaults are used for the invalid entries.`);
    }
  }
}
