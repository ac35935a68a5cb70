import { z } from 'zod';
import { TEXT_MAX_LENGTH, nameProblem, nameSchema } from './definition-fields.js';
import type { DefinitionProblem, ExceptionDefinition } from './rule-types.js';
import { validateMatchSpec } from './validate-match.js';
import {
  MAX_LIST_ENTRIES,
  describeValue,
  distinctProblems,
  strictObject,
  textProblems,
  zodProblems,
  type ValidationResult,
} from './zod-problems.js';

/** What a client sends to create an exception: everything but the server-assigned id. */
export type ExceptionInput = Omit<ExceptionDefinition, 'id'>;

export const ALL_RULES = '*';

/** How long an exception of every rule (`rules: ["*"]`) may last unless configured otherwise. */
export const DEFAULT_MAX_WILDCARD_EXCEPTION_DAYS = 90;

const DAY_MS = 86_400_000;

export interface ExceptionValidationOptions {
  /** The moment expiries are judged against (default: now). */
  now?: Date;
  /** How many days ahead a `rules: ["*"]` exception may expire (default 90; Infinity: no limit, an expiry still needed). */
  maxWildcardDays?: number;
  /** The name of an exception sent without one (the contract lets clients omit it); without it a name is required. */
  defaultName?: () => string;
}

// ISO 8601 date-time with a zone (RFC 3339 profile, minutes-only times allowed): 2026-06-30T23:59:59Z,
// 2026-06-30T18:00+02:00, 2026-06-30T23:59:59.5Z. A date without a time is ambiguous (start or end of the
// day? which zone?) and rejected with a suggestion.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-](\d{2}):(\d{2}))$/;
const ISO_DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses an ISO-8601 date-time with zone; returns the Date or a problem message. */
export function parseIsoDateTime(text: string): Date | string {
  if (ISO_DATE_ONLY.test(text)) {
    return `"${text}" has no time and zone, so the moment it expires is ambiguous: write e.g. "${text}T23:59:59Z"`;
  }
  const m = ISO_DATE_TIME.exec(text);
  if (!m)
    return `"${text}" is not an ISO-8601 date-time with a zone, e.g. "2026-06-30T23:59:59Z" or "2026-06-30T18:00:00+02:00"`;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  // PostgreSQL and JavaScript disagree outside these years; an expiry there is a typo, not a plan.
  if (year < 1970 || year > 9999) return `"${text}" is outside the years 1970–9999`;
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const zoneHours = m[9] === undefined ? 0 : Number(m[9]);
  const zoneMinutes = m[10] === undefined ? 0 : Number(m[10]);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    zoneHours > 23 ||
    zoneMinutes > 59
  ) {
    return `"${text}" is not a real date and time`;
  }
  const date = new Date(text.toUpperCase());
  return Number.isNaN(date.getTime()) ? `"${text}" is not a real date and time` : date;
}

const ruleRef = z.string().superRefine((ref, ctx) => {
  if (ref === ALL_RULES) return;
  const problem = nameProblem(ref);
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; name a rule, or "*" for every rule` });
});

const exceptionSchema = strictObject({
  name: nameSchema,
  rules: z.array(ruleRef).min(1).max(MAX_LIST_ENTRIES),
  match: z.unknown().optional(),
  justification: z.string().max(TEXT_MAX_LENGTH),
  owner: z.string().max(TEXT_MAX_LENGTH),
  ticket: z.string().max(2048).nullable().optional(),
  expiresAt: z
    .union([z.string().max(64), z.custom<Date>((v) => v instanceof Date)])
    .nullable()
    .optional(),
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * One line must not waive the whole policy forever: an exception of every rule needs an expiry within the
 * configured number of days. An expiry already past is allowed (it waives nothing).
 */
function wildcardExpiryProblems(
  written: unknown,
  expiresAt: Date | null,
  options: ExceptionValidationOptions,
): DefinitionProblem[] {
  const maxDays = options.maxWildcardDays ?? DEFAULT_MAX_WILDCARD_EXCEPTION_DAYS;
  const now = options.now ?? new Date();
  // Infinity judges a stored exception (its expiry was within the limit when written): only "must expire" holds.
  if (!Number.isFinite(maxDays))
    return written === undefined || written === null
      ? [{ path: 'expiresAt', message: 'required when rules is "*": an exception of every rule must expire' }]
      : [];
  const latest = new Date(now.getTime() + maxDays * DAY_MS);
  const example = `e.g. "${latest.toISOString().slice(0, 10)}T00:00:00Z"`;
  if (written === undefined || written === null)
    return [
      {
        path: 'expiresAt',
        message: `required when rules is "*": an exception of every rule must expire within ${maxDays} days, ${example}`,
      },
    ];
  if (expiresAt === null || expiresAt.getTime() <= latest.getTime()) return [];
  const days = Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);
  return [
    {
      path: 'expiresAt',
      message: `is ${days} days ahead; an exception of every rule ("*") may last at most ${maxDays} days, until ${latest.toISOString()}`,
    },
  ];
}

/**
 * Validates `{ name, rules: [rule names or "*"], match?, justification, owner, ticket?, expiresAt? }`.
 * `expiresAt` is an ISO-8601 date-time with a zone, or a Date. Strings must be storable (no NUL, no lone
 * surrogate: textProblems), lists have at most 1000 entries, justification and owner at most 4096 characters.
 * Never throws.
 */
export function validateExceptionInput(
  input: unknown,
  options: ExceptionValidationOptions = {},
): ValidationResult<ExceptionInput> {
  const problems: DefinitionProblem[] = [];
  if (options.defaultName && isRecord(input) && input.name === undefined)
    input = { ...input, name: options.defaultName() };
  const top = exceptionSchema.safeParse(input);
  if (!top.success) {
    problems.push(...zodProblems(top.error, input, ''));
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, problems };
  }
  const raw = input as Record<string, unknown>;
  const match = validateMatchSpec(raw.match, 'match');
  if (!match.ok) problems.push(...match.problems);
  if (typeof raw.justification === 'string' && raw.justification.trim() === '') {
    problems.push({ path: 'justification', message: 'must not be empty: say why the rule does not apply here' });
  }
  if (typeof raw.owner === 'string' && raw.owner.trim() === '') {
    problems.push({
      path: 'owner',
      message: 'must not be empty: name the person or team accountable for this exception',
    });
  }
  if (Array.isArray(raw.rules)) {
    const seen = new Set<unknown>();
    raw.rules.forEach((r, i) => {
      // Only names can repeat meaningfully (anything else is already a type problem); JSON.stringify would
      // throw on a BigInt.
      if (typeof r === 'string' && seen.has(r))
        problems.push({ path: `rules[${i}]`, message: `${describeValue(r)} is listed twice` });
      seen.add(r);
    });
  }
  problems.push(...textProblems(input, ''));
  let expiresAt: Date | null = null;
  if (typeof raw.expiresAt === 'string' && raw.expiresAt.length <= 64) {
    const parsed = parseIsoDateTime(raw.expiresAt);
    if (typeof parsed === 'string') problems.push({ path: 'expiresAt', message: parsed });
    else expiresAt = parsed;
  } else if (raw.expiresAt instanceof Date) {
    if (Number.isNaN(raw.expiresAt.getTime())) problems.push({ path: 'expiresAt', message: 'is an invalid Date' });
    else expiresAt = new Date(raw.expiresAt.getTime());
  }
  if (Array.isArray(raw.rules) && raw.rules.includes(ALL_RULES))
    problems.push(...wildcardExpiryProblems(raw.expiresAt, expiresAt, options));
  if (problems.length > 0 || !top.success || !match.ok) return { ok: false, problems: distinctProblems(problems) };
  const data = top.data;
  return {
    ok: true,
    value: {
      name: data.name,
      rules: [...data.rules],
      match: match.value,
      justification: data.justification,
      owner: data.owner,
      ticket: data.ticket ?? null,
      expiresAt,
    },
  };
}
