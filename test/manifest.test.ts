// package.json against the code: engines.vscode covers the API the client compiles against, activation events match
// the languages the client serves, and the workspace-trust declaration is there.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const clientSource = readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');

/** [major, minor, patch] of a version or the lower bound of a `^`/`>=` range. */
function lowerBound(range: string): number[] {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(range);
  assert.ok(match, `no version in '${range}'`);
  return match.slice(1, 4).map(Number);
}

function atLeast(version: number[], minimum: number[]): boolean {
  for (let i = 0; i < 3; i++) if (version[i] !== minimum[i]) return version[i] > minimum[i];
  return true;
}

/** Languages in the client's document selector (`{ scheme: 'file', language: 'x' }`). */
function servedLanguages(): string[] {
  return [...clientSource.matchAll(/language:\s*'([^']+)'/g)].map((m) => m[1]).sort();
}

describe('package.json manifest', () => {
  it('declares an engines.vscode at least as new as the @types/vscode the client is compiled against', () => {
    const engine = lowerBound(manifest.engines.vscode);
    const types = lowerBound(JSON.parse(readFileSync(path.join(ROOT, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8')).version);
    assert.ok(atLeast(engine, types), `engines.vscode ${manifest.engines.vscode} is older than @types/vscode ${types.join('.')}: the client could call API the engine lacks`);
    assert.ok(atLeast(lowerBound(manifest.devDependencies['@types/vscode']), types.slice(0, 2).concat(0)), '@types/vscode range');
    // languages.createLanguageStatusItem (the status item) is API since 1.65.
    assert.ok(atLeast(engine, [1, 65, 0]));
  });

  it('activates for every language the client serves, and for no other', () => {
    const served = servedLanguages();
    assert.deepEqual(served, ['c', 'cpp', 'iig']);
    const events: string[] = manifest.activationEvents;
    assert.ok(!events.includes('*'), 'no start-up activation');
    const onLanguage = events.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length));
    // VS Code 1.74 and later activate an extension for the languages it contributes without an onLanguage event.
    const contributed: string[] = manifest.contributes.languages.map((l: { id: string }) => l.id);
    assert.ok(atLeast(lowerBound(manifest.engines.vscode), [1, 74, 0]) || contributed.length === 0, 'implicit onLanguage activation needs 1.74');
    assert.deepEqual(served.filter((language) => !onLanguage.includes(language) && !contributed.includes(language)), [], 'languages served but never activated for');
    assert.deepEqual(onLanguage.filter((language) => !served.includes(language)), [], 'activation for languages the client does not serve');
    assert.ok(events.includes('workspaceContains:**/*.iig'), 'a DriverKit workspace activates the extension before a file is opened');
  });

  it('supports untrusted workspaces (it executes nothing from the workspace) and has no virtual-workspace file access', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.ok(manifest.capabilities.untrustedWorkspaces.description.length > 0);
    assert.equal(manifest.capabilities.virtualWorkspaces, false);
  });

  it('points main at the client bundle and the icon at a PNG', () => {
    assert.equal(manifest.main, './dist/client.js');
    assert.match(clientSource, /export async function activate/);
    assert.match(manifest.icon, /\.png$/);
  });
});
