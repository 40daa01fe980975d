// Collects the worlds that reach each exit of a function (or of the variable's scope) and the leaks among them.
import type { SyntaxNode } from '../../parser/syntax-node';
import { union, type World } from './world';

/** `break` also stands for `continue`: both leave a block, and with it the scope of a variable declared there. */
export type ExitKind = 'return' | 'goto' | 'require' | 'break' | 'end';

/** A place where the object can leave the function (or its scope) still owned. */
export interface Leak {
  readonly node: SyntaxNode;
  readonly kind: ExitKind;
  readonly acquiredBy: SyntaxNode;
  /** True when every path through `node` holds the object or nothing, so releasing just before it is safe. */
  readonly releaseBeforeIsSafe: boolean;
}

/** Exits are keyed by start offset: the wasm backend hands out a new node object on every access. */
export class ExitLedger {
  private readonly worldsAtExit = new Map<number, World[]>();
  private readonly exitKinds = new Map<number, ExitKind>();
  private readonly leaking = new Map<number, { node: SyntaxNode; kind: ExitKind; acquiredBy: SyntaxNode }>();

  /** Notes the worlds passing through a jump or exit, so that the fix can tell whether releasing there is safe. */
  record(node: SyntaxNode, kind: ExitKind, worlds: readonly World[]): void {
    this.worldsAtExit.set(node.startIndex, union(this.worldsAtExit.get(node.startIndex) ?? [], worlds));
    this.exitKinds.set(node.startIndex, kind);
  }

  /** Worlds leave at `node`; an owned object leaks there, or at the last jump its path took to get there. */
  exit(worlds: readonly World[], node: SyntaxNode, kind: ExitKind): void {
    this.record(node, kind, worlds);
    for (const world of worlds) {
      if (world.own !== 'owned' || !world.acquiredBy) continue;
      const reportAt = world.via ?? node;
      const reportKind = world.via ? (this.exitKinds.get(world.via.startIndex) ?? kind) : kind;
      this.leaking.set(reportAt.startIndex, { node: reportAt, kind: reportKind, acquiredBy: world.acquiredBy });
    }
  }

  leaks(): Leak[] {
    return [...this.leaking.values()].map((leak) => ({
      ...leak,
      releaseBeforeIsSafe: (this.worldsAtExit.get(leak.node.startIndex) ?? []).every((w) => w.own === 'owned' || w.own === 'null'),
    }));
  }
}
