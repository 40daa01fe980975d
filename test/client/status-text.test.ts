// The language status item's text and detail for the server statuses it may receive (old, new, partial, none).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeServerStatus } from '../../client/src/status-text';

describe('describeServerStatus', () => {
  it('says "starting" until the server has named its parser backend', () => {
    for (const status of [undefined, null, {}, { version: '0.1.0' }, { parserBackend: '' }]) {
      assert.deepEqual(describeServerStatus(status), { text: 'DriverKit: starting', detail: 'Waiting for the language server' });
    }
  });

  it('names the backend, the version and the files indexed of the current server', () => {
    assert.deepEqual(describeServerStatus({ version: '0.1.0', parserBackend: 'native', indexedFiles: 3, indexing: false }), {
      text: 'DriverKit: native',
      detail: 'v0.1.0 · 3 files indexed',
    });
    assert.deepEqual(describeServerStatus({ parserBackend: 'wasm', filesIndexed: 1, indexedFiles: 9, indexing: true }), {
      text: 'DriverKit: wasm',
      detail: '1 file indexed (indexing…)',
    });
  });

  it('adds the last analysis when the server reports it, and only then', () => {
    const at = new Date(2026, 0, 2, 13, 4, 5);
    const expectedTime = at.toLocaleTimeString();
    assert.equal(describeServerStatus({ parserBackend: 'native', lastAnalysisMs: 12.4 }).detail, 'last analysis 12 ms');
    assert.equal(describeServerStatus({ parserBackend: 'native', lastAnalysisAt: at.getTime() }).detail, `last analysis at ${expectedTime}`);
    assert.equal(
      describeServerStatus({ version: '1.2.3', parserBackend: 'native', indexedFiles: 0, lastAnalysisMs: 3, lastAnalysisAt: at.toISOString() }).detail,
      `v1.2.3 · 0 files indexed · last analysis 3 ms at ${expectedTime}`,
    );
    assert.equal(describeServerStatus({ parserBackend: 'native', lastAnalysisMs: -1, lastAnalysisAt: 'not a date' }).detail, '');
  });
});
