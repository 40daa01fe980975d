// Builds a workspace full of what real folders contain and linters trip on: odd encodings, binary and huge files,
// an unreadable file, symbolic-link loops, links leading outside, a FIFO, and a folder named like a source file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PUMP_IIG =
  'class Pump : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n    virtual void Pumped(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n};\n';
export const PUMP_CPP = 'kern_return_t IMPL(Pump, Start)\n{\n    return OSAction::Create(this, 0, 0, 0, &ivars->action);\n}\n';
export const HUGE_BYTES = 50 * 1024 * 1024;

export interface HostileWorkspace {
  /** The workspace folder (its real path). */
  readonly root: string;
  /** A folder beside it that links point into and that must never be read. */
  readonly outside: string;
  /** .iig files the server must index (Unreadable.iig is added when the reader may read it). */
  readonly indexable: readonly string[];
  readonly hasFifo: boolean;
  remove(): void;
}

const iig = (name: string): string => `class ${name} : public IOService\n{\npublic:\n    virtual kern_return_t Start(IOService * provider) override;\n};\n`;

export function createHostileWorkspace(): HostileWorkspace {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dk-hostile-')));
  // Traversable by every user, so that an unprivileged child can be pointed at it.
  fs.chmodSync(base, 0o755);
  const root = path.join(base, 'workspace');
  const outside = path.join(base, 'outside');
  const write = (relative: string, data: string | Buffer): void => {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, data);
  };
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'Secret.iig'), iig('Secret'));

  write('Pump.iig', PUMP_IIG);
  write('Pump.cpp', PUMP_CPP);
  write('enc/Latin1.iig', Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from(`\n${iig('Latin1Class')}`)]));
  write('enc/Bom.iig', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(iig('BomClass'))]));
  write('enc/Utf16.iig', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(iig('Utf16Class'), 'utf16le')]));
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
  write('enc/Binary.iig', binary);
  write('enc/Binary.cpp', binary);
  // 50 MB of a generated interface: sparse on disk is not enough, the size is what must be checked before reading.
  const hugeLine = `// ${'generated '.repeat(100)}\n`;
  write('big/Huge.iig', `${iig('HugeClass')}${hugeLine.repeat(Math.ceil(HUGE_BYTES / hugeLine.length))}`.slice(0, HUGE_BYTES));
  write('locked/Unreadable.iig', iig('LockedClass'));
  fs.chmodSync(path.join(root, 'locked', 'Unreadable.iig'), 0o000);
  write('odd/Dir.iig/Inner.iig', iig('InnerClass'));

  const links = path.join(root, 'links');
  fs.mkdirSync(links, { recursive: true });
  fs.symlinkSync('loop-b.cpp', path.join(links, 'loop-a.cpp'));
  fs.symlinkSync('loop-a.cpp', path.join(links, 'loop-b.cpp'));
  fs.symlinkSync('.', path.join(links, 'self'));
  fs.symlinkSync('..', path.join(links, 'parent'));
  fs.symlinkSync(path.join(base, 'does-not-exist.iig'), path.join(links, 'Dangling.iig'));
  fs.symlinkSync(path.join(outside, 'Secret.iig'), path.join(links, 'Outside.iig'));
  fs.symlinkSync(outside, path.join(links, 'outside-dir'));

  const fifo = spawnSync('mkfifo', [path.join(root, 'odd', 'Fifo.iig')]);
  const hasFifo = fifo.status === 0;

  return {
    root,
    outside,
    indexable: ['Pump.iig', 'enc/Latin1.iig', 'enc/Bom.iig', 'enc/Utf16.iig', 'odd/Dir.iig/Inner.iig'],
    hasFifo,
    remove: () => {
      fs.chmodSync(path.join(root, 'locked', 'Unreadable.iig'), 0o644);
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}

export interface ReaderIdentity {
  /** Run children as this user so that chmod 000 applies (set when the tests run as root). */
  readonly uid?: number;
  readonly gid?: number;
  /** Set when no child can be denied a read: the unreadable-file checks are then skipped with this reason. */
  readonly skipUnreadable?: string;
}

/**
 * Who should read the workspace so that a chmod-000 file really is unreadable. Tests often run as root, for whom
 * chmod does not block reads; then the children run as `nobody` when the system allows it, and otherwise the
 * unreadable-file checks are skipped with a clear reason rather than asserting nonsense.
 */
export function readerIdentity(unreadableFile: string): ReaderIdentity {
  if (process.platform === 'win32') return { skipUnreadable: 'chmod 000 does not block reads on Windows' };
  const probe = (options: { uid?: number; gid?: number }): boolean => {
    const script = `try { require('fs').readFileSync(${JSON.stringify(unreadableFile)}); process.exit(1); } catch (e) { process.exit(e.code === 'EACCES' ? 0 : 1); }`;
    return spawnSync(process.execPath, ['-e', script], options).status === 0;
  };
  if (probe({})) return {};
  if (process.getuid?.() === 0 && probe({ uid: 65534, gid: 65534 })) return { uid: 65534, gid: 65534 };
  return { skipUnreadable: 'running as root without an unprivileged user to switch to: chmod 000 does not block reads, so the unreadable-file checks are skipped' };
}
