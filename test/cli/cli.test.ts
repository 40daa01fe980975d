// The driverkit-lint CLI as CI uses it: formats, the JSON contract, SARIF 2.1.0 shape and exit codes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALL_RULES } from '../../server/src/rules';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

const IIG = 'class Demo : public IOService\n{\npublic:\n    virtual void Tick(OSAction * action) TYPE(IOTimerDispatchSource::TimerOccurred);\n};\n';
const CPP = 'void Demo::Teardown()\n{\n    // 清理 😀\n    ivars->queue->free();\n}\n';
const CLEAN = 'void Demo::Teardown()\n{\n    OSSafeReleaseNULL(ivars->queue);\n}\n';

function run(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('driverkit-lint', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-cli-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'Demo.iig'), IIG);
    fs.writeFileSync(path.join(dir, 'src', 'Demo.cpp'), CPP);
    fs.writeFileSync(path.join(dir, 'src', 'Clean.cpp'), CLEAN);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract with paths relative to the working directory and UTF-16 ranges', () => {
    const { status, stdout } = run(['--format', 'json', 'src'], dir);
    assert.equal(status, 1);
    assert.deepEqual(JSON.parse(stdout), [
      {
        file: path.join('src', 'Demo.cpp'),
        code: 'DK202',
        severity: 'error',
        message: "'ivars->queue->free()' destroys the object whatever its retain count, leaving every other reference dangling; release your reference with 'OSSafeReleaseNULL(ivars->queue)' instead.",
        range: { start: { line: 3, character: 4 }, end: { line: 3, character: 24 } },
      },
      {
        file: path.join('src', 'Demo.iig'),
        code: 'DK101',
        severity: 'error',
        message:
          "Callback 'Tick' for 'TYPE(IOTimerDispatchSource::TimerOccurred)' takes (OSAction*) instead of (OSAction*, uint64_t); declare it as 'virtual void Tick(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);'.",
        range: { start: { line: 3, character: 17 }, end: { line: 3, character: 21 } },
      },
    ]);
  });

  it('keeps a file named on the command line as given', () => {
    const { stdout } = run(['--format=json', './src/Demo.cpp'], dir);
    assert.deepEqual(JSON.parse(stdout).map((f: { file: string }) => f.file), ['./src/Demo.cpp']);
  });

  it('prints compiler-style text with 1-based positions and a summary', () => {
    const { status, stdout } = run(['src/Demo.cpp'], dir);
    assert.equal(status, 1);
    assert.equal(
      stdout,
      "src/Demo.cpp:4:5: error DK202 'ivars->queue->free()' destroys the object whatever its retain count, leaving every other reference dangling; release your reference with 'OSSafeReleaseNULL(ivars->queue)' instead. [direct-free-call]\n" +
        '1 problem (1 errors, 0 warnings, 0 notes) in 1 file.\n',
    );
  });

  it('writes SARIF 2.1.0 with rules, results, regions and fixes', () => {
    const { status, stdout } = run(['--format', 'sarif', 'src'], dir);
    assert.equal(status, 1);
    const log = JSON.parse(stdout);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    const run0 = log.runs[0];
    assert.equal(run0.tool.driver.name, 'driverkit-lint');
    assert.deepEqual(run0.tool.driver.rules.map((r: { id: string }) => r.id), ALL_RULES.map((r) => r.meta.code), 'every registered rule, in registry order');
    assert.deepEqual(run0.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    assert.deepEqual(run0.originalUriBaseIds.SRCROOT.uri, `${new URL(`file://${dir}/`).toString()}`);
    const result = run0.results.find((r: { ruleId: string }) => r.ruleId === 'DK202');
    assert.equal(result.level, 'error');
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'DK202');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'src/Demo.cpp', uriBaseId: 'SRCROOT' },
      region: { startLine: 4, startColumn: 5, endLine: 4, endColumn: 25 },
    });
    assert.equal(result.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'OSSafeReleaseNULL(ivars->queue);');
  });

  it('exits 0 on clean files', () => {
    const { status, stdout } = run(['src/Clean.cpp'], dir);
    assert.equal(status, 0);
    assert.equal(stdout, '0 problems (0 errors, 0 warnings, 0 notes) in 1 file.\n');
  });

  it('exits 0 with --exit-zero while still reporting', () => {
    const { status, stdout } = run(['--exit-zero', 'src/Demo.cpp'], dir);
    assert.equal(status, 0);
    assert.match(stdout, /DK202/);
  });

  it('exits 2 on usage errors', () => {
    for (const args of [[], ['--format', 'xml', 'src'], ['--frobnicate', 'src']]) {
      const { status, stderr } = run(args, dir);
      assert.equal(status, 2, `args ${args.join(' ')}`);
      assert.match(stderr, /Usage: driverkit-lint/);
    }
  });

  it('reports a missing path on one line, still lints the rest, keeps JSON well-formed, and exits 2', () => {
    const { status, stdout, stderr } = run(['--format', 'json', 'missing.cpp', 'src/Demo.cpp'], dir);
    assert.equal(status, 2);
    assert.equal(stderr, "driverkit-lint: cannot read 'missing.cpp': no such file or directory\n");
    assert.deepEqual(JSON.parse(stdout).map((f: { code: string }) => f.code), ['DK202']);
  });

  it('runs with the wasm parser too', () => {
    const { status, stdout } = run(['--parser', 'wasm', '--format', 'json', 'src/Demo.cpp'], dir);
    assert.equal(status, 1);
    assert.deepEqual(JSON.parse(stdout).map((f: { code: string }) => f.code), ['DK202']);
  });
});
