// The evaluation result's components (EvaluationResult, Finding, SlotResult, …), generated from the one zod
// schema in libs/policy/src/result-schema (docs/design.md "The result schema"): on the output side, with the
// 2020-12 target (OpenAPI 3.1's dialect), each component once and `$ref`s between them.
import { z } from 'zod';
import { NON_JSON_SCHEMA_META, resultComponentSchemas } from '#policy';
import { type JsonSchema, SCHEMA_PREFIX } from './json-schema.js';

type Node = { [keyword: string]: unknown };

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Says what zod writes the way the rest of the document does, without changing what validates: result objects
 * stay open to fields added later (no `additionalProperties: false`), integers carry only the bounds the schema
 * sets (not the safe-integer range), `readonly` (a TS-only notion here) is no `readOnly`, and a value or null is
 * `type: [T, "null"]` for a scalar T, else `oneOf: [T, { type: "null" }]`.
 */
function plain(node: Node): Node {
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'readOnly') continue;
    if (key === 'maximum' && value === Number.MAX_SAFE_INTEGER) continue;
    if (key === 'minimum' && value === Number.MIN_SAFE_INTEGER) continue;
    out[key] = Array.isArray(value)
      ? value.map((v) => (isNode(v) ? plain(v) : v))
      : isNode(value) && !['examples', 'default', 'const', 'enum'].includes(key)
        ? key === 'properties'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isNode(v) ? plain(v) : v]))
          : plain(value)
        : value;
  }
  const alternatives = out.anyOf;
  if (Array.isArray(alternatives) && alternatives.length === 2 && isNode(alternatives[1])) {
    const [value, none] = alternatives as [Node, Node];
    if (Object.keys(none).length === 1 && none.type === 'null') {
      delete out.anyOf;
      if (typeof value.type === 'string' && !['object', 'array'].includes(value.type))
        return { ...value, type: [value.type, 'null'], ...out };
      return { ...out, oneOf: [value, none] };
    }
  }
  return out;
}

/** The components of the evaluation result, by OpenAPI name. */
export function evaluationComponents(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of resultComponentSchemas()) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    uri: (id) => `${SCHEMA_PREFIX}${id}`,
    override: ({ jsonSchema }) => {
      for (const key of NON_JSON_SCHEMA_META) delete (jsonSchema as Node)[key];
    },
  }) as { schemas: Record<string, Node> };
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $schema: _s, $id: _i, ...schema }]) => [name, plain(schema)]),
  );
}
