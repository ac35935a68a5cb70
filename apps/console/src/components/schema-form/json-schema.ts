/**
 * The slice of JSON Schema (2020-12, as the API's OpenAPI 3.1 document writes it) that the form renders: enough to
 * pick a widget per field. Anything else falls back to a JSON text area, so an unknown shape is still editable.
 */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  title?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
}

/** The document `$ref`s point into: `#/components/schemas/<Name>`. */
export interface SchemaRoot {
  components: { schemas: Record<string, JsonSchema> };
}

export type Widget =
  | { type: 'enum'; options: string[] }
  | { type: 'text'; multiline: boolean }
  | { type: 'checkbox' }
  /** An optional boolean without a default: "not set" means something of its own (e.g. applies to every image). */
  | { type: 'tristate' }
  | { type: 'number'; integer: boolean }
  | { type: 'lines' }
  | { type: 'enum-set'; options: string[] }
  | { type: 'rows'; item: JsonSchema }
  | { type: 'map' }
  | { type: 'object' }
  | { type: 'json' };

interface FieldShape {
  schema: JsonSchema;
  nullable: boolean;
  widget: Widget;
}

const REF_PREFIX = '#/components/schemas/';

function schemaByRef(root: SchemaRoot, ref: string): JsonSchema | undefined {
  return ref.startsWith(REF_PREFIX) ? root.components.schemas[ref.slice(REF_PREFIX.length)] : undefined;
}

/** Follows `$ref`s; keywords beside a `$ref` (a `default`, a `description`) win over the target's. */
export function resolve(root: SchemaRoot, schema: JsonSchema, depth = 0): JsonSchema {
  if (!schema.$ref || depth > 16) return schema;
  const { $ref, ...beside } = schema;
  const target = schemaByRef(root, $ref);
  return target ? { ...resolve(root, target, depth + 1), ...beside } : beside;
}

const isNull = (s: JsonSchema) => s.type === 'null';

/** `type: [x, "null"]` and `oneOf: [X, {type: null}]` are a nullable X; anything else is itself. */
function unwrapNullable(root: SchemaRoot, input: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const schema = resolve(root, input);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (!schema.properties && alternatives?.some(isNull) && alternatives.filter((s) => !isNull(s)).length === 1) {
    const { oneOf: _o, anyOf: _a, ...beside } = schema;
    const inner = resolve(
      root,
      alternatives.find((s) => !isNull(s))!,
    );
    return { schema: { ...inner, ...beside }, nullable: true };
  }
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const rest = schema.type.filter((t) => t !== 'null');
    return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
  }
  return { schema, nullable: false };
}

function enumOf(root: SchemaRoot, schema: JsonSchema | undefined): string[] | undefined {
  const s = schema && resolve(root, schema);
  return s?.enum?.every((v) => typeof v === 'string') ? (s.enum as string[]) : undefined;
}

/** The schema behind a field, whether it may be null, and the widget that edits it. */
export function shapeOf(root: SchemaRoot, input: JsonSchema, required: boolean): FieldShape {
  const { schema, nullable } = unwrapNullable(root, input);
  return { schema, nullable, widget: widgetOf(root, schema, required) };
}

function widgetOf(root: SchemaRoot, schema: JsonSchema, required: boolean): Widget {
  const options = enumOf(root, schema);
  if (options) return { type: 'enum', options };
  switch (schema.type) {
    case 'string':
      // Free text that may run long (a description) gets room; names and patterns stay one line.
      return { type: 'text', multiline: (schema.maxLength ?? 0) > 1000 };
    case 'boolean':
      return required || schema.default !== undefined ? { type: 'checkbox' } : { type: 'tristate' };
    case 'integer':
    case 'number':
      return { type: 'number', integer: schema.type === 'integer' };
    case 'array': {
      const item = schema.items ? unwrapNullable(root, schema.items).schema : {};
      const itemOptions = enumOf(root, item);
      if (itemOptions) return { type: 'enum-set', options: itemOptions };
      if (item.type === 'string') return { type: 'lines' };
      if (item.type === 'object' || item.properties) return { type: 'rows', item };
      return { type: 'json' };
    }
  }
  if (schema.type === 'object' || schema.properties) {
    if (schema.properties) return { type: 'object' };
    const extra = schema.additionalProperties;
    if (extra && typeof extra === 'object' && resolve(root, extra).type === 'string') return { type: 'map' };
  }
  return { type: 'json' };
}

/** `immutableTags` → "Immutable tags", `secretName` → "Secret name". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Rewrites" → "Rewrite", "Match expressions" → "Match expression": the name of one row. */
export function singular(label: string): string {
  return label.endsWith('ies') ? `${label.slice(0, -3)}y` : label.replace(/s$/, '');
}
