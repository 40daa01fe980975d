// The `driverkit/serverStatus` request over stdio: the fields the client's language status item shows.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { LspTestClient } from '../helpers/lsp-client';

describe('driverkit/serverStatus', () => {
  const clients: LspTestClient[] = [];
  after(async () => {
    await Promise.all(clients.map((c) => c.shutdown()));
  });

  for (const backend of ['native', 'wasm'] as const) {
    it(`reports the version and the ${backend} parser backend it analyses with`, async () => {
      const client = new LspTestClient();
      clients.push(client);
      const initialized = await client.initialize({ initializationOptions: { parserBackend: backend } });
      const status = await client.request<{ version: string; parserBackend?: string; documents: number }>('driverkit/serverStatus', {});
      assert.equal(status.parserBackend, backend);
      assert.match(status.version, /^\d+\.\d+\.\d+/);
      assert.equal(initialized.serverInfo.version, `${status.version} (${backend} parser)`);
      assert.equal(status.documents, 0);
    });
  }
});
