import { z } from 'zod';
import { AppError } from '../common/errors/app-error.js';

/** The longest range a dashboard query may cover. */
const MAX_RANGE_DAYS = 366;
const MAX_LIMIT = 100;
const DAY_MS = 86_400_000;

/** A half-open time range [from, to) and the UTC days it touches, in order. */
export interface TrendRange {
  from: Date;
  to: Date;
  days: string[];
}

export interface TrendFilter {
  cluster?: string;
  namespace?: string;
}

const dateOnly = z.iso.date();
const dateTime = z.iso.datetime({ offset: true });
const HINT = 'must be an ISO-8601 date (2026-11-01) or time with a zone (2026-11-01T00:00:00Z)';

/** `2026-11-01` (midnight UTC) or `2026-11-01T12:00:00Z` / `…+02:00`; undefined for anything else. */
export function toInstant(raw: string): Date | undefined {
  const value = raw.trim();
  const iso = dateOnly.safeParse(value).success
    ? `${value}T00:00:00Z`
    : dateTime.safeParse(value).success
      ? value
      : undefined;
  const date = iso === undefined ? undefined : new Date(iso);
  // Years outside 1970–9999 are typos or probes; PostgreSQL timestamps would refuse some of them anyway.
  const year = date?.getUTCFullYear() ?? NaN;
  return date && year >= 1970 && year <= 9999 ? date : undefined;
}

/** Validates `from` < `to` and at most MAX_RANGE_DAYS days apart; lists the UTC days in between. */
export function parseRange(rawFrom: string, rawTo: string): TrendRange {
  const problems: { path: string; message: string }[] = [];
  const from = toInstant(rawFrom);
  const to = toInstant(rawTo);
  if (!from) problems.push({ path: 'from', message: `${HINT} (got "${rawFrom}")` });
  if (!to) problems.push({ path: 'to', message: `${HINT} (got "${rawTo}")` });
  if (from && to) {
    if (to.getTime() <= from.getTime()) problems.push({ path: 'to', message: 'must be later than from' });
    else if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
      problems.push({ path: 'to', message: `must be at most ${MAX_RANGE_DAYS} days after from` });
  }
  if (problems.length || !from || !to)
    throw AppError.invalid(
      `The time range is not valid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      problems,
    );
  return { from, to, days: utcDays(from, to) };
}

/** Every UTC calendar day (YYYY-MM-DD) that has an instant in [from, to). */
export function utcDays(from: Date, to: Date): string[] {
  const days: string[] = [];
  const last = to.getTime() - 1;
  for (let t = Math.floor(from.getTime() / DAY_MS) * DAY_MS; t <= last; t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** 1–MAX_LIMIT; undefined/null means `fallback`. */
export function parseLimit(raw: number | null | undefined, fallback = 10): number {
  const n = raw ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw AppError.invalid(`limit must be an integer from 1 to ${MAX_LIMIT} (got ${n})`, [
      { path: 'limit', message: `must be an integer from 1 to ${MAX_LIMIT}` },
    ]);
  return n;
}

/** Optional cluster / namespace filters: blank means "not given"; longer than a Kubernetes name is a 400. */
export function parseFilter(raw: { cluster?: string | null; namespace?: string | null }): TrendFilter {
  const out: TrendFilter = {};
  for (const key of ['cluster', 'namespace'] as const) {
    const v = raw[key]?.trim();
    if (!v) continue;
    if (v.length > 253)
      throw AppError.invalid(`${key} must be at most 253 characters`, [
        { path: key, message: 'must be at most 253 characters' },
      ]);
    out[key] = v;
  }
  return out;
}
