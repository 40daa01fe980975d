// Function-scoped findings kept between analyses: after any sequence of edits, an analysis that reuses them reports
// exactly what a fresh analysis reports, and it re-runs function-scoped rules only on the functions an edit touched.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FunctionFindingsCache } from '../../server/src/engine/function-findings-cache';
import { Linter } from '../../server/src/engine/linter';
import { ALL_RULES } from '../../server/src/rules';
import type { FunctionDef } from '../../server/src/model/file-model';
import { defineFunctionRule, type Finding } from '../../server/src/rules/rule';
import { BACKENDS, parserFor } from '../helpers/parsers';
import { seededRandom } from '../helpers/seeded-random';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
const IIG_URI = 'file:///w/Driver.iig';
const CPP_URI = 'file:///w/Driver.cpp';

/** Leaks, a missing SUPERDISPATCH and a handler-less action beside the example's own planted findings. */
const PLANTED = [
  '',
  'kern_return_t',
  'ScsiRaidController::ScratchLeak(uint64_t length)',
  '{',
  '    IOBufferMemoryDescriptor * buffer = nullptr;',
  '    kern_return_t ret = IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut, length, 0, &buffer);',
  '    if (ret != kIOReturnSuccess) {',
  '        return ret;',
  '    }',
  '    return kIOReturnSuccess;',
  '}',
  '',
  'kern_return_t',
  'ScsiRaidController::MapLeak(IOMemoryDescriptor * memory)',
  '{',
  '    IOMemoryMap * map = nullptr;',
  '    kern_return_t ret = memory->CreateMapping(0, 0, 0, 0, 0, &map);',
  '    return ret;',
  '}',
  '',
].join('\n');

const INSERTS = [' ', '\n', 'x', ';', '{', '}', '(', '/*', '*/', '// ', '"', 'OSSafeReleaseNULL(buffer);', 'return ret;', '\r\n'];
/**
 * Edits that open, close or use the PCI device, so that the class-wide PCI rules change their answers, and that map,
 * create and size the ivars buffer, for the memory rules that keep per-function facts (DK501–DK503, DK608).
 */
const PCI_INSERTS = [
  'ivars->pci->Open(this, 0);',
  'ivars->pci->Close(this, 0);',
  'ivars->pci->MemoryWrite32(0, 0, 0);',
  'IOPCIDevice * other = ivars->pci;',
  'ivars->pci->MemoryRead32(2, kRegStatus, &status);',
  'ivars->echoBuffer->Map(0, 0, 0, 0, &address, &length);',
  'IOBufferMemoryDescriptor::Create(kIOMemoryMapReadOnly, 0, 4096, &ivars->echoBuffer);',
  'ivars->echoBuffer->SetLength(16);',
];

/**
 * The drivers edited at random: the SCSI one with planted function-scoped findings, and the PCI one without its Close
 * calls, so that the class-wide PCI rules report until an edit adds one back.
 */
const DRIVERS = [
  { name: 'the SCSI controller', dir: path.join(EXAMPLES, 'ScsiRaidDext', 'ScsiRaidDext'), stem: 'ScsiRaidController', plant: (cpp: string) => cpp + PLANTED, inserts: INSERTS, expects: 'function' },
  { name: 'the PCI device', dir: path.join(EXAMPLES, 'PciDext', 'PciDext'), stem: 'PciEchoDevice', plant: (cpp: string) => cpp.replaceAll('ivars->pci->Close(this, 0);', ''), inserts: [...INSERTS, ...PCI_INSERTS], expects: ['DK604', 'DK501', 'DK503'] },
];

/** One random edit: an insertion (at a random offset or a line start), a deletion, or (sometimes) going back to an earlier text. */
function edit(text: string, next: () => number, history: readonly string[], inserts: readonly string[]): string {
  const roll = next();
  if (roll < 0.1 && history.length > 0) return history[Math.floor(next() * history.length)];
  const random = Math.floor(next() * (text.length + 1));
  // Half of the insertions start a line, where a statement is more likely to land whole inside a function body.
  const at = roll < 0.35 ? text.lastIndexOf('\n', random - 1) + 1 : random;
  if (roll < 0.6) return text.slice(0, at) + inserts[Math.floor(next() * inserts.length)] + text.slice(at);
  return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 6)));
}

/** A test rule that records which functions it checked, and an editing session of one document analysed with it. */
async function editingWith(backend: (typeof BACKENDS)[number], code: string, report: (fn: FunctionDef) => Finding[]) {
  const checked: string[] = [];
  const rule = defineFunctionRule(
    { code, name: `test-${code}`, summary: 'Test rule.', category: 'lifetime', defaultSeverity: 'warning', fixable: 'none', appliesTo: ['cpp'] },
    (fn) => {
      checked.push(fn.methodName);
      return report(fn);
    },
  );
  const linter = new Linter({ parser: await parserFor(backend), rules: [rule] });
  const session = linter.createParseSession();
  const kept = new FunctionFindingsCache();
  const analyse = (source: string) => linter.analyze(linter.model(CPP_URI, source, session) ?? assert.fail('no model'), undefined, kept);
  return { checked, linter, kept, analyse };
}

for (const backend of BACKENDS) {
  describe(`function findings kept between analyses (${backend} parser)`, () => {
    for (const driver of DRIVERS) {
      it(`report exactly what a fresh analysis reports after every one of 80 random edits of ${driver.name}`, async () => {
        const parser = await parserFor(backend);
        const iig = fs.readFileSync(path.join(driver.dir, `${driver.stem}.iig`), 'utf8');
        let text = driver.plant(fs.readFileSync(path.join(driver.dir, `${driver.stem}.cpp`), 'utf8'));
        const editing = new Linter({ parser });
        editing.model(IIG_URI, iig);
        const session = editing.createParseSession();
        const kept = new FunctionFindingsCache();
        const next = seededRandom(backend === 'native' ? 7 : 11);
        const history: string[] = [];
        const codes = new Set<string>();
        for (let step = 0; step <= 80; step++) {
          if (step > 0) {
            history.push(text);
            text = edit(text, next, history, driver.inserts);
          }
          const incremental = editing.model(CPP_URI, text, session);
          const fresh = new Linter({ parser });
          fresh.model(IIG_URI, iig);
          const scratch = fresh.model(CPP_URI, text);
          assert.ok(incremental && scratch);
          const expected = fresh.analyze(scratch);
          assert.deepEqual(editing.analyze(incremental, undefined, kept), expected, `step ${step}`);
          for (const d of expected) codes.add(d.code);
        }
        // The edits must have exercised rules with findings, not only clean code.
        const functionScoped = ALL_RULES.filter((r) => r.checkFunction).map((r) => r.meta.code);
        if (driver.expects === 'function') assert.ok(functionScoped.some((code) => codes.has(code)), `no function-scoped finding among ${[...codes].join(', ')}`);
        else for (const code of driver.expects) assert.ok(codes.has(code), `no ${code} finding among ${[...codes].join(', ')}`);
      });
    }

    it('re-runs a function-scoped rule only on the function an edit touched, and moves the others\' findings', async () => {
      const { checked, kept, analyse } = await editingWith(backend, 'DK998', (fn) => [{ range: fn.nameRange, message: fn.methodName }]);
      const source = 'void A::first()\n{\n}\n\nvoid A::second()\n{\n}\n\nvoid A::third()\n{\n}\n';
      assert.deepEqual(analyse(source).map((d) => d.message), ['first', 'second', 'third']);
      assert.deepEqual(checked.splice(0), ['first', 'second', 'third']);
      const edited = source.replace('{\n}\n\nvoid A::second', '{\n    x();\n}\n\nvoid A::second');
      const diagnostics = analyse(edited);
      assert.deepEqual(checked.splice(0), ['first']);
      const offsetOf = (name: string): number => edited.indexOf(`A::${name}`) + 3;
      assert.deepEqual(diagnostics.map((d) => [d.message, d.range.start]), [['first', offsetOf('first')], ['second', offsetOf('second')], ['third', offsetOf('third')]]);
      assert.equal(kept.size, 3);
      analyse(edited.replace(/\nvoid A::third\(\)\n\{\n\}\n$/, ''));
      assert.deepEqual(checked.splice(0), [], 'deleting a function re-checks nothing');
      assert.equal(kept.size, 2, 'what belonged to the deleted function is dropped');
    });

    it('re-runs a function whose finding points outside it, and everything when the workspace or declarations change', async () => {
      const { checked, linter, analyse } = await editingWith(backend, 'DK997', (fn) =>
        fn.methodName === 'second' ? [{ range: fn.nameRange, message: 'here', related: [{ uri: CPP_URI, range: { start: 0, end: 1 }, message: 'above' }] }] : [],
      );
      const source = 'int x;\n\nvoid A::first()\n{\n}\n\nvoid A::second()\n{\n}\n';
      analyse(source);
      checked.splice(0);
      analyse(source.replace('{\n}\n\nvoid A::second', '{\n    y();\n}\n\nvoid A::second'));
      assert.deepEqual(checked.splice(0), ['first', 'second']);
      analyse(source.replace('int x;', 'int xy;'));
      assert.deepEqual(checked.splice(0), ['first', 'second'], 'a declaration outside the functions changed');
      linter.model(IIG_URI, 'class A : public IOService\n{\n};\n');
      analyse(source.replace('int x;', 'int xy;'));
      assert.deepEqual(checked.splice(0), ['first', 'second'], 'the workspace index changed');
    });
  });
}
