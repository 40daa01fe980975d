// The boilerplate generators on realistic classes: the exact text they produce, and that the project's own rules find
// nothing in the result (on both parser backends).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Linter } from '../../server/src/engine/linter';
import { applyEdits, generateBoilerplate } from '../../server/src/generate/generate';
import type { GeneratorKind } from '../../server/src/generate/generator-types';
import { BACKENDS, parserFor } from '../helpers/parsers';
import { BARE_CPP, BARE_IIG, LINK_CPP, LINK_IIG, PUMP_CPP, PUMP_IIG } from './generator-fixtures';

const EXPECTED = path.join(__dirname, 'expected');
const SCSI = path.join(__dirname, '..', 'fixtures', 'valid', 'scsi');

interface Project {
  readonly className: string;
  readonly files: Record<string, string>;
}

/** The valid SCSI controller without its UserMapHBAData (declaration and definition), which DK605 then reports. */
function scsiWithoutHbaData(): Project {
  const iig = fs.readFileSync(path.join(SCSI, 'QuadPortHba.iig'), 'utf8').replace('    virtual kern_return_t UserMapHBAData(uint32_t * uniqueTaskID) override;\n', '');
  const cpp = fs.readFileSync(path.join(SCSI, 'QuadPortHba.cpp'), 'utf8');
  const from = cpp.indexOf('kern_return_t QuadPortHba::UserMapHBAData_Impl');
  const to = cpp.indexOf('kern_return_t QuadPortHba::UserProcessParallelTask_Impl');
  assert.ok(from > 0 && to > from);
  return { className: 'QuadPortHba', files: { 'QuadPortHba.iig': iig, 'QuadPortHba.cpp': cpp.slice(0, from) + cpp.slice(to) } };
}

const link = (): Project => ({ className: 'LinkDriver', files: { 'LinkDriver.iig': LINK_IIG, 'LinkDriver.cpp': LINK_CPP } });
const pump = (): Project => ({ className: 'PumpDriver', files: { 'PumpDriver.iig': PUMP_IIG, 'PumpDriver.cpp': PUMP_CPP } });
const bare = (): Project => ({ className: 'BareDriver', files: { 'BareDriver.iig': BARE_IIG, 'BareDriver.cpp': BARE_CPP } });
const uriOf = (file: string): string => `file:///workspace/${file}`;

async function linterFor(backend: (typeof BACKENDS)[number], files: Record<string, string>): Promise<Linter> {
  const linter = new Linter({ parser: await parserFor(backend) });
  for (const [file, text] of Object.entries(files)) if (file.endsWith('.iig')) linter.model(uriOf(file), text)?.tree?.dispose();
  return linter;
}

/** Applies one generator to the project (the .cpp may be absent: it is then created) and returns the new files. */
async function generate(project: Project, kind: GeneratorKind, name: string, backend: (typeof BACKENDS)[number] = 'native'): Promise<Project> {
  const linter = await linterFor(backend, project.files);
  const iigName = `${project.className}.iig`;
  const cppName = `${project.className}.cpp`;
  const iig = linter.index.findIigClass(project.className);
  assert.ok(iig, `no .iig declares ${project.className}`);
  const cppText = project.files[cppName];
  const model = linter.model(uriOf(cppName), cppText ?? '');
  assert.ok(model);
  const result = generateBoilerplate({ kind, name, iig, cpp: { model, exists: cppText !== undefined } });
  model.tree?.dispose();
  assert.ok(result.ok, result.ok ? '' : result.message);
  const files = { ...project.files };
  for (const file of [iigName, cppName]) {
    const edits = result.edits.filter((e) => e.uri === uriOf(file));
    if (edits.length > 0) files[file] = applyEdits(files[file], edits);
  }
  for (const created of result.createdFiles) {
    const file = created.uri.slice('file:///workspace/'.length);
    assert.equal(files[file], undefined, `${file} already exists`);
    files[file] = created.text;
  }
  return { className: project.className, files };
}

async function findings(project: Project, backend: (typeof BACKENDS)[number]): Promise<string[]> {
  const linter = await linterFor(backend, project.files);
  return Object.entries(project.files).flatMap(([file, text]) => {
    const model = linter.model(uriOf(file), text);
    if (!model) return [];
    const found = linter.analyze(model).map((d) => `${file}: ${d.code} ${d.message}`);
    model.tree?.dispose();
    return found;
  });
}

function assertExpected(project: Project, prefix: string): void {
  for (const [file, text] of Object.entries(project.files)) {
    const expectedPath = path.join(EXPECTED, `${prefix}.${file}.txt`);
    if (process.env.UPDATE_EXPECTED === '1') fs.writeFileSync(expectedPath, text);
    assert.equal(text, fs.readFileSync(expectedPath, 'utf8'), `${file} differs from ${path.relative(process.cwd(), expectedPath)}`);
  }
}

describe('boilerplate generators', () => {
  it('the starting classes lint clean, except the controller missing UserMapHBAData', async () => {
    assert.deepEqual(await findings(pump(), 'native'), []);
    assert.deepEqual(await findings(bare(), 'native'), []);
    assert.deepEqual(await findings(link(), 'native'), []);
    assert.deepEqual((await findings(scsiWithoutHbaData(), 'native')).map((f) => f.split(' ')[1]), ['DK605']);
  });

  it('timer: exact .iig and .cpp text for a service in the snippet shape', async () => {
    assertExpected(await generate(pump(), 'timer', 'Poll'), 'timer');
  });

  it('interrupt: exact text when the class has no ivars, init, free, Start or Stop yet', async () => {
    assertExpected(await generate(bare(), 'interrupt', 'Device'), 'interrupt');
  });

  it('UserMapHBAData: exact text on a SCSI controller written in the _Impl style', async () => {
    const generated = await generate(scsiWithoutHbaData(), 'userMapHBAData', 'TaskData');
    assertExpected({ className: 'QuadPortHba', files: { 'QuadPortHba.iig': generated.files['QuadPortHba.iig'] } }, 'hba');
    assert.match(generated.files['QuadPortHba.cpp'], /\nQuadPortHba::UserMapHBAData_Impl\(uint32_t \* uniqueTaskID\)\n\{\n/);
  });

  it('user client: exact text of the service edits and of the two created files', async () => {
    assertExpected(await generate(pump(), 'userClient', 'PumpUserClient'), 'user-client');
  });

  it('a second generator chains its Cancel in front of the first one\'s super Stop', async () => {
    const twice = await generate(await generate(pump(), 'timer', 'Poll'), 'interrupt', 'Device');
    assertExpected({ className: 'PumpDriver', files: { 'PumpDriver.cpp': twice.files['PumpDriver.cpp'] } }, 'chained');
  });

  it('keeps an AssertMacros status check first, and chains into a one-line Cancel completion', async () => {
    const generated = await generate(link(), 'interrupt', 'Device');
    assertExpected({ className: 'LinkDriver', files: { 'LinkDriver.cpp': generated.files['LinkDriver.cpp'] } }, 'assert-macros');
  });

  it('refuses to guess where super Stop runs last when parallel Cancel completions share a counter', async () => {
    const project: Project = { className: 'QuadPortHba', files: { 'QuadPortHba.iig': fs.readFileSync(path.join(SCSI, 'QuadPortHba.iig'), 'utf8'), 'QuadPortHba.cpp': fs.readFileSync(path.join(SCSI, 'QuadPortHba.cpp'), 'utf8') } };
    const linter = await linterFor('native', project.files);
    const iig = linter.index.findIigClass('QuadPortHba');
    const model = linter.model(uriOf('QuadPortHba.cpp'), project.files['QuadPortHba.cpp']);
    assert.ok(iig && model);
    assert.deepEqual(generateBoilerplate({ kind: 'timer', name: 'Poll', iig, cpp: { model, exists: true } }), {
      ok: false,
      message: "'QuadPortHba::Stop' passes Stop on from several Cancel completions, so the generator cannot tell which one runs last; cancel 'ivars->pollTimer' there by hand.",
    });
    model.tree?.dispose();
  });

  it('creates the .cpp when the class has none yet', async () => {
    const project = await generate({ className: 'PumpDriver', files: { 'PumpDriver.iig': PUMP_IIG } }, 'timer', 'Poll');
    assert.match(project.files['PumpDriver.cpp'], /^#include <os\/log.h>\n\n#include <DriverKit\/IOLib.h>\n\n#include "PumpDriver.h"\n\n/);
    assert.deepEqual(await findings(project, 'native'), []);
  });

  for (const backend of BACKENDS) {
    it(`every generator leaves zero findings (${backend})`, async () => {
      const cases: [string, () => Promise<Project>][] = [
        ['timer on the service', () => generate(pump(), 'timer', 'Poll', backend)],
        ['timer on the bare class', () => generate(bare(), 'timer', 'Poll', backend)],
        ['interrupt on the service', () => generate(pump(), 'interrupt', 'Device', backend)],
        ['interrupt on the bare class', () => generate(bare(), 'interrupt', 'Device', backend)],
        ['timer then interrupt', async () => generate(await generate(pump(), 'timer', 'Poll', backend), 'interrupt', 'Device', backend)],
        ['interrupt then two timers', async () => generate(await generate(await generate(bare(), 'interrupt', 'Irq', backend), 'timer', 'Fast', backend), 'timer', 'Slow', backend)],
        ['interrupt on the AssertMacros driver', () => generate(link(), 'interrupt', 'Device', backend)],
        ['UserMapHBAData', () => generate(scsiWithoutHbaData(), 'userMapHBAData', 'TaskData', backend)],
        ['user client on the service', () => generate(pump(), 'userClient', 'PumpUserClient', backend)],
        ['user client on the bare class', () => generate(bare(), 'userClient', 'BareClient', backend)],
      ];
      for (const [name, run] of cases) assert.deepEqual(await findings(await run(), backend), [], name);
    });
  }

  it('refuses names that are not identifiers, clashes and classes of the wrong family, with a reason', async () => {
    const linter = await linterFor('native', pump().files);
    const iig = linter.index.findIigClass('PumpDriver');
    const model = linter.model(uriOf('PumpDriver.cpp'), PUMP_CPP);
    assert.ok(iig && model);
    const run = (kind: GeneratorKind, name: string): string => {
      const result = generateBoilerplate({ kind, name, iig, cpp: { model, exists: true } });
      return result.ok ? 'ok' : result.message;
    };
    assert.equal(run('timer', '1Poll'), "'1Poll' is not a C identifier.");
    assert.equal(run('timer', 'Poll Fast'), "'Poll Fast' is not a C identifier.");
    assert.equal(run('userMapHBAData', 'TaskData'), 'PumpDriver does not derive from IOUserSCSIParallelInterfaceController, whose tasks UserMapHBAData maps.');
    assert.equal(run('userClient', 'PumpDriver'), "The user client needs a name other than its service's, 'PumpDriver'.");
    assert.equal(run('Stop' as GeneratorKind, 'x'), "Unknown generator 'Stop'.");
    const withStop = generateBoilerplate({ kind: 'timer', name: 'Poll', iig: { ...iig, decl: { ...iig.decl, methods: [...iig.decl.methods, { ...iig.decl.methods[0], name: 'PollTimerOccurred' }] } }, cpp: { model, exists: true } });
    assert.deepEqual(withStop, { ok: false, message: "PumpDriver already declares 'PollTimerOccurred'." });
    model.tree?.dispose();
  });
});
