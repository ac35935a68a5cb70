import { AppError } from '../errors/app-error.js';

/** A repeated query parameter arrives as an array; a scalar one must be given once. */
export function singleQueryValue(raw: unknown, name: string): unknown {
  if (Array.isArray(raw))
    throw AppError.invalid(`${name} must be given once`, [{ path: name, message: 'must be given once' }]);
  return raw;
}

/** An optional text query parameter: undefined when absent or empty, 400 when repeated. */
export function optionalString(raw: unknown, name: string): string | undefined {
  const v = singleQueryValue(raw, name);
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw AppError.invalid(`${name} must be text`, [{ path: name, message: 'must be text' }]);
  return v;
}

export function optionalBool(raw: unknown, name: string): boolean | undefined {
  singleQueryValue(raw, name);
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === true) return true;
  if (raw === 'false' || raw === false) return false;
  throw AppError.invalid(`${name} must be true or false`, [{ path: name, message: 'must be true or false' }]);
}

export function optionalEnum<T extends string>(raw: unknown, name: string, allowed: readonly T[]): T | undefined {
  singleQueryValue(raw, name);
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw AppError.invalid(`${name} must be one of ${allowed.join(', ')}`, [
    { path: name, message: `must be one of ${allowed.join(', ')}` },
  ]);
}

export function positiveInt(raw: string, name: string): number {
  singleQueryValue(raw, name);
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw) || n < 1)
    throw AppError.invalid(`${name} must be a positive integer`, [
      { path: name, message: 'must be a positive integer' },
    ]);
  return n;
}

/** GraphQL passes explicit nulls for optional inputs; for creation they mean "not given". */
export function dropNulls<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}
