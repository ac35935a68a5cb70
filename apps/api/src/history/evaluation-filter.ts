import { z } from 'zod';
import { parseOrThrow } from '../evaluations/dto/evaluate-request.js';
import type { EvaluationFilter } from './history.service.js';

const date = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 time such as 2026-11-01T00:00:00Z' })
  .transform((s) => new Date(s));

export const schema = z
  .object({
    verdict: z.enum(['pass', 'warn', 'fail'], { error: 'must be pass, warn or fail' }).optional(),
    namespace: z.string().min(1).max(253).optional(),
    rule: z.string().min(1).max(253).optional(),
    cluster: z.string().min(1).max(253).optional(),
    repository: z.string().min(1).max(512).optional(),
    pipeline: z.string().min(1).max(512).optional(),
    since: date.optional(),
    until: date.optional(),
  })
  .strict();

/** Filters from query parameters or GraphQL arguments, validated once (400 naming the parameter). */
export function parseEvaluationFilter(raw: Record<string, unknown>): EvaluationFilter {
  const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return parseOrThrow(schema, clean, 'filter');
}
