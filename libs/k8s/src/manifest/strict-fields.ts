import { isMap, isScalar, isSeq, type Scalar, type YAMLMap } from 'yaml';
import { FIELD_TYPES } from './builtin-api.generated.js';
import { childPath, indexPath } from './field-path.js';
import type { ReadContext } from './read-context.js';
import type { NodeReader, ValueNode } from './yaml-nodes.js';

/**
 * Unknown fields, as the API server's strict field validation refuses them (kubectl's default
 * `--validate=strict`; KEP-2885): the request body is decoded with sigs.k8s.io/json UnmarshalStrict, which
 * names every key the Go type does not have, case-sensitively, with its full path:
 * `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field
 * "spec.template.spec.container"` (k8s.io/apimachinery/pkg/runtime/serializer/json/json.go, Decode with
 * strict: true; the prefix from k8s.io/apiserver/pkg/endpoints/handlers/rest.go, transformDecodeError).
 * `type` names a schema of FIELD_TYPES; the walk visits every node of the object once.
 */
export function reportUnknownFields(
  object: YAMLMap,
  type: string,
  prefix: string,
  ctx: ReadContext,
  decodeContext: string,
): void {
  new UnknownFields(ctx, decodeContext).visitMap(object, type, prefix);
}

class UnknownFields {
  constructor(
    private readonly ctx: ReadContext,
    private readonly decodeContext: string,
  ) {}

  visitMap(map: YAMLMap, type: string, path: string): void {
    const fields = FIELD_TYPES[type];
    if (!fields) return;
    for (const [keyNode, key, value] of fieldsOf(map, this.ctx.reader)) {
      const fieldPath = childPath(path, key);
      const child = Object.hasOwn(fields, key) ? fields[key]! : undefined;
      if (child === undefined) {
        this.ctx.report(
          'unknown-field',
          fieldPath,
          keyNode,
          `${this.decodeContext}: strict decoding error: unknown field "${fieldPath}"`,
        );
      } else if (child !== '' && value !== null) {
        this.visitValue(value, child, fieldPath);
      }
    }
  }

  /** A value of the wrong shape is not ours to report (the readers report the fields they use). */
  private visitValue(value: ValueNode, descriptor: string, path: string): void {
    const reader = this.ctx.reader;
    if (descriptor.endsWith('[]')) {
      if (!isSeq(value)) return;
      const type = descriptor.slice(0, -2);
      value.items.forEach((item, i) => {
        const element = reader.resolve(item);
        if (isMap(element)) this.visitMap(element, type, indexPath(path, i));
      });
    } else if (descriptor.endsWith('{}')) {
      if (!isMap(value)) return;
      const type = descriptor.slice(0, -2);
      for (const [, key, element] of fieldsOf(value, reader)) {
        if (isMap(element)) this.visitMap(element, type, childPath(path, key));
      }
    } else if (isMap(value)) {
      this.visitMap(value, descriptor, path);
    }
  }
}

type Field = [keyNode: Scalar, key: string, value: ValueNode | null];

/**
 * The keys of a mapping as the decoder sees them: explicit keys, then keys merged in with `<<` that no earlier
 * key overrides. Keys that are numbers or booleans become strings, as sigs.k8s.io/yaml converts them.
 */
function fieldsOf(map: YAMLMap, reader: NodeReader, seen = new Set<string>(), out: Field[] = []): Field[] {
  const merges: unknown[] = [];
  for (const pair of map.items) {
    const keyNode = pair.key;
    if (!isScalar(keyNode)) continue;
    const raw = keyNode.value;
    if (typeof raw === 'symbol') {
      merges.push(pair.value);
      continue;
    }
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') continue;
    const key = String(raw);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([keyNode, key, reader.resolve(pair.value)]);
  }
  for (const merge of merges) {
    const source = reader.resolve(merge);
    for (const item of isSeq(source) ? source.items : [source]) {
      const sourceMap = reader.resolve(item);
      if (isMap(sourceMap)) fieldsOf(sourceMap, reader, seen, out);
    }
  }
  return out;
}
