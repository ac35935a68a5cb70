import { isMap, isSeq, type LineCounter, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SourcePosition } from '../types.js';
import type { EngineErrorCode } from './error-codes.js';
import type { ManifestError } from './manifest-types.js';
import { positionOf } from './positions.js';
import { childPath } from './field-path.js';
import { describeNode, stringValue, type NodeReader, type ValueNode } from './yaml-nodes.js';

/** Thrown when a slot beyond maxSlots is read: loading stops at once, with this error. */
export class SlotLimitReached {
  constructor(readonly error: ManifestError) {}
}

/** The image slots a whole input may have (maxSlots), shared by all its documents. */
export class SlotBudget {
  private used = 0;

  constructor(readonly max: number) {}

  get count(): number {
    return this.used;
  }

  /** Counts one more slot; false when that is more than the limit. */
  take(): boolean {
    if (this.used >= this.max) return false;
    this.used++;
    return true;
  }
}

/** What the field readers of one document share: where errors go and how positions are computed. */
export class ReadContext {
  constructor(
    readonly document: number,
    readonly lineCounter: LineCounter,
    readonly reader: NodeReader,
    readonly errors: ManifestError[],
    readonly slots: SlotBudget = new SlotBudget(Infinity),
  ) {}

  /** Counts a slot at `path` (its mapping `node`); past maxSlots, stops loading with an error there. */
  takeSlot(path: string, node: ValueNode): void {
    if (this.slots.take()) return;
    const { line, column } = this.start(node);
    throw new SlotLimitReached({
      code: 'too-many-slots',
      document: this.document,
      path,
      line,
      column,
      message: `too many image slots: the limit is ${this.slots.max} per request`,
    });
  }

  /** Start of a node that exists; 1:1 if yaml gave it no range (it always does for parsed nodes). */
  start(node: ValueNode): SourcePosition {
    return positionOf(this.lineCounter, node) ?? { line: 1, column: 1 };
  }

  line(node: ValueNode | null): number | null {
    return positionOf(this.lineCounter, node)?.line ?? null;
  }

  report(code: EngineErrorCode, path: string | null, node: Node | null, message: string): void {
    const position = positionOf(this.lineCounter, node);
    this.errors.push({
      code,
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
    this.report('wrong-type', path, node, `${path} must be ${expected}, found ${describeNode(node)}`);
  }
}

/** Why every Kubernetes object needs both (kubectl: "apiVersion not set", "kind not set"). */
const TYPE_META_RULE = 'a Kubernetes object must be a mapping with apiVersion and kind';

export interface TypeMeta {
  kind: string;
  /** null when absent or not a string (already reported). */
  apiVersion: string | null;
}

/**
 * `kind` and `apiVersion` of an object (a document root or a List item at `prefix`). A missing or empty kind,
 * or one that is not a string, is an error and the object is not read (null). A missing, empty or non-string
 * apiVersion is an error too, but the object is still read (by kind alone), as objects with other problems are.
 */
export function readTypeMeta(object: YAMLMap, prefix: string, ctx: ReadContext): TypeMeta | null {
  const kindPath = childPath(prefix, 'kind');
  const kindField = ctx.reader.field(object, 'kind');
  const kind = stringValue(kindField);
  if (kindField !== null && kind === null) {
    ctx.mismatch(kindPath, kindField, 'a string');
    return null;
  }
  const apiVersionPath = childPath(prefix, 'apiVersion');
  const apiVersionField = ctx.reader.field(object, 'apiVersion');
  const apiVersion = stringValue(apiVersionField);
  const kindMissing = kind === null || kind === '';
  if (kindMissing)
    ctx.report('missing-kind', kindPath, kindField ?? object, `${kindPath} is not set: ${TYPE_META_RULE}`);
  if (apiVersionField !== null && apiVersion === null) ctx.mismatch(apiVersionPath, apiVersionField, 'a string');
  else if (apiVersion === null || apiVersion === '')
    ctx.report(
      'missing-api-version',
      apiVersionPath,
      apiVersionField ?? object,
      `${apiVersionPath} is not set: ${TYPE_META_RULE}`,
    );
  if (kindMissing) return null;
  return { kind, apiVersion };
}
