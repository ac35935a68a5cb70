import { z } from 'zod';
import { effectivePolicySchema, evaluationAnswerSchema } from './evaluation-result.js';

/** What the API answers with: every component of the result is reachable from these. */
const RESULT_ROOTS: readonly z.ZodType[] = [evaluationAnswerSchema, effectivePolicySchema];

/** The schemas a result schema is made of (fields, list items, wrapped and cloned schemas). */
function childSchemas(schema: z.ZodType): z.ZodType[] {
  const parent = schema._zod.parent as z.ZodType | undefined;
  const inner =
    schema instanceof z.ZodObject
      ? Object.values(schema.shape as Record<string, z.ZodType>)
      : schema instanceof z.ZodArray
        ? [schema.element as z.ZodType]
        : schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodReadonly
          ? [schema.unwrap() as z.ZodType]
          : [];
  return parent ? [...inner, parent] : inner;
}

/**
 * Every schema reachable from the roots that has an OpenAPI component name (its own `id`, not one inherited
 * by a described clone), by name. Two different schemas with one name are a mistake and throw.
 */
export function resultComponentSchemas(roots: readonly z.ZodType[] = RESULT_ROOTS): Map<string, z.ZodType> {
  const named = new Map<string, z.ZodType>();
  const seen = new Set<z.ZodType>();
  const visit = (schema: z.ZodType) => {
    if (seen.has(schema)) return;
    seen.add(schema);
    const id = z.globalRegistry.get(schema)?.id;
    if (id) {
      if (named.has(id) && named.get(id) !== schema) throw new Error(`two result schemas are named ${id}`);
      named.set(id, schema);
    }
    childSchemas(schema).forEach(visit);
  };
  roots.forEach(visit);
  return named;
}
