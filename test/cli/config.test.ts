// driverkit-lint with a project file (.driverkit-lint.json or --config), --rule overrides, include/exclude and suppressions.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

const FREE = 'void Demo::Teardown()\n{\n    ivars->queue->free();\n}\n';
const SUPPRESSED = [
  'void Demo::Stop2()',
  '{',
  '    // driverkit-lint-disable-next-line direct-free-call',
  '    ivars->a->free();',
  '    ivars->b->free(); /* driverkit-lint-disable-line DK202 */',
  '    // driverkit-lint-disable-next-line DK202',
  '    Log();',
  '}',
  '',
].join('\n');

interface Run {
  status: number | null;
  stdout: string;
  stderrLines: string[];
}

function run(args: string[], cwd: string): Run {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderrLines: result.stderr.split('\n').filter((l) => l !== '') };
}

/** `file code severity line` of each JSON finding. */
function summary(stdout: string): string[] {
  return (JSON.parse(stdout) as { file: string; code: string; severity: string; range: { start: { line: number } } }[]).map(
    (f) => `${f.file.split(path.sep).join('/')} ${f.code} ${f.severity} ${f.range.start.line}`,
  );
}

describe('driverkit-lint project configuration', () => {
  let dir: string;
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const config = (value: unknown): void => write('.driverkit-lint.json', typeof value === 'string' ? value : JSON.stringify(value, null, 2));

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dk-cli-config-'));
    write('src/Demo.cpp', FREE);
    write('src/Generated/Table.cpp', FREE);
    write('src/Suppressed.cpp', SUPPRESSED);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('without a project file, uses the default severities and honours suppression directives', () => {
    fs.rmSync(path.join(dir, '.driverkit-lint.json'), { force: true });
    const { status, stdout, stderrLines } = run(['--format', 'json', 'src'], dir);
    assert.deepEqual(stderrLines, []);
    assert.equal(status, 1);
    assert.deepEqual(summary(stdout), ['src/Demo.cpp DK202 error 2', 'src/Suppressed.cpp DK001 warning 5', 'src/Generated/Table.cpp DK202 error 2']);
  });

  it('reads .driverkit-lint.json from the working directory: severities by code or name, and exclude globs', () => {
    config({ rules: { 'direct-free-call': 'warning', DK001: 'off' }, exclude: ['Generated/', 'src/Generated/**'] });
    const { status, stdout, stderrLines } = run(['--format', 'json', 'src'], dir);
    assert.deepEqual(stderrLines, []);
    assert.equal(status, 0, 'no error-severity finding is left');
    assert.deepEqual(summary(stdout), ['src/Demo.cpp DK202 warning 2']);
  });

  it('--rule wins over the project file, by code or by name', () => {
    config({ rules: { DK202: 'off' } });
    const { status, stdout } = run(['--format', 'json', '--rule', 'direct-free-call=error', '--rule', 'unused-suppression=off', 'src/Demo.cpp'], dir);
    assert.equal(status, 1);
    assert.deepEqual(summary(stdout), ['src/Demo.cpp DK202 error 2']);
  });

  it('include keeps only the matching files; a file named on the command line but excluded gets one notice', () => {
    config({ include: ['src/Demo.cpp', '*.iig'] });
    const folder = run(['--format', 'json', 'src'], dir);
    assert.deepEqual(folder.stderrLines, []);
    assert.deepEqual(summary(folder.stdout), ['src/Demo.cpp DK202 error 2']);
    const named = run(['--format', 'json', path.join('src', 'Suppressed.cpp')], dir);
    assert.deepEqual(named.stderrLines, [`driverkit-lint: skipped '${path.join('src', 'Suppressed.cpp')}': excluded by the include/exclude globs of .driverkit-lint.json.`]);
    assert.equal(named.status, 0);
    assert.deepEqual(JSON.parse(named.stdout), []);
  });

  it('an excluded .iig is not reported on but still gives the linted .cpp its class', () => {
    write('pump/Pump.iig', 'class Pump : public IOService\n{\npublic:\n    virtual void TimerFired(OSAction * action, uint64_t time) TYPE(IOTimerDispatchSource::TimerOccurred);\n};\n');
    write('pump/Pump.cpp', 'kern_return_t IMPL(Pump, Start)\n{\n    return CreateActionTimerFird(0, &ivars->action);\n}\n');
    config({ exclude: ['*.iig'], rules: { DK001: 'off', 'start-missing-superdispatch': 'off' } });
    const { stdout, stderrLines } = run(['--format', 'json', 'pump'], dir);
    assert.deepEqual(stderrLines, []);
    assert.deepEqual(summary(stdout), ['pump/Pump.cpp DK104 error 2']);
    assert.match(JSON.parse(stdout)[0].message, /did you mean 'CreateActionTimerFired'/, "only Pump's .iig names the handler");
    fs.rmSync(path.join(dir, 'pump'), { recursive: true });
  });

  it('--config names another file; its globs are relative to its own folder', () => {
    fs.rmSync(path.join(dir, '.driverkit-lint.json'), { force: true });
    write('ci/lint.json', JSON.stringify({ rules: { DK202: 'information' }, exclude: ['../src/Generated/**'] }));
    const { status, stdout, stderrLines } = run(['--format', 'json', '--config', path.join('ci', 'lint.json'), '--rule', 'DK001=off', 'src'], dir);
    assert.deepEqual(stderrLines, []);
    assert.equal(status, 0);
    assert.deepEqual(summary(stdout), ['src/Demo.cpp DK202 information 2', 'src/Generated/Table.cpp DK202 information 2']);
  });

  it('a bad project file is one located line on stderr, no report, and exit 2', () => {
    const cases: [string, string][] = [
      ['{\n  "rules": { "DK202" "off" }\n}\n', '.driverkit-lint.json:2:22: invalid JSON: colon expected'],
      ['{\n  "rules": {\n    "leaked-retain-object": "off"\n  }\n}\n', '.driverkit-lint.json:3:5: unknown rule "leaked-retain-object" in "rules"; use a code or name from docs/rules/README.md'],
      ['{ "rules": { "DK202": "fatal" } }', '.driverkit-lint.json:1:23: "rules.DK202" must be one of off, hint, information, warning, error (got "fatal")'],
      ['{ "run": "always" }', '.driverkit-lint.json:1:10: "run" must be one of onType, onSave (got "always")'],
      ['// comments are fine\n{ "include": "src/**", }', '.driverkit-lint.json:2:14: "include" must be an array of glob strings (got "src/**")'],
    ];
    for (const [text, line] of cases) {
      config(text);
      const { status, stdout, stderrLines } = run(['--format', 'json', 'src'], dir);
      assert.deepEqual(stderrLines, [`driverkit-lint: ${line}`], text);
      assert.equal(status, 2);
      assert.equal(stdout, '');
    }
    fs.rmSync(path.join(dir, '.driverkit-lint.json'));
  });

  it('--config naming a missing file and --rule naming no rule or no severity exit 2', () => {
    const missing = run(['--config', 'nope.json', 'src'], dir);
    assert.equal(missing.status, 2);
    assert.deepEqual(missing.stderrLines, [`driverkit-lint: ${path.join(dir, 'nope.json')}: cannot read the configuration: no such file or directory`.replace(`${dir}${path.sep}`, '')]);
    const unknown = run(['--rule', 'DK2=off', 'src'], dir);
    assert.equal(unknown.status, 2);
    assert.deepEqual(unknown.stderrLines, ["driverkit-lint: --rule: unknown rule 'DK2'; use a code or name from docs/rules/README.md."]);
    const severity = run(['--rule', 'DK202=fatal', 'src'], dir);
    assert.equal(severity.status, 2);
    assert.equal(severity.stderrLines[0], "driverkit-lint: --rule DK202: the severity must be one of off, hint, information, warning, error (got 'fatal').");
  });
});
