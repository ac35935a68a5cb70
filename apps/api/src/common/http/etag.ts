import { AppError } from '../errors/app-error.js';

/** Strong ETag of a versioned resource. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * The version an If-Match header demands: a number, `undefined` for absent or `*` (no precondition).
 * Weak validators are accepted (W/"v3") since our versions are exact.
 */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(header);
  if (!m) {
    throw AppError.invalid(
      `If-Match must be an ETag from a previous read, such as "v3"; got ${JSON.stringify(header)}`,
      [{ path: 'If-Match', message: 'not an ETag issued by this API' }],
    );
  }
  return Number(m[1]);
}
