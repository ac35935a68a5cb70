import { AppError } from '../errors/app-error.js';

export interface PageRequest {
  limit: number;
  /** Opaque cursor from a previous page: items strictly after it. */
  after?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  totalCount: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ k: key }), 'utf8').toString('base64url');
}

/** Decodes a cursor; anything we did not issue is a 400 naming the parameter. */
export function decodeCursor(cursor: string | undefined, param = 'cursor'): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'string') return parsed.k;
  } catch {
    /* fall through */
  }
  throw AppError.invalid(`${param} is not a cursor issued by this API`, [{ path: param, message: 'invalid cursor' }]);
}

export function pageSize(raw: unknown, param = 'limit'): number {
  if (raw === undefined || raw === null || raw === '') return DEFAULT_PAGE_SIZE;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw AppError.invalid(`${param} must be an integer from 1 to ${MAX_PAGE_SIZE}`, [
      { path: param, message: `must be 1–${MAX_PAGE_SIZE}` },
    ]);
  }
  return n;
}
