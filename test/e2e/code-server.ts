// Runs code-server (a full VS Code workbench with a Node extension host) offline, on loopback, from a fresh profile.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { poll } from './poll';

export interface CodeServerPaths {
  /** Node 24, which code-server requires. */
  readonly node: string;
  /** code-server's out/node/entry.js. */
  readonly entry: string;
}

/**
 * User settings of the test profile: nothing is fetched (updates, gallery, experiments, telemetry, schemas), nothing
 * pops up over the editor (welcome page, tips, recommendations, trust prompt, AI features).
 */
const OFFLINE_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'json.schemaDownload.enable': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  'editor.accessibilitySupport': 'off',
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * The environment code-server runs in: an empty extensions gallery (no marketplace at all), no proxies, and its own
 * HOME/XDG folders so that nothing is read from or written to the user's.
 */
function offlineEnvironment(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'NODE_PATH', 'DRIVERKIT_PARSER', 'VSCODE_PROXY_URI', 'http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete env[name];
  return {
    ...env,
    EXTENSIONS_GALLERY: '{}',
    HOME: path.join(root, 'home'),
    XDG_CONFIG_HOME: path.join(root, 'home', '.config'),
    XDG_DATA_HOME: path.join(root, 'home', '.local', 'share'),
    XDG_CACHE_HOME: path.join(root, 'home', '.cache'),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export class CodeServer {
  readonly userDataDir: string;
  readonly extensionsDir: string;
  private process: ChildProcess | undefined;
  private output = '';
  port = 0;

  constructor(
    private readonly paths: CodeServerPaths,
    private readonly root: string,
    private readonly logFile: string,
  ) {
    this.userDataDir = path.join(root, 'user-data');
    this.extensionsDir = path.join(root, 'extensions');
    for (const dir of [this.userDataDir, this.extensionsDir, path.join(root, 'home')]) mkdirSync(dir, { recursive: true });
    mkdirSync(path.join(this.userDataDir, 'User'), { recursive: true });
    writeFileSync(path.join(this.userDataDir, 'User', 'settings.json'), `${JSON.stringify(OFFLINE_SETTINGS, null, 2)}\n`);
    mkdirSync(path.dirname(logFile), { recursive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private commonArgs(): string[] {
    return [this.paths.entry, '--user-data-dir', this.userDataDir, '--extensions-dir', this.extensionsDir, '--disable-telemetry', '--disable-update-check'];
  }

  /** `code-server --install-extension`, as a user installs a downloaded .vsix; returns what it printed. */
  installExtension(vsix: string): string {
    const result = spawnSync(this.paths.node, [...this.commonArgs(), '--install-extension', vsix], {
      encoding: 'utf8',
      env: offlineEnvironment(this.root),
      timeout: 180_000,
    });
    const printed = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`code-server --install-extension ${vsix} exited with ${result.status ?? result.signal}:\n${printed}`);
    return printed;
  }

  /** Starts the server on a free loopback port with `folder` open, and waits until it answers. */
  async start(folder: string): Promise<void> {
    if (!existsSync(this.paths.entry)) throw new Error(`${this.paths.entry} is missing: run \`npm run test:e2e\`, whose setup installs code-server`);
    this.port = await freePort();
    const log = createWriteStream(this.logFile);
    const args = [
      ...this.commonArgs(),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${this.port}`,
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--disable-proxy',
      folder,
    ];
    // Its own process group, so that stop() also ends the extension host and the other helpers it forks.
    const child = spawn(this.paths.node, args, { env: offlineEnvironment(this.root), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString();
      log.write(chunk);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    await poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} while starting:\n${this.output}`);
        const response = await fetch(`${this.url}/healthz`).catch(() => undefined);
        return response?.ok ? true : undefined;
      },
      `code-server to answer on ${this.url}/healthz`,
      120_000,
    );
  }

  /** What code-server printed so far (for failure messages). */
  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
  }
}
