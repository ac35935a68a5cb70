import { AppError } from '../errors/app-error.js';

/** Optimistic concurrency: a caller that names a version must name the current one. */
export function checkVersion(current: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== current) throw staleVersion(current, expected);
}

export function staleVersion(current: number, expected?: number): AppError {
  return new AppError(
    'precondition-failed',
    expected !== undefined
      ? `version ${expected} is stale: the current version is ${current}; read it again and retry`
      : `the resource changed while this request ran (version ${current} is no longer current); read it again and retry`,
  );
}

/** Keyset pagination over a unique `name`, shared by the named collections. */
export function namePage<T extends { name: string }>(rows: T[], limit: number): { items: T[]; last: string | null } {
  const items = rows.slice(0, limit);
  return { items, last: rows.length > limit ? items.at(-1)!.name : null };
}
