// driverkit-lint --jobs: worker threads give byte-identical reports to one thread, and bad values are usage errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadSourcePairs } from '../robustness/realistic-sources';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('driverkit-lint --jobs', () => {
  let dir: string;
  before(() => {
    // Every realistic source pair twice over (so that both workers get files with findings), plus files that
    // become problem lines, whose order must not depend on the worker that met them.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-jobs-'));
    let copies = 0;
    for (let round = 0; round < 2; round++) {
      for (const pair of loadSourcePairs()) {
        const folder = path.join(dir, `copy${copies++}`);
        fs.mkdirSync(folder);
        for (const [name, text] of pair.files) fs.writeFileSync(path.join(folder, name), text);
      }
    }
    fs.writeFileSync(path.join(dir, 'copy0', 'Blob.cpp'), Buffer.from([0, 1, 2, 0, 255, 0]));
    fs.writeFileSync(path.join(dir, 'copy3', 'Huge.cpp'), `// ${'x'.repeat(200_000)}\n`);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const format of ['json', 'sarif', 'text']) {
    it(`prints the same ${format} report and problem lines with one and two workers`, () => {
      const one = run(['--format', format, '--max-file-size', '100k', '--jobs', '1', '.'], dir);
      const two = run(['--format', format, '--max-file-size', '100k', '--jobs', '2', '.'], dir);
      assert.equal(one.status, two.status);
      assert.equal(two.stdout, one.stdout);
      assert.equal(two.stderr, one.stderr);
      // Not vacuous: the example dext's findings and both skipped files are in the report.
      assert.match(one.stdout, /DK201/);
      assert.match(one.stderr, /Blob\.cpp.*binary file/);
      assert.match(one.stderr, /Huge\.cpp.*over the 102400-byte limit/);
    });
  }

  it('rejects --jobs values that are not a whole number from 1 to 256 with exit status 2', () => {
    for (const bad of [['--jobs', '0'], ['--jobs', '-1'], ['--jobs', '1.5'], ['--jobs', 'two'], ['--jobs', '257'], ['--jobs=', '.'], ['-j']]) {
      const { status, stderr, stdout } = run([...bad, '.'], dir);
      assert.equal(status, 2, `${bad.join(' ')} exits 2`);
      assert.match(stderr, /--jobs must be a whole number from 1 to 256/);
      assert.equal(stdout, '');
    }
  });

  it('accepts -j as the short form', () => {
    const { status, stdout } = run(['-j', '2', '--format', 'json', '--exit-zero', '.'], dir);
    assert.equal(status, 0);
    assert.ok(Array.isArray(JSON.parse(stdout)));
  });
});
