import { z } from 'zod';
import { VERDICTS, type Verdict } from '#policy';
import { parseOrThrow } from '../evaluations/dto/evaluate-request.js';
import type { EvaluationFilter } from './history.service.js';

const DATE_HINT = 'must be an ISO-8601 time such as 2026-11-01T00:00:00Z, or a day such as 2026-11-01';

/** An ISO-8601 time with a zone in the years 1970–9999 (PostgreSQL and JavaScript agree on those). */
const isoInstant = z.iso
  .datetime({
    offset: true,
    error: DATE_HINT,
  })
  .transform((s, ctx) => {
    const date = new Date(s);
    const year = date.getUTCFullYear();
    if (Number.isNaN(date.getTime()) || year < 1970 || year > 9999) {
      ctx.issues.push({ code: 'custom', input: s, message: 'must be a time in the years 1970–9999' });
      return z.NEVER;
    }
    return date;
  });

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A time, or a calendar day (`2026-12-06`, UTC) as dashboards and GraphQL callers write it: `since` a day is its
 * first instant, `until` a day (an exclusive bound) is the next day's first instant, so the day is included.
 */
function dayOrInstant(endOfDay: boolean) {
  return z.preprocess((v) => {
    if (typeof v !== 'string' || !DAY.test(v)) return v;
    const start = new Date(`${v}T00:00:00Z`);
    if (Number.isNaN(start.getTime())) return v;
    if (endOfDay) start.setUTCDate(start.getUTCDate() + 1);
    return start.toISOString();
  }, isoInstant);
}
const text = (max: number) => z.string({ error: 'must be text' }).min(1).max(max);

export const schema = z
  .object({
    verdict: z
      .enum(VERDICTS as [Verdict, ...Verdict[]], {
        error: `must be ${VERDICTS.join(', ')}`,
      })
      .optional(),
    namespace: text(253).optional(),
    rule: text(253).optional(),
    cluster: text(253).optional(),
    repository: text(512).optional(),
    pipeline: text(512).optional(),
    since: dayOrInstant(false).optional(),
    until: dayOrInstant(true).optional(),
  })
  .strict();

/** Filters from query parameters or GraphQL arguments, validated once (400 naming the parameter). */
export function parseEvaluationFilter(raw: Record<string, unknown>): EvaluationFilter {
  const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  return parseOrThrow(schema, clean, 'filter');
}
