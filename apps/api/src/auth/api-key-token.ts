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

/** SHA-256 of a secret: what is stored for a key (hex), and what every comparison compares (32 bytes). */
export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

export function hashToken(token: string): string {
  return secretDigest(token).toString('hex');
}

/**
 * Constant-time comparison of two SHA-256 digests. Comparing digests, not secrets, makes the lengths equal
 * whatever was sent; a request hashes its token once and compares that digest with each candidate.
 */
export function sameDigest(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The bearer credential of an Authorization header, or null when there is none or it is not a Bearer one. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}
