// Preloaded with `node --require` into the language server or the CLI under test: starting a process, opening a
// connection, serving, or making an HTTP request fails loudly (a FORBIDDEN line on stderr, then a throw), and every
// file or folder read is logged to $DRIVERKIT_IO_LOG so that the test can check where the program looked.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const logFile = process.env.DRIVERKIT_IO_LOG;
const original = { appendFileSync: fs.appendFileSync, writeSync: fs.writeSync, readFileSync: fs.readFileSync };

function record(line) {
  if (logFile) original.appendFileSync.call(fs, logFile, `${line}\n`);
}

function forbidden(what) {
  const message = `FORBIDDEN ${what}`;
  try {
    original.writeSync.call(fs, 2, `${message}\n${new Error(message).stack}\n`);
  } catch {
    // stderr closed: the log line below still tells.
  }
  record(message);
  throw new Error(`${message} is not allowed in the DriverKit server or CLI`);
}

function forbid(moduleName, target, names) {
  for (const name of names) {
    if (typeof target[name] !== 'function') continue;
    target[name] = function forbiddenCall() {
      forbidden(`${moduleName}.${name}`);
    };
  }
}

forbid('child_process', require('node:child_process'), ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
const net = require('node:net');
forbid('net', net, ['connect', 'createConnection', 'createServer']);
forbid('net.Socket.prototype', net.Socket.prototype, ['connect']);
for (const name of ['http', 'https']) forbid(name, require(`node:${name}`), ['request', 'get', 'createServer']);
forbid('http2', require('node:http2'), ['connect', 'createServer', 'createSecureServer']);
forbid('tls', require('node:tls'), ['connect', 'createServer']);
forbid('dgram', require('node:dgram'), ['createSocket']);
// A worker thread may run only the program's own bundle (driverkit-lint --jobs runs dist/cli.js on each worker, the
// server's background scan dist/server.js);
// the hook is inherited by the workers through execArgv, so what they read is logged and checked too.
const workerThreads = require('node:worker_threads');
const OwnWorker = workerThreads.Worker;
workerThreads.Worker = class CheckedWorker extends OwnWorker {
  constructor(script, options) {
    const file = script instanceof URL ? script.pathname : String(script);
    if (path.resolve(file) !== path.resolve(process.argv[1] ?? '')) forbidden('worker_threads.Worker');
    super(script, options);
  }
};
forbid('globalThis', globalThis, ['fetch', 'WebSocket', 'EventSource']);
// The server's bootstrap (dist/server.js) compiles its own bundle with vm.Script to use V8's code cache. Compiling
// anything else — another file, or text that is not the bundle file's own (wrapped as CommonJS) — is forbidden, and
// every compilation is logged (COMPILE <file> <cache state>) for the test to check.
const vm = require('node:vm');
const OwnScript = vm.Script;
vm.Script = class CheckedScript extends OwnScript {
  constructor(code, options) {
    const file = typeof options?.filename === 'string' ? path.resolve(options.filename) : '';
    const besideProgram = file !== '' && path.dirname(file) === path.dirname(path.resolve(process.argv[1] ?? ''));
    if (!besideProgram || !String(code).includes(original.readFileSync.call(fs, file, 'utf8'))) forbidden(`vm.Script ${file || '(no file)'}`);
    super(code, options);
    record(`COMPILE ${file} ${options?.cachedData === undefined ? 'without-cache' : this.cachedDataRejected ? 'cache-rejected' : 'cache-accepted'}`);
  }
};
forbid('vm', vm, ['compileFunction', 'runInContext', 'runInNewContext', 'runInThisContext', 'createContext']);

function logPath(kind, target) {
  if (typeof target === 'string' || target instanceof URL || Buffer.isBuffer(target)) {
    const text = target instanceof URL ? target.pathname : String(target);
    record(`${kind} ${path.resolve(text)}`);
  }
}

function watchReads(target, names, kind) {
  for (const name of names) {
    const real = target[name];
    if (typeof real !== 'function') continue;
    target[name] = function watched(file, ...rest) {
      logPath(kind, file);
      return real.call(this, file, ...rest);
    };
  }
}

watchReads(fs, ['readFileSync', 'readFile', 'openSync', 'open', 'createReadStream'], 'READ');
watchReads(fs, ['readdirSync', 'readdir', 'opendirSync', 'opendir'], 'LIST');
watchReads(fs.promises, ['readFile', 'open'], 'READ');
watchReads(fs.promises, ['readdir', 'opendir'], 'LIST');
