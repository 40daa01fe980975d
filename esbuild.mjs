// Bundles the client, the language server and the CLI into dist/, and copies the wasm parser files beside them.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// Native addons cannot be bundled; they load from node_modules (shipped in the .vsix with their prebuilds).
const external = ['vscode', 'tree-sitter', 'tree-sitter-cpp'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  external,
  // jsonc-parser's UMD build requires its parts at run time, which a bundle cannot resolve; its ES build bundles.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  logLevel: 'info',
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js' },
  // dist/server.js is a small bootstrap that runs the server bundle through V8's code cache (server/src/boot/).
  { entryPoints: ['server/src/boot/bootstrap.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server-main.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

mkdirSync('dist', { recursive: true });
for (const [pkg, file] of [['web-tree-sitter', 'tree-sitter.wasm'], ['tree-sitter-cpp', 'tree-sitter-cpp.wasm']]) {
  copyFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file), join('dist', file));
}

if (watch) {
  const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
}
