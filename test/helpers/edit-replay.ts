// Replays random text edits on a source through a parse session, giving each step's incremental and fresh models.
import assert from 'node:assert/strict';
import { buildModel, fileKindOf } from '../../server/src/model/build-model';
import type { FileModel } from '../../server/src/model/file-model';
import type { ParserBackend } from '../../server/src/parser/syntax-node';

/** One random edit: remove `remove` characters at `at` (modulo the text's length) and insert `insert` there. */
export interface RandomEdit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

export function applyEdit(text: string, e: RandomEdit): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

/**
 * Models `source` through one parse session, then after each edit calls `check` with the session's (incremental) model
 * and one built from scratch of the same text.
 */
export function replayEdits(parser: ParserBackend, source: { readonly name: string; readonly text: string }, edits: readonly RandomEdit[], check: (incremental: FileModel, fresh: FileModel) => void): void {
  const uri = `file:///dext/${source.name}`;
  const kind = fileKindOf(uri);
  assert.ok(kind);
  const session = parser.createSession();
  try {
    let text = source.text;
    buildModel({ uri, kind, text, parser, session });
    for (const e of edits) {
      text = applyEdit(text, e);
      check(buildModel({ uri, kind, text, parser, session }), buildModel({ uri, kind, text, parser }));
    }
  } finally {
    session.dispose();
  }
}
