// What the language server process starts with: the editor's environment, plus the code cache's folder, minus the
// variables that only slow its start.

/** The server keeps its V8 code cache here (see server/src/boot/code-cache.ts). */
export const CODE_CACHE_DIR_ENV = 'DRIVERKIT_CODE_CACHE_DIR';

/**
 * Variables the server is started without. With NODE_EXTRA_CA_CERTS set, Node 17 and later (OpenSSL 3) load the
 * certificates, and their whole root store, as the process starts, before any JavaScript runs (nodejs/node#40524):
 * `node -e ""` took 0.11–0.14 s with Debian's CA bundle named there and 0.03–0.04 s without it, on the bench machine.
 * The server opens no network connection, so it never needs them. Corporate machines often set it for every process.
 */
export const UNNEEDED_BY_SERVER = ['NODE_EXTRA_CA_CERTS'] as const;

/**
 * The `env` option for the server's process. vscode-languageclient copies the editor's environment and then these
 * entries over it; Node's child_process leaves out a variable whose value is undefined. Without `codeCacheDir` the
 * server keeps its cache in a private folder of the temporary directory (the benchmark's keystroke runs do).
 */
export function serverEnvironment(codeCacheDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = codeCacheDir === undefined ? {} : { [CODE_CACHE_DIR_ENV]: codeCacheDir };
  for (const name of UNNEEDED_BY_SERVER) env[name] = undefined;
  return env;
}
