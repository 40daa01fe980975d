// Converts between document offsets and LSP positions through the shared LineIndex.
import type { Position, Range } from 'vscode-languageserver';
import type { OffsetRange } from '../model/file-model';
import { LineIndex } from '../text/line-index';

export interface PositionConverter {
  toRange(range: OffsetRange): Range;
  toOffset(position: Position): number;
}

/** The converter for `text`; its line index is built on first use (an analysis with nothing to report needs none). */
export function positionsFor(text: string): PositionConverter {
  let built: LineIndex | undefined;
  const index = (): LineIndex => (built ??= new LineIndex(text));
  return {
    toRange: (range) => ({ start: index().positionAt(range.start), end: index().positionAt(range.end) }),
    toOffset: (position) => index().offsetAt(position),
  };
}
