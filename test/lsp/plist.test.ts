// Property lists over stdio: an opened Info.plist is linted against the workspace's .iig and entitlements on disk,
// diagnostics land on the key's exact UTF-16 range, and editing the entitlements re-lints the open Info.plist.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../helpers/lsp-client';
import { status } from '../robustness/lsp-fixtures';
import { array, bool, dextInfoPlist, dict, itemDict, plist, str } from '../helpers/plist-builder';

interface Published {
  readonly uri: string;
  readonly diagnostics: { code: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string }[];
}

const IIG = 'class RaidHba : public IOUserSCSIParallelInterfaceController\n{\npublic:\n    virtual kern_return_t UserInitializeController() override;\n};\n';
// A non-ASCII personality name before the key checks that columns are counted in UTF-16 code units.
const INFO = dextInfoPlist(
  '$(PRODUCT_BUNDLE_IDENTIFIER)',
  dict(
    'RaidHba😀',
    str('CFBundleIdentifierKernel', 'com.apple.iokit.IOSCSIParallelFamily'),
    str('IOClass', 'IOUserSCSIParallelInterfaceController'),
    str('IOProviderClass', 'IOPCIDevice'),
    bool('IOPCITunnelCompatible'),
    str('IOPCIPrimaryMatch', '0x005d1000'),
    str('IOUserClass', 'RaidHba'),
    str('IOUserServerName', '$(PRODUCT_BUNDLE_IDENTIFIER)'),
  ),
);
const entitlements = (vendorMatch: string): string =>
  plist(bool('com.apple.developer.driverkit'), bool('com.apple.developer.driverkit.family.scsicontroller'), array('com.apple.developer.driverkit.transport.pci', itemDict(str('IOPCIPrimaryMatch', vendorMatch))));

/** The LSP range of the first occurrence of `needle` in `text`; JavaScript string lengths are UTF-16 code units. */
function rangeOf(text: string, needle: string): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[line].length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

/** The first matching publication that arrives from now on (earlier ones are ignored). */
function nextPublish(client: LspTestClient, predicate: (p: Published) => boolean): Promise<Published> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching publishDiagnostics within 20000 ms')), 20_000);
    client.onNotification((method, params) => {
      if (method === 'textDocument/publishDiagnostics' && predicate(params as Published)) {
        clearTimeout(timer);
        resolve(params as Published);
      }
    });
  });
}

describe('property lists over stdio', () => {
  let client: LspTestClient;
  let folder: string;
  let infoUri: string;
  let entitlementsUri: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-plist-'));
    fs.mkdirSync(path.join(folder, 'RaidDext'));
    fs.writeFileSync(path.join(folder, 'RaidDext', 'RaidHba.iig'), IIG);
    fs.writeFileSync(path.join(folder, 'RaidDext', 'Info.plist'), INFO);
    fs.writeFileSync(path.join(folder, 'RaidDext', 'RaidDext.entitlements'), entitlements('0x00001000&amp;0x0000FFFF'));
    infoUri = pathToFileURL(path.join(folder, 'RaidDext', 'Info.plist')).toString();
    entitlementsUri = pathToFileURL(path.join(folder, 'RaidDext', 'RaidDext.entitlements')).toString();
    client = new LspTestClient();
    await client.initialize({ rootUri: pathToFileURL(folder).toString(), initializationOptions: { settings: { debounceMs: 0 } } });
    await client.waitFor('window/logMessage', (m: { message: string }) => m.message.startsWith('Indexed 3 '));
  });

  after(async () => {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('publishes the missing-interconnect finding on the personality key, in UTF-16 columns', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri: infoUri, languageId: 'xml', version: 1, text: INFO } });
    const published = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === infoUri && p.diagnostics.length > 0);
    assert.deepEqual(
      published.diagnostics.map((d) => ({ code: d.code, range: d.range })),
      [{ code: 'DK705', range: rangeOf(INFO, 'RaidHba😀') }],
    );
    assert.equal(rangeOf(INFO, 'RaidHba😀').end.character - rangeOf(INFO, 'RaidHba😀').start.character, 9, 'the emoji counts as two UTF-16 code units');
  });

  it('re-lints the open Info.plist when its entitlements change in the editor', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri: entitlementsUri, languageId: 'xml', version: 1, text: entitlements('0x00001077&amp;0x0000FFFF') } });
    const published = await client.waitFor<Published>('textDocument/publishDiagnostics', (p) => p.uri === infoUri && p.diagnostics.some((d) => d.code === 'DK703'));
    const dk703 = published.diagnostics.find((d) => d.code === 'DK703');
    assert.deepEqual(dk703?.range, rangeOf(INFO, 'IOPCIPrimaryMatch'));
  });

  it('reads the disk copy again when the entitlements are closed', async () => {
    const republished = nextPublish(client, (p) => p.uri === infoUri);
    client.notify('textDocument/didClose', { textDocument: { uri: entitlementsUri } });
    assert.deepEqual((await republished).diagnostics.map((d) => d.code), ['DK705']);
  });

  it('settles: open property lists do not keep re-analysing each other', async () => {
    client.notify('textDocument/didOpen', { textDocument: { uri: entitlementsUri, languageId: 'xml', version: 2, text: entitlements('0x00001000&amp;0x0000FFFF') } });
    await nextPublish(client, (p) => p.uri === infoUri);
    const first = (await status(client)).analyses;
    // Each status request is a full round trip through the server's event loop, so a loop would show up as growth.
    for (let i = 0; i < 5; i++) await status(client);
    assert.equal((await status(client)).analyses, first);
  });
});
