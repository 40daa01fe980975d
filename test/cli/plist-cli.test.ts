// driverkit-lint on property lists: a folder's Info.plist is linted with the .iig and entitlements beside it, an
// Info.plist named alone still finds its partners, and a malformed plist is linted without findings or a crash.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { array, bool, dextInfoPlist, dict, itemDict, plist, str } from '../helpers/plist-builder';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

const IIG = 'class PciEcho : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n';
const INFO = dextInfoPlist('com.example.driverkit.PciEcho', dict('PciEcho', str('IOClass', 'IOUserService'), str('IOProviderClass', 'IOPCIDevice'), bool('IOPCITunnelCompatible'), str('IOPCIPrimaryMatch', '0x87d010b5'), str('IOUserClass', 'PciEcho'), str('IOUserServerName', 'com.example.driverkit.PciEcho')));
const ENTITLEMENTS = plist(bool('com.apple.developer.driverkit'), array('com.apple.developer.driverkit.transport.pci', itemDict(str('IOPCIPrimaryMatch', '0x00001077&amp;0x0000FFFF'))));

function run(args: string[], cwd: string): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

describe('driverkit-lint on property lists', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-cli-plist-'));
    fs.mkdirSync(path.join(dir, 'PciEcho'));
    fs.writeFileSync(path.join(dir, 'PciEcho', 'PciEcho.iig'), IIG);
    fs.writeFileSync(path.join(dir, 'PciEcho', 'Info.plist'), INFO);
    fs.writeFileSync(path.join(dir, 'PciEcho', 'PciEcho.entitlements'), ENTITLEMENTS);
    fs.writeFileSync(path.join(dir, 'PciEcho', 'Broken.plist'), '<plist><dict><key>IOKitPersonalities</key>');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const line = INFO.split('\n').findIndex((l) => l.includes('<key>IOPCIPrimaryMatch</key>'));
  const expected = [
    {
      file: path.join('PciEcho', 'Info.plist'),
      code: 'DK703',
      severity: 'error',
      message:
        "The dext's 'com.apple.developer.driverkit.transport.pci' entitlement does not cover '0x87d010b5' (it allows '0x00001077&0x0000FFFF'), so the kernel kills the dext on that device (\"provider entitlements check failed\"); request an entitlement for the vendor, or match only the devices it covers.",
      range: { start: { line, character: 8 }, end: { line, character: 25 } },
    },
  ];

  it("lints a folder's Info.plist against the entitlements and .iig beside it, and a malformed plist quietly", () => {
    const { status, stdout } = run(['--format', 'json', 'PciEcho'], dir);
    assert.equal(status, 1);
    assert.deepEqual(JSON.parse(stdout), expected);
  });

  it('finds the partners of an Info.plist named alone', () => {
    const { status, stdout } = run(['--format', 'json', path.join('PciEcho', 'Info.plist')], dir);
    assert.equal(status, 1);
    assert.deepEqual(JSON.parse(stdout), expected);
  });

  it('counts the property lists among the linted files', () => {
    const { stdout } = run(['PciEcho'], dir);
    assert.match(stdout, /1 problem \(1 errors, 0 warnings, 0 notes\) in 4 files\.\n$/);
  });
});
