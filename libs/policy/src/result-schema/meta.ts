// What the result schema's `.meta()` carries beyond JSON Schema keywords (docs/design.md "The result schema").
import { z } from 'zod';

/** Where GraphQL names or shows a schema differently from the OpenAPI document. */
interface GraphqlMeta {
  /** The GraphQL type or enum name where it differs from `id`, or where only GraphQL names the schema. */
  name?: string;
  /** On a field: a GraphQL `ID`, or one `JSON` value (the patch operations, which GraphQL does not type). */
  type?: 'ID' | 'JSON';
}

declare module 'zod/v4/core' {
  interface GlobalMeta {
    /** See GraphqlMeta. `id` is the OpenAPI component name; a schema without one is written inline there. */
    graphql?: GraphqlMeta;
  }
}

/** The keys of `.meta()` that are not JSON Schema keywords: the OpenAPI document leaves them out. */
export const NON_JSON_SCHEMA_META: readonly string[] = ['graphql'];

/** The metadata of `schema` (a clone made by `.meta()` inherits its original's, less `id`). */
export function resultMeta(schema: z.ZodType): z.GlobalMeta {
  return z.globalRegistry.get(schema) ?? {};
}
