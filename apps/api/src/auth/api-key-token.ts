import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Key secrets look like `pwk_<prefix>_<secret>`: the prefix (12 lowercase hex characters) is stored in clear to
 * find the row and to show which key a log line or audit event means; the whole token is stored only as its
 * SHA-256. A fast hash is right here: the secret has 256 bits of entropy, so there is nothing to brute-force.
 */
const TOKEN = /^pwk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  token: string;
  prefix: string;
  hash: string;
}

export function newToken(): NewToken {
  const prefix = randomBytes(6).toString('hex');
  const token = `pwk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { token, prefix, hash: hashToken(token) };
}

/** The prefix of a well-formed key token, or null for anything else (which may still be the admin token). */
export function tokenPrefix(token: string): string | null {
  return TOKEN.exec(token)?.[1] ?? null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of two secrets of any length (hashing first makes the lengths equal). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** The bearer credential of an Authorization header, or null when there is none or it is not a Bearer one. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
