// Drives the VS Code workbench in Chromium the way a user does (keyboard, command palette, mouse) and reads back
// what it shows: editor lines, the Problems view, the status bar, hovers and menus.
import type { Locator, Page } from 'playwright-core';
import { poll } from './poll';

export interface ProblemRow {
  readonly source: string;
  readonly code: string;
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

export class Workbench {
  constructor(private readonly page: Page) {}

  async waitUntilReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 120_000 });
    await this.page.locator('.part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
  }

  /** Opens the quick input with the palette's `prefix` replaced by `text`, waits for a row matching `row`, accepts it. */
  private async quickInput(text: string, row: string | RegExp): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: 30_000 });
    await widget.locator('input').fill(text);
    await widget.locator('.monaco-list-row', { hasText: row }).first().waitFor({ state: 'visible', timeout: 60_000 });
    // Accept only once the focused row is the one asked for (the list filters as it is typed).
    await poll(
      async () => {
        const focused = await widget.locator('.monaco-list-row.focused').first().innerText().catch(() => '');
        return (typeof row === 'string' ? focused.toLowerCase().includes(row.toLowerCase()) : row.test(focused)) ? true : undefined;
      },
      `the quick input to focus a row matching ${row} for '${text}'`,
      30_000,
    );
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 30_000 });
  }

  async runCommand(title: string): Promise<void> {
    await this.quickInput(`>${title}`, title);
  }

  /** Opens a workspace file through Quick Open and waits until it is the active editor. */
  async openFile(name: string): Promise<void> {
    await this.quickInput(name, name);
    await poll(async () => ((await this.activeTabTitle()) === name ? true : undefined), `${name} to be the active editor`, 60_000, () => this.lastTab);
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 30_000 });
  }

  private lastTab = '';
  private async activeTabTitle(): Promise<string> {
    this.lastTab = (await this.page.locator('.tab.active').first().getAttribute('data-resource-name', { timeout: 5_000 }).catch(() => '')) ?? '';
    return this.lastTab;
  }

  /** Moves the cursor with Go to Line (`:line:column` in Quick Open) and waits for the status bar to confirm it. */
  async goTo(line: number, column: number): Promise<void> {
    await this.quickInput(`:${line}:${column}`, /./);
    await poll(
      async () => ((await this.statusText('status.editor.selection')).includes(`Ln ${line}, Col ${column}`) ? true : undefined),
      `the cursor at Ln ${line}, Col ${column}`,
      30_000,
      () => this.lastStatus,
    );
  }

  private lastStatus = '';
  /** The text of a status bar entry, by its id (e.g. `status.editor.mode`). */
  async statusText(id: string): Promise<string> {
    this.lastStatus = (await this.page.locator(`[id="${id}"]`).first().innerText({ timeout: 5_000 }).catch(() => '')).trim();
    return this.lastStatus;
  }

  /** Rendered text of the active editor's visible lines. */
  async visibleLines(): Promise<string[]> {
    const lines = await this.page.locator('.editor-instance .monaco-editor .view-lines').first().locator('.view-line').allInnerTexts();
    return lines.map((line) => line.replace(/\u00a0/g, ' '));
  }

  /** Shows the Problems view and reads its diagnostics rows (`message source(CODE) [Ln l, Col c]`). */
  async problems(): Promise<ProblemRow[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.runCommand('Focus Problems (Errors, Warnings, Infos)');
    await panel.waitFor({ state: 'visible', timeout: 30_000 });
    const texts = await panel.locator('.monaco-list-row').allInnerTexts();
    const rows: ProblemRow[] = [];
    for (const text of texts) {
      // The row reads `message`, the source, the code and `[Ln l, Col c]` (the parentheses are drawn by CSS).
      const match = /\n\s*(\S+)\s*\(?\s*(DK\d{3})\s*\)?\s*\[Ln (\d+), Col (\d+)\]/.exec(text);
      if (match) rows.push({ source: match[1], code: match[2], line: Number(match[3]), column: Number(match[4]), text: text.replace(/\s+/g, ' ') });
    }
    return rows.sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));
  }

  /** Hovers the language status (`{}`) entry of the status bar and returns the hover's text. */
  async languageStatusHover(): Promise<string> {
    await this.page.mouse.move(0, 0);
    await this.page.locator('[id="status.languageStatus"]').first().hover({ timeout: 10_000 });
    const hover = this.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: /./ }).last();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    return (await hover.innerText()).replace(/\s+/g, ' ');
  }

  /** Hovers the token `token` on the visible editor line containing `lineText` and returns the hover's text. */
  async hoverToken(lineText: string, token: string): Promise<string> {
    await this.page.mouse.move(0, 0);
    const line = this.page.locator('.editor-instance .monaco-editor .view-line', { hasText: lineText }).first();
    const exact = new RegExp(`^${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    await line.locator('span span').filter({ hasText: exact }).first().hover({ timeout: 10_000 });
    const hover = this.page.locator('.monaco-editor .monaco-hover').filter({ hasText: /./ }).last();
    await hover.waitFor({ state: 'visible', timeout: 30_000 });
    return (await hover.innerText()).replace(/\s+/g, ' ');
  }

  /** Opens the quick-fix menu (Ctrl+.) at the cursor and returns it once its actions are listed. */
  async openQuickFixMenu(): Promise<Locator> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+Period');
    const menu = this.page.locator('.action-widget');
    await menu.locator('.monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    return menu;
  }

  /** Clicks into the active editor's text so that typing goes there. */
  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-instance .monaco-editor textarea, .editor-instance .monaco-editor .native-edit-context').first().focus();
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  locator(selector: string): Locator {
    return this.page.locator(selector);
  }

  async screenshot(file: string): Promise<void> {
    await this.page.screenshot({ path: file });
  }
}
