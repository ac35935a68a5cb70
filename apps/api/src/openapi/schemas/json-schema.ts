/**
 * A JSON Schema (2020-12 dialect, which is what OpenAPI 3.1 Schema Objects are) written as a plain object.
 * Hand-written schemas are `as const satisfies JsonSchema` so typos in the structure stay visible in review;
 * `nullable` does not exist in 3.1: write `type: ['string', 'null']`, or `oneOf: [{ $ref }, { type: 'null' }]`.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** `#/components/schemas/<name>`: where every schema of this API is registered. */
export const SCHEMA_PREFIX = '#/components/schemas/';

export function schemaRef(name: string): { $ref: string } {
  return { $ref: `${SCHEMA_PREFIX}${name}` };
}

export const DATE_TIME = { type: 'string', format: 'date-time' } as const;
/** Who made a change: the caller's identity, `anonymous` until API keys exist. */
export const ACTOR = {
  type: ['string', 'null'],
  description: 'Who made the change (`anonymous` until API keys exist).',
} as const;
