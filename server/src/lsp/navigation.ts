// Answers go to definition and go to implementation, and registers every navigation request on the connection.
import type { CancellationToken, Connection, DefinitionParams, ImplementationParams, Location, Position } from 'vscode-languageserver';
import type { FileModel } from '../model/file-model';
import { readOutline } from '../model/outline';
import { declarationAt, ivarsMemberIn, referenceAt, type SymbolReference } from '../model/symbol-at';
import { classDeclaration, handlerDeclarations, methodDeclarations, type TextTarget } from '../workspace/declaration-lookup';
import type { WorkspaceIndex } from '../workspace/workspace-index';
import { NavigationSources, toLocations, type NavigationDependencies } from './navigation-sources';
import { documentSymbols, workspaceSymbols } from './symbols';

export const NAVIGATION_CAPABILITIES = {
  definitionProvider: true,
  implementationProvider: true,
  documentSymbolProvider: true,
  workspaceSymbolProvider: true,
} as const;

/** How far up the class chain a definition's class is followed to decide that it overrides the method asked about. */
const MAX_CHAIN = 16;

export function registerNavigation(connection: Connection, deps: NavigationDependencies): void {
  const sources = new NavigationSources(deps);
  const guarded =
    <P, R>(what: string, handler: (params: P, token: CancellationToken) => R | Promise<R>, fallback: R) =>
    async (params: P, token: CancellationToken): Promise<R> => {
      try {
        return await handler(params, token);
      } catch (error) {
        connection.console.error(`DriverKit ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };
  connection.onDefinition(guarded('definition', (p: DefinitionParams) => definition(sources, p), null));
  connection.onImplementation(guarded('implementation', (p: ImplementationParams, token) => implementation(sources, p, token), null));
  connection.onDocumentSymbol(guarded('documentSymbol', (p, _token) => documentSymbols(sources, p), null));
  connection.onWorkspaceSymbol(guarded('workspaceSymbol', (p, token) => workspaceSymbols(sources, p, token), []));
}

function definition(sources: NavigationSources, params: DefinitionParams): Location[] | null {
  const targets =
    sources.withOpenModel(params?.textDocument?.uri, (model, positions) => {
      const index = sources.index;
      if (!isPosition(params.position) || !index) return [];
      const reference = referenceAt(model, positions.toOffset(params.position));
      return reference ? declarationsOf(index, model, reference) : [];
    }) ?? [];
  return targets.length > 0 ? toLocations(targets) : null;
}

function declarationsOf(index: WorkspaceIndex, model: FileModel, reference: SymbolReference): TextTarget[] {
  switch (reference.kind) {
    case 'class': {
      const target = classDeclaration(index, reference.className);
      return target ? [target] : [];
    }
    case 'method': {
      if (reference.viaSuper) {
        const base = index.findIigClass(reference.className)?.decl.baseClass;
        return base !== undefined ? methodDeclarations(index, base, reference.methodName) : [];
      }
      const found = methodDeclarations(index, reference.className, reference.methodName);
      const cls = found.length === 0 && reference.inTypeAnnotation ? classDeclaration(index, reference.className) : undefined;
      return cls ? [cls] : found;
    }
    case 'action-handler':
      return handlerDeclarations(index, reference.className, reference.handlerName);
    case 'ivars-member': {
      const range = ivarsMemberIn(readOutline(model), reference);
      return range ? [{ uri: model.uri, text: model.text, range }] : [];
    }
  }
}

/** What the implementations are looked up by: a method of a class, a handler of any class, or all of a class. */
interface ImplementationQuery {
  readonly className?: string;
  readonly methodName?: string;
}

async function implementation(sources: NavigationSources, params: ImplementationParams, token: CancellationToken): Promise<Location[] | null> {
  const index = sources.index;
  const query = sources.withOpenModel(params?.textDocument?.uri, (model, positions) => {
    if (!isPosition(params.position) || !index) return undefined;
    const offset = positions.toOffset(params.position);
    return declarationAt(model, offset) ?? queryOf(index, referenceAt(model, offset));
  });
  if (!query || !index) return null;
  const derives = derivesFrom(index, query.className);
  const { files } = await sources.collectDefinitions(token, { mayDefine: mayDefine(index, query, derives) });
  const locations = files.flatMap((file) =>
    file.definitions
      .filter((d) => (query.methodName === undefined || d.methodName === query.methodName) && (query.className === undefined || derives(d.className)))
      .map((d) => ({ uri: file.uri, range: d.selectionRange })),
  );
  locations.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return locations.length > 0 ? locations : null;
}

/** A definition of the query names its method and its class, or a class derived from it (`IMPL(Derived, Start)`). */
function mayDefine(index: WorkspaceIndex, query: ImplementationQuery, derives: (className: string) => boolean): (text: string) => boolean {
  const classes = query.className === undefined ? [] : [query.className, ...index.allClasses().map((c) => c.decl.name).filter((name) => name !== query.className && derives(name))];
  return (text) => (query.methodName === undefined || text.includes(query.methodName)) && (classes.length === 0 || classes.some((c) => text.includes(c)));
}

function queryOf(index: WorkspaceIndex, reference: SymbolReference | undefined): ImplementationQuery | undefined {
  switch (reference?.kind) {
    case 'method': {
      const className = reference.viaSuper ? index.findIigClass(reference.className)?.decl.baseClass : reference.className;
      return className !== undefined ? { className, methodName: reference.methodName } : undefined;
    }
    case 'action-handler':
      return { className: reference.className, methodName: reference.handlerName };
    case 'class':
      return { className: reference.className };
    default:
      return undefined;
  }
}

/** True for `base` itself and for classes whose .iig chain reaches it (their overrides implement its methods too). */
function derivesFrom(index: WorkspaceIndex, base: string | undefined): (className: string | undefined) => boolean {
  const memo = new Map<string, boolean>();
  return (className) => {
    if (className === undefined || base === undefined) return className === base;
    const known = memo.get(className);
    if (known !== undefined) return known;
    let name: string | undefined = className;
    let found = false;
    for (let depth = 0; name !== undefined && depth < MAX_CHAIN; depth++) {
      if (name === base) {
        found = true;
        break;
      }
      name = index.findIigClass(name)?.decl.baseClass;
    }
    memo.set(className, found);
    return found;
  };
}

function isPosition(value: unknown): value is Position {
  const p = value as Position | undefined;
  return typeof p?.line === 'number' && typeof p.character === 'number' && Number.isFinite(p.line) && Number.isFinite(p.character);
}
