import { AppError } from '../common/errors/app-error.js';

// A repeated query parameter is refused once, for every route, before routing (http/request-guards.ts
// checkQuery); GraphQL arguments are never lists. So these read one value each.

export function optionalBool(raw: unknown, name: string): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === true) return true;
  if (raw === 'false' || raw === false) return false;
  throw AppError.invalid(`${name} must be true or false`, [{ path: name, message: 'must be true or false' }]);
}

export function optionalEnum<T extends string>(raw: unknown, name: string, allowed: readonly T[]): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw AppError.invalid(`${name} must be one of ${allowed.join(', ')}`, [
    { path: name, message: `must be one of ${allowed.join(', ')}` },
  ]);
}

export function positiveInt(raw: string, name: string): number {
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw) || n < 1)
    throw AppError.invalid(`${name} must be a positive integer`, [
      { path: name, message: 'must be a positive integer' },
    ]);
  return n;
}
