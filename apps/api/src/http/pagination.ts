import { AppError } from '../common/errors/app-error.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  totalCount: number;
}

export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

/** Longest cursor we issue: a 253-character name, or a time and a UUID, base64url-encoded in JSON. */
const MAX_CURSOR_LENGTH = 400;
const CURSOR_TEXT = /^[A-Za-z0-9_-]+$/;
/** The keys cursors carry: a resource name (rules, exceptions, clusters) ... */
const NAME_KEY = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
/** ... or `<createdAt ISO>|<uuid>` (recorded evaluations). */
const TIME_ID_KEY =
  /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Decodes a cursor; anything we did not issue is a 400 naming the parameter. A cursor must be exactly what
 * encodeCursor produces (canonical base64url of `{"k": key}`) and its key must have the shape of the keys we
 * page by, so a forged cursor (another id shape, NUL, a year PostgreSQL cannot store) never reaches a query.
 */
export function decodeCursor(cursor: unknown, param = 'cursor'): string | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  const invalid = () =>
    AppError.invalid(`${param} is not a cursor issued by this API`, [{ path: param, message: 'invalid cursor' }]);
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !CURSOR_TEXT.test(cursor)) throw invalid();
  let key: unknown;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && Object.keys(parsed).length === 1)
      key = (parsed as { k?: unknown }).k;
  } catch {
    throw invalid();
  }
  if (typeof key !== 'string' || encodeCursor(key) !== cursor || !isCursorKey(key)) throw invalid();
  return key;
}

function isCursorKey(key: string): boolean {
  if (NAME_KEY.test(key)) return true;
  const m = TIME_ID_KEY.exec(key);
  if (!m) return false;
  const year = Number(m[1]);
  const at = new Date(key.slice(0, key.indexOf('|')));
  return year >= 1970 && !Number.isNaN(at.getTime()) && at.toISOString() === key.slice(0, key.indexOf('|'));
}

export function pageSize(raw: unknown, param = 'limit'): number {
  if (raw === undefined || raw === null || raw === '') return DEFAULT_PAGE_SIZE;
  // Decimal digits only: Number() would also take `0x10`, `1e2` and ` 5 `.
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw AppError.invalid(`${param} must be an integer from 1 to ${MAX_PAGE_SIZE}`, [
      { path: param, message: `must be 1–${MAX_PAGE_SIZE}` },
    ]);
  }
  return n;
}
