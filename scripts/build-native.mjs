// Builds the flat-tree add-on (native/flat-tree) with the node-gyp that npm ships. `npm ci` runs this as the
// package's install script. The add-on only speeds up whole-file parses; when it cannot be built (no C compiler,
// no Node headers) the parser copies trees through a cursor instead, with the same results, so a failed build is
// reported and does not fail the install. `--required` makes a failure fatal (for checking a machine).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const addonDir = join(root, 'native', 'flat-tree');
const required = process.argv.includes('--required');

function nodeGyp() {
  // npm sets npm_config_node_gyp for its scripts; outside npm, use the copy beside the running npm.
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  const besideNpm = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  return existsSync(besideNpm) ? besideNpm : undefined;
}

function fail(reason) {
  rmSync(join(addonDir, 'build'), { recursive: true, force: true });
  const message = `flat-tree add-on not built: ${reason}\nThe parser will copy syntax trees through a cursor instead: the same results, slower whole-file parses.`;
  if (required) {
    console.error(message);
    process.exit(1);
  }
  console.warn(message);
}

/** Node's own headers, when npm has not named a folder: node-gyp would otherwise try to download them. */
function headerArguments() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

const gyp = nodeGyp();
if (!gyp) fail('node-gyp was not found (it ships with npm)');
else {
  const result = spawnSync(process.execPath, [gyp, 'rebuild', ...headerArguments()], { cwd: addonDir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) fail(`node-gyp exited with ${result.status ?? result.signal}\n${(result.stderr ?? '').trim().split('\n').slice(-12).join('\n')}`);
  else console.log(`flat-tree add-on built: ${join('native', 'flat-tree', 'build', 'Release', 'flat_tree.node')}`);
}
