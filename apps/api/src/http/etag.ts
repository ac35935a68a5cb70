import { AppError } from '../common/errors/app-error.js';

/** Strong ETag of a versioned resource. */
export function etagOf(version: number): string {
  return `"v${version}"`;
}

/**
 * An entity tag as RFC 9110 §8.8.3 writes it, `"v3"`, or weak, `W/"v3"`. §13.1.1 has If-Match compare
 * strongly, which a weak tag never passes; ours are per version (never per representation), so a weak tag
 * made from one still names exactly that version and is read as it. Anything else (`v3`, `"3"`) is refused
 * with the form to send rather than guessed at.
 */
const ENTITY_TAG = /^(?:W\/)?"v(\d{1,9})"$/;

/** The version an If-Match header demands: a number, `undefined` for absent or `*` (no precondition). */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  const value = header?.trim();
  if (value === undefined || value === '' || value === '*') return undefined;
  const m = ENTITY_TAG.exec(value);
  if (!m) {
    throw AppError.invalid(
      `If-Match must be the ETag of the version the change is based on, exactly as the ETag header gave it: "v3", double quotes included (W/"v3" is read the same); got ${JSON.stringify(value.slice(0, 100))}`,
      [{ path: 'If-Match', message: 'expected an ETag such as "v3", with its double quotes' }],
    );
  }
  return Number(m[1]);
}

/**
 * Whether If-None-Match matches the ETag of the current representation: weak comparison over a list of
 * tags, or `*` (RFC 9110 §13.1.2).
 */
export function ifNoneMatchMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const current = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === current);
}
