// End to end in VS Code: installs the packaged .vsix into a real workbench (code-server, Node extension host), opens
// the bundled example dext in Chromium and checks, through the editor itself, what a user sees.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { CodeServer } from './code-server';
import { EXAMPLE_SOURCES, expectedFindings, REPO_ROOT } from './expected-findings';
import { poll } from './poll';
import { Workbench, type ProblemRow } from './workbench';

const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const CPP = 'ScsiRaidController.cpp';
const IIG = 'ScsiRaidController.iig';
const SCRATCH = 'Scratch.cpp';
const EXTENSION_ID = 'driverkit-tools.driverkit-vscode';

function required(name: string): string {
  const value = process.env[name];
  if (!value || !existsSync(value)) throw new Error(`${name} ${value ? `(${value}) does not exist` : 'is not set'}: run this suite with \`npm run test:e2e\``);
  return value;
}

/** 1-based line and column of the first occurrence of `text` in a file. */
function locate(file: string, text: string): { line: number; column: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(text));
  assert.ok(line >= 0, `'${text}' not found in ${file}`);
  return { line: line + 1, column: lines[line].indexOf(text) + 1 };
}

const keyOf = (rows: readonly { code: string; line: number; column: number }[]) => rows.map((r) => `${r.code} Ln ${r.line}, Col ${r.column}`).sort();

describe('VS Code workbench (code-server) with the packaged .vsix', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'dk-e2e-vscode-'));
  const workspace = path.join(work, 'ScsiRaidDext');
  const blockedRequests: string[] = [];
  let server: CodeServer;
  let context: BrowserContext;
  let workbench: Workbench;
  let installOutput = '';

  /** Runs a step; on failure saves a screenshot and adds the tail of code-server's log to the message. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const shot = path.join(ARTIFACTS, `failed-${name.replace(/[^a-z0-9]+/gi, '-')}.png`);
      await workbench?.screenshot(shot).catch(() => undefined);
      const message = error instanceof Error ? error.message : String(error);
      const logTail = (server?.log ?? '').split('\n').filter((line) => line.trim()).slice(-10).join('\n');
      throw new Error(`${message}\n(screenshot: ${shot}; code-server log tail:\n${logTail})`);
    }
  }

  before(
    async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const vsix = required('DRIVERKIT_E2E_VSIX');
      server = new CodeServer({ node: required('DRIVERKIT_E2E_NODE24'), entry: required('DRIVERKIT_E2E_CODE_SERVER') }, work, path.join(ARTIFACTS, 'code-server.log'));
      cpSync(EXAMPLE_SOURCES, workspace, { recursive: true });
      writeFileSync(path.join(workspace, SCRATCH), '');
      installOutput = server.installExtension(vsix);
      await server.start(workspace);
      context = await chromium.launchPersistentContext(path.join(work, 'chromium-profile'), {
        executablePath: process.env.DRIVERKIT_E2E_CHROMIUM || '/usr/bin/chromium',
        headless: true,
        chromiumSandbox: false,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        viewport: { width: 1600, height: 1000 },
      });
      // Everything but the local workbench is refused and recorded: the test must not depend on the network.
      await context.route(
        (url) => url.host !== `127.0.0.1:${server.port}`,
        (route) => {
          blockedRequests.push(route.request().url());
          return route.abort('blockedbyclient');
        },
      );
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
      workbench = new Workbench(page);
      await workbench.waitUntilReady();
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await workbench?.screenshot(path.join(ARTIFACTS, 'final.png')).catch(() => undefined);
    writeFileSync(path.join(ARTIFACTS, 'blocked-requests.json'), `${JSON.stringify(blockedRequests, null, 2)}\n`);
    await context?.close().catch(() => undefined);
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('installs the .vsix with code-server --install-extension', () => {
    assert.match(installOutput, /Extension 'driverkit-vscode\.vsix' was successfully installed/);
    const installed = readdirSync(server.extensionsDir).filter((name) => name.startsWith(`${EXTENSION_ID}-`));
    assert.equal(installed.length, 1, `extensions dir holds ${readdirSync(server.extensionsDir).join(', ')}`);
  });

  it('activates in the extension host with the native parser (language status item)', { timeout: 180_000 }, () =>
    step('language status', async () => {
      await workbench.openFile(CPP);
      let hover = '';
      await poll(
        async () => {
          hover = await workbench.languageStatusHover().catch((e: Error) => e.message);
          return /DriverKit: native/.test(hover) ? true : undefined;
        },
        "the language status hover to say 'DriverKit: native'",
        120_000,
        () => hover,
      );
      assert.match(hover, /DriverKit: native/);
      assert.match(hover, /v\d+\.\d+\.\d+/, 'the detail names the server version');
      await workbench.screenshot(path.join(ARTIFACTS, 'language-status.png'));
      await workbench.press('Escape');
    }),
  );

  it('shows the diagnostics EXPECTED.md lists in the Problems view, on the expected lines', { timeout: 180_000 }, () =>
    step('diagnostics', async () => {
      await workbench.openFile(IIG);
      await workbench.openFile(CPP);
      const expected = keyOf(expectedFindings());
      let rows: ProblemRow[] = [];
      await poll(
        async () => {
          rows = await workbench.problems();
          return JSON.stringify(keyOf(rows)) === JSON.stringify(expected) ? true : undefined;
        },
        `the Problems view to list exactly ${expected.join('; ')}`,
        120_000,
        () => rows.map((r) => r.text).join(' | '),
      );
      assert.deepEqual(rows.filter((r) => r.source !== 'driverkit').map((r) => r.text), [], 'every row has the source driverkit');
      await workbench.goTo(361, 9);
      await workbench.screenshot(path.join(ARTIFACTS, 'editor-with-diagnostics.png'));
    }),
  );

  it('applies the DK202 quick fix from the light-bulb menu and the diagnostic disappears', { timeout: 180_000 }, () =>
    step('quick fix', async () => {
      await workbench.goTo(361, 9);
      const menu = await workbench.openQuickFixMenu();
      const fix = menu.locator('.monaco-list-row', { hasText: 'Replace with OSSafeReleaseNULL(ivars->replyRing)' });
      await fix.waitFor({ state: 'visible', timeout: 30_000 });
      await workbench.screenshot(path.join(ARTIFACTS, 'quick-fix-menu.png'));
      await fix.click();
      let lines: string[] = [];
      await poll(
        async () => {
          lines = await workbench.visibleLines();
          return lines.some((l) => l.includes('OSSafeReleaseNULL(ivars->replyRing);')) && !lines.some((l) => l.includes('ivars->replyRing->free()')) ? true : undefined;
        },
        'the fix to replace ivars->replyRing->free() in the editor',
        60_000,
        () => lines.join('\n'),
      );
      const remaining = keyOf(expectedFindings().filter((f) => f.code !== 'DK202'));
      let rows: ProblemRow[] = [];
      await poll(
        async () => {
          rows = await workbench.problems();
          return JSON.stringify(keyOf(rows)) === JSON.stringify(remaining) ? true : undefined;
        },
        `DK202 to disappear from the Problems view, leaving ${remaining.join('; ')}`,
        60_000,
        () => rows.map((r) => r.text).join(' | '),
      );
      await workbench.screenshot(path.join(ARTIFACTS, 'after-quick-fix.png'));
    }),
  );

  it('expands the dk-timer snippet in a .cpp file', { timeout: 180_000 }, () =>
    step('snippet', async () => {
      await workbench.openFile(SCRATCH);
      await workbench.focusEditor();
      await workbench.type('dk-timer');
      const suggestion = workbench.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'dk-timer' }).first();
      await suggestion.waitFor({ state: 'visible', timeout: 60_000 });
      await workbench.screenshot(path.join(ARTIFACTS, 'snippet-suggestion.png'));
      await suggestion.click();
      let lines: string[] = [];
      await poll(
        async () => {
          lines = await workbench.visibleLines();
          return lines.some((l) => l.includes('Timer members for struct MyDriver_IVars')) && lines.some((l) => l.includes('IMPL(MyDriver, Start)')) ? true : undefined;
        },
        'the dk-timer snippet to expand in the editor',
        30_000,
        () => lines.join('\n'),
      );
      assert.ok(!lines.some((l) => l.trim() === 'dk-timer'), 'the prefix was replaced by the snippet');
    }),
  );

  it('gives .iig files the DriverKit IIG language and its grammar', { timeout: 180_000 }, () =>
    step('iig grammar', async () => {
      await workbench.openFile(IIG);
      await poll(async () => ((await workbench.statusText('status.editor.mode')) === 'DriverKit IIG' ? true : undefined), "the language mode 'DriverKit IIG'", 30_000);
      // An annotation after a declaration on its own line; TYPE on a continuation line is scoped by the C++
      // grammar's function-definition head in VS Code, so this checks LOCALONLY.
      const { line, column } = locate(path.join(workspace, IIG), 'LOCALONLY;');
      await workbench.goTo(line, column + 1);
      await workbench.runCommand('Developer: Inspect Editor Tokens and Scopes');
      const widget = workbench.locator('.token-inspect-widget');
      await widget.waitFor({ state: 'visible', timeout: 30_000 });
      let text = '';
      await poll(
        async () => {
          text = (await widget.innerText()).replace(/\s+/g, ' ');
          return text.includes('storage.modifier.iig.annotation') ? true : undefined;
        },
        'the token inspector to show the iig annotation scope on LOCALONLY',
        30_000,
        () => text,
      );
      assert.match(text, /source\.iig/);
      await workbench.screenshot(path.join(ARTIFACTS, 'iig-grammar.png'));
      await workbench.press('Escape');
    }),
  );

  it('shows the API signature on hover', { timeout: 120_000 }, () =>
    step('hover', async () => {
      await workbench.openFile(CPP);
      const call = 'IOBufferMemoryDescriptor::Create(kIOMemoryDirectionInOut,';
      const { line, column } = locate(path.join(workspace, CPP), call);
      await workbench.goTo(line, column);
      let text = '';
      await poll(
        async () => {
          text = await workbench.hoverToken(call, 'Create').catch((e: Error) => e.message);
          return /kern_return_t Create\s*\(\s*uint64_t options/.test(text) ? true : undefined;
        },
        'a hover with the signature of IOBufferMemoryDescriptor::Create',
        60_000,
        () => text,
      );
      assert.match(text, /IOBufferMemoryDescriptor::Create/);
      await workbench.screenshot(path.join(ARTIFACTS, 'hover.png'));
    }),
  );

  it('reaches nothing outside the machine: the browser asked only the local workbench', () => {
    assert.deepEqual(blockedRequests, []);
  });
});
