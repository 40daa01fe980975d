// Finds the blocks that declare the tracked variable, so that the walker knows where the variable goes out of scope.
import { nodesOfType } from '../../model/node-index';
import type { SyntaxNode } from '../../parser/syntax-node';
import { declaredName } from './syntax-shapes';

/**
 * Start offsets of the compound statements whose scope the variable is declared in (a declaration directly under a
 * `case` label belongs to the switch body). Undefined when a declaration sits where the walker models no scope (a
 * `for` initializer, an `if` condition), or when one declaration shadows another, because a leak reported at the
 * wrong end of a scope would come with a fix that does not compile.
 */
export function declaringBlocks(text: string, body: SyntaxNode, variable: string): ReadonlySet<number> | undefined {
  const blocks: SyntaxNode[] = [];
  let unsupported = false;
  for (const node of localDeclarations(text, body).byName.get(variable) ?? []) {
    const parent = node.parent;
    const block = parent?.type === 'case_statement' ? parent.parent : parent;
    if (block?.type === 'compound_statement') blocks.push(block);
    else unsupported = true;
  }
  const nested = blocks.some((outer, i) => blocks.some((inner, j) => i !== j && outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex));
  return unsupported || nested ? undefined : new Set(blocks.map((block) => block.startIndex));
}

/** The declaration statements of a function body that lie outside its lambdas, as the ownership walk sees them. */
export interface LocalDeclarations {
  /** In source order. */
  readonly all: readonly SyntaxNode[];
  /** The statements that declare each name (a statement declaring two names is listed under both). */
  readonly byName: ReadonlyMap<string, readonly SyntaxNode[]>;
}

/**
 * Read once per body node from the shared node index: DK201 asks about every acquired variable of a body, and each
 * question used to walk the whole body again. An incremental parse keeps the nodes of the functions an edit did not
 * touch, and with them this answer.
 */
const declarationsByBody = new WeakMap<SyntaxNode, LocalDeclarations>();

export function localDeclarations(text: string, body: SyntaxNode): LocalDeclarations {
  let declarations = declarationsByBody.get(body);
  if (!declarations) {
    // A lambda's declarations live in the lambda's own scope, which the walk of the enclosing body does not enter.
    const lambdas = nodesOfType(body, 'lambda_expression');
    const all = nodesOfType(body, 'declaration').filter((node) => !lambdas.some((lambda) => lambda.startIndex <= node.startIndex && node.endIndex <= lambda.endIndex));
    const byName = new Map<string, SyntaxNode[]>();
    for (const node of all) {
      for (const declarator of node.namedChildren) {
        const name = declaredName(text, declarator);
        if (name === undefined) continue;
        const statements = byName.get(name);
        if (!statements) byName.set(name, [node]);
        else if (statements[statements.length - 1] !== node) statements.push(node);
      }
    }
    declarationsByBody.set(body, (declarations = { all, byName }));
  }
  return declarations;
}
