// The server's process environment: the code cache's folder is passed, and NODE_EXTRA_CA_CERTS is left out.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { CODE_CACHE_DIR_ENV, serverEnvironment } from '../../client/src/server-environment';
import { CODE_CACHE_DIR_ENV as SERVER_CODE_CACHE_DIR_ENV } from '../../server/src/boot/code-cache';

/** Forks a Node child the way vscode-languageclient does (the editor's environment, then `env` over it); its environment. */
async function environmentOfForkedChild(editorEnv: NodeJS.ProcessEnv, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const child = fork(reportEnvironment, [], { env: { ...editorEnv, ...env }, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const exited = once(child, 'exit');
  const [message] = (await once(child, 'message')) as [Record<string, string>];
  await exited;
  return message;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-server-env-'));
const reportEnvironment = path.join(scratch, 'report-environment.js');
fs.writeFileSync(reportEnvironment, 'process.send(process.env, () => process.disconnect());\n');
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('serverEnvironment', () => {
  it('names the variable the server reads (the client may not import the server, so each side spells it)', () => {
    assert.equal(CODE_CACHE_DIR_ENV, SERVER_CODE_CACHE_DIR_ENV);
  });

  it('names the code cache folder and removes NODE_EXTRA_CA_CERTS', () => {
    const env = serverEnvironment('/storage/code-cache');
    assert.equal(env[CODE_CACHE_DIR_ENV], '/storage/code-cache');
    assert.ok('NODE_EXTRA_CA_CERTS' in env, 'the key must be present to override the editor’s value');
    assert.equal(env.NODE_EXTRA_CA_CERTS, undefined);
  });

  it('leaves the code cache folder to the server when none is given', () => {
    assert.equal(CODE_CACHE_DIR_ENV in serverEnvironment(), false);
  });

  it('starts a child without the editor’s NODE_EXTRA_CA_CERTS and with everything else of its environment', async () => {
    const editorEnv = { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/corporate.pem', DK_EDITOR_VARIABLE: 'kept' };
    const seen = await environmentOfForkedChild(editorEnv, serverEnvironment('/storage/code-cache'));
    assert.equal(seen.NODE_EXTRA_CA_CERTS, undefined);
    assert.equal(seen.DK_EDITOR_VARIABLE, 'kept');
    assert.equal(seen[CODE_CACHE_DIR_ENV], '/storage/code-cache');
    // The control: the same fork without the override keeps the variable, so the check above can fail.
    assert.equal((await environmentOfForkedChild(editorEnv, {})).NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/corporate.pem');
  });
});
