import { isMap, isSeq, type LineCounter, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SourcePosition } from '../types.js';
import type { ManifestError } from './manifest-types.js';
import { positionOf } from './positions.js';
import { childPath } from './field-path.js';
import { describeNode, stringValue, type NodeReader, type ValueNode } from './yaml-nodes.js';

/** What the field readers of one document share: where errors go and how positions are computed. */
export class ReadContext {
  constructor(
    readonly document: number,
    readonly lineCounter: LineCounter,
    readonly reader: NodeReader,
    readonly errors: ManifestError[],
  ) {}

  /** Start of a node that exists; 1:1 if yaml gave it no range (it always does for parsed nodes). */
  start(node: ValueNode): SourcePosition {
    return positionOf(this.lineCounter, node) ?? { line: 1, column: 1 };
  }

  line(node: ValueNode | null): number | null {
    return positionOf(this.lineCounter, node)?.line ?? null;
  }

  report(path: string | null, node: Node | null, message: string): void {
    const position = positionOf(this.lineCounter, node);
    this.errors.push({
      document: this.document,
      path,
      line: position?.line ?? null,
      column: position?.column ?? null,
      message,
    });
  }

  /** `map[key]` when it is a string; absent/null → null; any other type → error and null. */
  string(map: YAMLMap, key: string, parentPath: string): { value: string | null; node: ValueNode | null } {
    const node = this.reader.field(map, key);
    if (node === null) return { value: null, node: null };
    const value = stringValue(node);
    if (value === null) this.mismatch(childPath(parentPath, key), node, 'a string');
    return { value, node: value === null ? null : node };
  }

  /** `map[key]` when it is a mapping; absent/null → null; any other type → error and null. */
  map(map: YAMLMap, key: string, parentPath: string): YAMLMap | null {
    const node = this.reader.field(map, key);
    if (node === null || isMap(node)) return node;
    this.mismatch(childPath(parentPath, key), node, 'a mapping');
    return null;
  }

  /** `map[key]` when it is a list; absent/null → null; any other type → error and null. */
  list(map: YAMLMap, key: string, parentPath: string): YAMLSeq | null {
    const node = this.reader.field(map, key);
    if (node === null || isSeq(node)) return node;
    this.mismatch(childPath(parentPath, key), node, 'a list');
    return null;
  }

  mismatch(path: string, node: ValueNode | null, expected: string): void {
    this.report(path, node, `${path} must be ${expected}, found ${describeNode(node)}`);
  }
}
