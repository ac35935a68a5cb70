import { z } from 'zod';
import type { DefinitionProblem } from './rule-types.js';

/**
 * Turns zod issues into DefinitionProblems that name the field exactly (`params.allowed[1]`,
 * `match.labels.matchLabels[app.kubernetes.io/name]`) and say what is wrong and what is allowed.
 * Paths follow Kubernetes' field.Path style: `.field`, `[index]`, and `[key]` for map keys that are not
 * plain identifiers.
 */

const PLAIN_FIELD = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function joinFieldPath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const seg of segments) {
    if (typeof seg === 'number') out = `${out}[${seg}]`;
    else {
      const key = String(seg);
      out = PLAIN_FIELD.test(key) ? (out === '' ? key : `${out}.${key}`) : `${out}[${key}]`;
    }
  }
  return out;
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why a string cannot be stored, or null: PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate
 * is not Unicode (it cannot be encoded as UTF-8).
 */
export function unicodeProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters (U+0000)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode (lone surrogate)';
  return null;
}

/** A string shown safely inside a path: NUL and lone surrogates as `\uXXXX` text. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is what it looks for
  return text.replace(/\u0000|\p{Cs}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Definitions nest a few levels; deeper or larger values are left to the schemas, which reject them. */
const TEXT_WALK_MAX_DEPTH = 32;
const TEXT_WALK_MAX_VALUES = 100_000;

/**
 * Every string of a definition that cannot be stored (see unicodeProblem), values and object keys alike,
 * wherever it is: names, descriptions, globs, justification, owner, label keys and values, … One problem per
 * string, at its path (a key's problem is reported at the key). Iterative and bounded, so any input is safe.
 */
export function textProblems(input: unknown, base: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: input, path: base, depth: 0 }];
  let visited = 0;
  while (pending.length > 0 && visited < TEXT_WALK_MAX_VALUES) {
    const { value, path, depth } = pending.pop()!;
    visited++;
    if (typeof value === 'string') {
      const problem = unicodeProblem(value);
      if (problem) problems.push({ path, message: problem });
      continue;
    }
    if (value === null || typeof value !== 'object' || value instanceof Date || depth >= TEXT_WALK_MAX_DEPTH) continue;
    const children: Array<[PropertyKey, unknown]> = [];
    // Indexes, not map(): a sparse array has holes.
    if (Array.isArray(value))
      for (let i = 0; i < Math.min(value.length, TEXT_WALK_MAX_VALUES); i++) children.push([i, value[i]]);
    else children.push(...Object.entries(value).slice(0, TEXT_WALK_MAX_VALUES));
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, child] = children[i]!;
      const childPath = joinFieldPath(path, [typeof key === 'string' ? printable(key) : key]);
      if (typeof key === 'string') {
        const problem = unicodeProblem(key);
        if (problem) problems.push({ path: childPath, message: `key ${problem}` });
      }
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The problems without repeats (nested validators may report the same string as their caller). */
export function distinctProblems(problems: readonly DefinitionProblem[]): DefinitionProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A short description of a value for messages: `"abc"`, `42`, `an array`, `null`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  return `a${typeof value === 'object' ? 'n object' : ` ${typeof value}`}`;
}

function valueAt(input: unknown, segments: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
  date: 'a date',
};

/** Converts every issue of a failed parse of `input` (which sits at `base`). */
export function zodProblems(error: z.ZodError, input: unknown, base: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const issue of error.issues) problems.push(...issueProblems(issue, input, base));
  return problems;
}

function issueProblems(issue: z.core.$ZodIssue, input: unknown, base: string): DefinitionProblem[] {
  const path = joinFieldPath(base, issue.path);
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        path: joinFieldPath(path, [key]),
        message: `unknown field "${key}"; ${issue.message}`,
      }));
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (value === undefined) return [{ path, message: `required: must be ${expected}` }];
      return [{ path, message: `must be ${expected}, got ${describeValue(value)}` }];
    }
    case 'invalid_value':
      return [
        {
          path,
          message:
            value === undefined
              ? `required: one of ${issue.values.map(String).join(', ')}`
              : `${describeValue(value)} is not allowed; allowed values: ${issue.values.map(String).join(', ')}`,
        },
      ];
    case 'too_small':
      if (!issue.message.startsWith('Too small')) return [{ path, message: issue.message }];
      if (issue.origin === 'array')
        return [
          {
            path,
            message: `must not be empty: give at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`,
          },
        ];
      if (issue.origin === 'string')
        return [
          {
            path,
            message: issue.minimum === 1 ? 'must not be empty' : `must be at least ${String(issue.minimum)} characters`,
          },
        ];
      return [{ path, message: `must be at least ${String(issue.minimum)}` }];
    case 'too_big':
      if (issue.origin === 'array') return [{ path, message: `must have at most ${String(issue.maximum)} items` }];
      if (issue.origin === 'string')
        return [
          {
            path,
            message: `must be at most ${String(issue.maximum)} characters, got ${String((value as string).length)}`,
          },
        ];
      return [{ path, message: `must be at most ${String(issue.maximum)}` }];
    case 'invalid_union':
      return [
        { path, message: issue.message === 'Invalid input' ? `invalid value ${describeValue(value)}` : issue.message },
      ];
    default:
      return [{ path, message: issue.message }];
  }
}

/** A strict object whose unknown-field message lists the allowed fields. */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  const allowed = Object.keys(shape);
  const list = allowed.length === 0 ? 'this object takes no fields' : `allowed fields: ${allowed.join(', ')}`;
  return z.strictObject(shape, {
    error: (iss) => (iss.code === 'unrecognized_keys' ? list : undefined),
  });
}

/** The most entries any list (or map) of a definition may have. */
export const MAX_LIST_ENTRIES = 1000;

/** At most MAX_LIST_ENTRIES entries, for z.record maps (arrays use `.max(MAX_LIST_ENTRIES)`). */
export function boundedMap(value: object): boolean {
  return Object.keys(value).length <= MAX_LIST_ENTRIES;
}

export const BOUNDED_MAP_MESSAGE = `must have at most ${MAX_LIST_ENTRIES} entries`;

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: DefinitionProblem[] };
