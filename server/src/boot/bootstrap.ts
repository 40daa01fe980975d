// Entry point of the language server (dist/server.js): runs the server bundle (dist/server-main.js) through V8's code cache.
//
// Parsing and compiling the ~800 KB bundle, and lazily compiling the functions of the first analysis, costs ≈ 50–60 ms
// of a start; deserialising the cache instead costs ≈ 30 ms (bench/README.md). The bundle is compiled here with the cached data of an earlier start when there is one; when there is
// none, or V8 rejects it (another V8, other options, another bundle), it is compiled normally and the cache is written
// once the first diagnostics are out, so that the functions the analysis compiled are in it too. Only the bundle file
// beside this one is ever compiled, and any failure of the cache leaves a normal start.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { codeCacheLocation, readCodeCache, writeCodeCache } from './code-cache';
import { setJitFlags } from './jit-flags';
import { onFirstAnalysisPublished } from './startup-events';

const SERVER_BUNDLE = 'server-main.js';

type CommonJsWrapper = (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;

function startServerBundle(): void {
  // Before the bundle is compiled, so that its code cache is made and checked under the same options every start.
  safely(setJitFlags);
  const bundle = path.join(__dirname, SERVER_BUNDLE);
  const bytes = fs.readFileSync(bundle);
  const source = bytes.toString('utf8');
  const location = safely(() => codeCacheLocation(bytes));
  const cachedData = location ? readCodeCache(location.file) : undefined;
  // The same wrapper Node's CommonJS loader puts around a module.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  if (location && (cachedData === undefined || script.cachedDataRejected === true)) {
    onFirstAnalysisPublished(() => {
      // After the publish has gone out, off its critical path.
      setImmediate(() => safely(() => writeCodeCache(location.file, script.createCachedData())));
    });
  }
  const wrapper = script.runInThisContext() as CommonJsWrapper;
  // The bundle sees this file as its own: it is the file that starts a server or, in a worker thread, a scan worker.
  const bundleModule = { exports: {} };
  wrapper.call(bundleModule.exports, bundleModule.exports, createRequire(bundle), bundleModule, __filename, __dirname);
}

function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

startServerBundle();
