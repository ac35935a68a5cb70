import type { LineCounter, Node } from 'yaml';
import type { SourcePosition } from '../types.js';

/**
 * 1-based line/column of a character offset. The LineCounter is filled by the yaml Parser while it
 * lexes, so this is a binary search over line starts, not a rescan of the text.
 */
export function positionAt(lineCounter: LineCounter, offset: number): SourcePosition {
  const { line, col } = lineCounter.linePos(offset);
  // line 0 only happens before the first recorded line start; clamp so callers always get 1-based values.
  return { line: Math.max(line, 1), column: Math.max(col, 1) };
}

/** Start of a node (for a node reached through an alias: where the anchored node is written). */
export function positionOf(lineCounter: LineCounter, node: Node | null | undefined): SourcePosition | null {
  const range = node?.range;
  return range ? positionAt(lineCounter, range[0]) : null;
}
