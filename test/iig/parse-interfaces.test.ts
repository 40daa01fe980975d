// Real-world-shaped .iig files must parse without a single ERROR node once annotations are masked, and the model
// must attach every annotation to the declaration it belongs to.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { maskAnnotations } from '../../server/src/iig/mask-annotations';
import { buildModel } from '../../server/src/model/build-model';
import { containsSyntaxError } from '../../server/src/model/node-index';
import { BACKENDS, parserFor } from '../helpers/parsers';

const ROOT = path.resolve(__dirname, '..', '..');
const INTERFACES = [
  path.join(ROOT, 'test/fixtures/iig/SdkStyleInterfaces.iig'),
  ...findIig(path.join(ROOT, 'examples')),
  ...findIig(path.join(ROOT, 'test/fixtures/valid')),
];

function findIig(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? findIig(path.join(dir, e.name)) : e.name.endsWith('.iig') ? [path.join(dir, e.name)] : []));
}

for (const backend of BACKENDS) {
  describe(`.iig parsing (${backend} parser)`, () => {
    for (const file of INTERFACES) {
      it(`${path.relative(ROOT, file)} parses with zero ERROR nodes`, async () => {
        const parser = await parserFor(backend);
        const tree = parser.parse(maskAnnotations(fs.readFileSync(file, 'utf8'), 'iig').text);
        assert.equal(containsSyntaxError(tree.rootNode), false);
        tree.dispose();
      });
    }

    it('attaches annotations to classes, methods and parameters', async () => {
      const text = fs.readFileSync(INTERFACES[0], 'utf8');
      const model = buildModel({ uri: 'file:///SdkStyleInterfaces.iig', kind: 'iig', text, parser: await parserFor(backend) });
      const byName = new Map(model.classes.map((c) => [c.name, c]));
      assert.deepEqual([...byName.keys()], ['TestSegment', 'TestDispatchSource', 'TestUserClient', 'MyController', 'TestUserClientPrivate']);
      assert.deepEqual(byName.get('TestDispatchSource')?.annotations.map((a) => a.name), ['NATIVE', 'KERNEL']);
      const source = byName.get('TestDispatchSource')?.methods ?? [];
      assert.deepEqual(
        source.map((m) => [m.name, m.annotations.map((a) => a.name).join(' '), m.isStatic, m.isOverride, m.isPureVirtual]),
        [
          ['Create', 'LOCAL', true, false, false],
          ['init', '', false, true, false],
          ['free', '', false, true, false],
          ['SetHandler', 'LOCAL', false, false, false],
          ['SetEnableWithCompletion', 'LOCAL', false, true, false],
          ['CheckForWork', 'INVOKEREPLY', false, false, true],
          ['TestFired', 'REPLY LOCAL', false, false, false],
        ],
      );
      const setHandler = source.find((m) => m.name === 'SetHandler');
      assert.deepEqual(setHandler?.params.map((p) => [p.type, p.name, p.annotations.map((a) => a.argument ?? a.name)]), [['OSAction*', 'action', ['TestFired']]]);
      assert.equal(setHandler?.typeReference, undefined, 'a parameter TYPE does not make the method a handler');
      const fired = source.find((m) => m.name === 'TestFired');
      assert.deepEqual(fired?.params.map((p) => [p.type, p.annotations.map((a) => a.name)]), [['OSAction*', ['TARGET']], ['uint64_t', []], ['uint64_t', []]]);
      const controller = byName.get('MyController')?.methods ?? [];
      const interrupt = controller.find((m) => m.name === 'InterruptOccurred');
      assert.deepEqual(interrupt?.typeReference && [interrupt.typeReference.className, interrupt.typeReference.methodName], ['IOInterruptDispatchSource', 'InterruptOccurred']);
      assert.equal(interrupt?.queueName, 'InterruptQueue');
      assert.deepEqual(controller.filter((m) => m.isLocalOnly).map((m) => m.name), ['ProgramRegisters']);
      const client = byName.get('TestUserClient')?.methods ?? [];
      assert.deepEqual(client.find((m) => m.name === 'CreateMemoryDescriptorFromClient')?.params.map((p) => p.type), ['uint64_t', 'uint32_t', 'const TestSegment[32]', 'IOMemoryDescriptor**']);
      model.tree?.dispose();
    });
  });
}
