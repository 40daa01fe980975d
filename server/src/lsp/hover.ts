// Answers textDocument/hover on DriverKit API names and iig annotations with a signature, a summary and related rules.
import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Linter } from '../engine/linter';
import type { FileModel } from '../model/file-model';
import { apiClass, type ApiMethod } from '../knowledge/api-reference';
import { callbackSourceClass } from '../knowledge/knowledge-base';
import { findApiSymbolAt, type ApiSymbol } from '../symbols/api-symbol-at';
import { positionsFor } from './text-positions';

export interface HoverContext {
  readonly document: TextDocument | undefined;
  readonly linter: Linter | undefined;
  /** A model of the open document's text through its parse session (see DocumentAnalyses.modelOf). */
  readonly modelOf: (uri: string, text: string) => FileModel | undefined;
  /** Documents over this size are not parsed for hover either, like for analysis. */
  readonly maxFileSizeBytes: number;
}

/** The hover for `params`, or null when the position names no API the knowledge base describes. */
export function hoverAt(params: HoverParams, { document, linter, modelOf, maxFileSizeBytes }: HoverContext): Hover | null {
  if (!document || !linter || !params?.position) return null;
  const text = document.getText();
  if (text.length > maxFileSizeBytes) return null;
  const model = modelOf(document.uri, text);
  if (!model) return null;
  const positions = positionsFor(text);
  let symbol: ApiSymbol | undefined;
  try {
    symbol = findApiSymbolAt(model, positions.toOffset(params.position), linter.index);
  } finally {
    model.tree?.dispose();
  }
  if (!symbol) return null;
  const ruleNames = new Map(linter.rules.map((r) => [r.meta.code, r.meta.name]));
  return { contents: { kind: MarkupKind.Markdown, value: describe(symbol, ruleNames) }, range: positions.toRange(symbol.range) };
}

/** Markdown: a fenced C++ declaration, what it is, the two-line summary, the Apple docs link and the related rules. */
export function describe(symbol: ApiSymbol, ruleNames: ReadonlyMap<string, string>): string {
  const parts: string[] = [];
  switch (symbol.kind) {
    case 'class': {
      const { entry, name } = symbol;
      const declaration = entry.kind === 'type' ? name : `${entry.kind} ${name}${entry.superclass ? ` : public ${entry.superclass}` : ''}`;
      parts.push(fence(declaration), `Declared in \`${entry.header}\`.`, entry.summary);
      break;
    }
    case 'method': {
      const { entry, className, name } = symbol;
      // A prototype named in TYPE(...) is copied, not called or overridden, so how it is dispatched does not matter there.
      const note = symbol.asTypeArgument ? ' — callback prototype' : dispatchNote(entry);
      parts.push(fence(entry.signature), `**\`${className}::${name}\`**${note}`, entry.summary.join('  \n'));
      const handler = symbol.asTypeArgument ? handlerParameters(className, name) : undefined;
      if (handler) parts.push(`A \`TYPE(${className}::${name})\` handler takes \`${handler}\` and returns \`void\`.`);
      break;
    }
    case 'function':
      parts.push(fence(symbol.entry.signature), `Declared in \`${symbol.entry.header}\`.`, symbol.entry.summary.join('  \n'));
      break;
    case 'annotation':
      parts.push(fence(symbol.entry.syntax), `**\`${symbol.name}\`** (iig ${symbol.entry.kind ?? 'annotation'})`, symbol.entry.summary.join('  \n'));
      break;
  }
  const docs = symbol.entry.docs ?? (symbol.kind === 'method' ? apiClass(symbol.className)?.docs : undefined);
  if (docs) parts.push(`[Apple documentation](${docs})`);
  const rules = (symbol.entry.rules ?? []).filter((code) => ruleNames.has(code));
  if (rules.length > 0) parts.push(`Rules: ${rules.map((code) => `${code} \`${ruleNames.get(code)}\``).join(', ')}`);
  return parts.join('\n\n');
}

function fence(code: string): string {
  return ['```cpp', code, '```'].join('\n');
}

function dispatchNote({ dispatch, signature }: ApiMethod): string {
  const isStatic = /^static\b/.test(signature);
  if (dispatch === 'rpc') return isStatic ? ' — static, message-dispatched (RPC)' : ' — message-dispatched (RPC): an override uses `IMPL`/`_Impl` and reaches the base with `SUPERDISPATCH`';
  if (dispatch === 'localOnly') return isStatic ? ' — static, `LOCALONLY`' : ' — `LOCALONLY`: a plain C++ method; an override reaches the base with `super::`';
  return '';
}

/** `(OSAction * action, uint64_t time)` for a callback prototype the knowledge base lists. */
function handlerParameters(className: string, method: string): string | undefined {
  const prototypes = callbackSourceClass(className)?.prototypes;
  const parameters = prototypes && Object.prototype.hasOwnProperty.call(prototypes, method) ? prototypes[method] : undefined;
  return parameters ? `(${parameters.map((p) => `${p.type} ${p.name}`).join(', ')})` : undefined;
}
