// Expands VS Code snippet bodies to the text a user gets by accepting every default, and writes them to files for linting.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Snippet {
  readonly prefix: string | readonly string[];
  readonly body: string | readonly string[];
  readonly description: string;
}

export type SnippetFile = Readonly<Record<string, Snippet>>;

export type SnippetLanguage = 'iig' | 'cpp';

export const SNIPPET_PATHS: Readonly<Record<SnippetLanguage, string>> = {
  iig: join(__dirname, '..', '..', 'snippets', 'iig.json'),
  cpp: join(__dirname, '..', '..', 'snippets', 'cpp.json'),
};

export interface ExpandedSnippet {
  readonly language: SnippetLanguage;
  readonly name: string;
  readonly prefix: string;
  readonly path: string;
  readonly text: string;
}

type SnippetNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tabstop'; readonly index: number; readonly children?: readonly SnippetNode[] }
  | { readonly kind: 'variable'; readonly children?: readonly SnippetNode[] };

// Parses VS Code snippet syntax: $1, ${1}, ${1:default}, ${1|a,b|}, $VAR, ${VAR:default}, and \$ \} \\ escapes.
// A '$' that starts none of these is literal text, as in VS Code.
class SnippetParser {
  private position = 0;

  constructor(private readonly source: string) {}

  parseAll(): SnippetNode[] {
    const nodes = this.parseUntil(false);
    if (this.position < this.source.length) throw new Error(`unexpected '}' at offset ${this.position}`);
    return nodes;
  }

  private parseUntil(closingBrace: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.position < this.source.length) {
      const char = this.source[this.position] as string;
      const next = this.source[this.position + 1];
      if (char === '\\' && next !== undefined && '$}\\'.includes(next)) {
        text += next;
        this.position += 2;
      } else if (char === '}' && closingBrace) {
        break;
      } else if (char === '$') {
        const node = this.parseDollar();
        if (node === undefined) {
          text += char;
          this.position += 1;
        } else {
          flush();
          nodes.push(node);
        }
      } else {
        text += char;
        this.position += 1;
      }
    }
    flush();
    return nodes;
  }

  private parseDollar(): SnippetNode | undefined {
    const rest = this.source.slice(this.position);
    const simple = /^\$(\d+)|^\$\{(\d+)\}/.exec(rest);
    if (simple) {
      this.position += simple[0].length;
      return { kind: 'tabstop', index: Number(simple[1] ?? simple[2]) };
    }
    const choice = /^\$\{(\d+)\|((?:[^|\\]|\\.)*)\|\}/.exec(rest);
    if (choice) {
      this.position += choice[0].length;
      const first = (choice[2] as string).split(/(?<!\\),/)[0] as string;
      return { kind: 'tabstop', index: Number(choice[1]), children: [{ kind: 'text', text: first.replace(/\\(.)/g, '$1') }] };
    }
    const variable = /^\$([A-Za-z_]\w*)|^\$\{([A-Za-z_]\w*)\}/.exec(rest);
    if (variable) {
      this.position += variable[0].length;
      return { kind: 'variable' };
    }
    const withDefault = /^\$\{(?:(\d+)|([A-Za-z_]\w*)):/.exec(rest);
    if (!withDefault) return undefined;
    this.position += withDefault[0].length;
    const children = this.parseUntil(true);
    if (this.source[this.position] !== '}') throw new Error(`unterminated placeholder '${withDefault[0]}'`);
    this.position += 1;
    return withDefault[1] === undefined ? { kind: 'variable', children } : { kind: 'tabstop', index: Number(withDefault[1]), children };
  }
}

// Every bare $N takes the default text its tab stop has elsewhere, the way VS Code mirrors tab stops.
function collectDefaults(nodes: readonly SnippetNode[], defaults: Map<number, readonly SnippetNode[]>): void {
  for (const node of nodes) {
    if (node.kind === 'text' || node.children === undefined) continue;
    if (node.kind === 'tabstop' && !defaults.has(node.index)) defaults.set(node.index, node.children);
    collectDefaults(node.children, defaults);
  }
}

function render(nodes: readonly SnippetNode[], defaults: ReadonlyMap<number, readonly SnippetNode[]>, seen: ReadonlySet<number>): string {
  return nodes
    .map((node) => {
      if (node.kind === 'text') return node.text;
      if (node.kind === 'variable') return node.children ? render(node.children, defaults, seen) : '';
      const children = node.children ?? defaults.get(node.index);
      if (children === undefined || seen.has(node.index)) return '';
      return render(children, defaults, new Set([...seen, node.index]));
    })
    .join('');
}

/** Returns the text VS Code inserts for `body` when every placeholder keeps its default; $0 and unset stops become ''. */
export function expandSnippetBody(body: string[] | string): string {
  const source = Array.isArray(body) ? body.join('\n') : body;
  const nodes = new SnippetParser(source).parseAll();
  const defaults = new Map<number, readonly SnippetNode[]>();
  collectDefaults(nodes, defaults);
  return render(nodes, defaults, new Set());
}

export function readSnippetFile(language: SnippetLanguage): SnippetFile {
  return JSON.parse(readFileSync(SNIPPET_PATHS[language], 'utf8')) as SnippetFile;
}

export function firstPrefix(snippet: Snippet): string {
  return typeof snippet.prefix === 'string' ? snippet.prefix : (snippet.prefix[0] ?? '');
}

/**
 * Writes every snippet, expanded, to `<dir>/<prefix>/<prefix>.<iig|cpp>` so that the two halves of a feature sit
 * side by side with the same base name, as a driver's .iig and .cpp do. `dir` defaults to a new temp directory.
 */
export function writeExpandedSnippets(dir: string = mkdtempSync(join(tmpdir(), 'dk-snippets-'))): ExpandedSnippet[] {
  const written: ExpandedSnippet[] = [];
  for (const language of ['iig', 'cpp'] as const) {
    for (const [name, snippet] of Object.entries(readSnippetFile(language))) {
      const prefix = firstPrefix(snippet);
      const text = `${expandSnippetBody(typeof snippet.body === 'string' ? snippet.body : [...snippet.body])}\n`;
      mkdirSync(join(dir, prefix), { recursive: true });
      const path = join(dir, prefix, `${prefix}.${language}`);
      writeFileSync(path, text);
      written.push({ language, name, prefix, path, text });
    }
  }
  return written;
}
