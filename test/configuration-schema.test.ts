// The VS Code settings and command the extension contributes match what the server reads and the client registers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SHOW_DOCUMENTATION_COMMAND } from '../server/src/lsp/rule-actions';
import { readSettings } from '../server/src/lsp/settings';

const ROOT = path.join(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string; description?: string }>;

describe('contributed configuration', () => {
  it('declares run, include and exclude with null defaults, so that an unset setting lets the project file through', () => {
    for (const name of ['driverkit.run', 'driverkit.include', 'driverkit.exclude', 'driverkit.maxFileSizeBytes']) {
      assert.ok(properties[name], `${name} is declared`);
      assert.equal(properties[name].default, null, `${name} defaults to null`);
      assert.match(properties[name].markdownDescription ?? '', /\.driverkit-lint\.json/, `${name} says where the value comes from when unset`);
    }
    const { layer, problems } = readSettings({ rules: {}, run: null, include: null, exclude: null, maxFileSizeBytes: null, debounceMs: 150 });
    assert.deepEqual(problems, []);
    assert.deepEqual(layer, { rules: {}, debounceMs: 150 }, 'null values are unset');
  });

  it('validates the editor values the schema allows, and reports the others', () => {
    const { layer, problems } = readSettings({ run: 'onSave', include: ['Driver/**'], exclude: ['Generated/', ''], rules: { nope: 'off', DK202: 'loud' } });
    assert.deepEqual(layer, { rules: {}, run: 'onSave', include: ['Driver/**'], exclude: ['Generated/'] });
    assert.deepEqual(problems, [
      "'driverkit.rules.nope' names no rule; use a code or name from docs/rules/README.md.",
      "'driverkit.rules.DK202' must be one of off, hint, information, warning, error.",
      "'driverkit.exclude' entry \"\" is empty.",
    ]);
  });

  it('contributes the show-documentation command the server names and the client registers, hidden from the palette', () => {
    // Other features may contribute commands too; this one must be among them.
    assert.ok(manifest.contributes.commands.some((c: { command: string }) => c.command === SHOW_DOCUMENTATION_COMMAND));
    assert.ok(
      manifest.contributes.menus.commandPalette.some((m: { command: string; when: string }) => m.command === SHOW_DOCUMENTATION_COMMAND && m.when === 'false'),
      'it needs a rule code, so it is run from code actions only',
    );
    const client = readFileSync(path.join(ROOT, 'client', 'src', 'show-documentation.ts'), 'utf8');
    assert.ok(client.includes(`'${SHOW_DOCUMENTATION_COMMAND}'`), 'the client defines the same command id');
    assert.match(client, /markdown\.showPreview/);
  });
});
