// github.com/opencontainers/go-digest v1.0.0 `Parse` / `Digest.Validate` / `Algorithm.Validate`,
// as reached from distribution/reference reference.go Parse (`digest.Parse(matches[3])`).

import { isGoDigestFormat, isLowerHexRange } from './scanners.js';

// go-digest digest.go error values
export const ERR_DIGEST_INVALID_FORMAT = 'invalid checksum digest format';
export const ERR_DIGEST_INVALID_LENGTH = 'invalid checksum digest length';
export const ERR_DIGEST_UNSUPPORTED = 'unsupported digest algorithm';

/**
 * go-digest algorithm.go `algorithms` + `Algorithm.Size`: bytes per hash, 0 when not registered.
 * sha384/sha512 count as available because the kubelet binary links crypto/sha512
 * (`crypto.Hash.Available()`).
 */
function hashSize(algorithm: string): number {
  switch (algorithm) {
    case 'sha256':
      return 32;
    case 'sha384':
      return 48;
    case 'sha512':
      return 64;
    default:
      return 0;
  }
}

/** go-digest digest.go `Digest.Validate`: the error text, or null when the digest is valid. */
export function validateDigest(d: string): string | null {
  const i = d.indexOf(':');
  // digest.go Validate: `if i <= 0 || i+1 == len(s)`
  if (i <= 0 || i + 1 === d.length) return ERR_DIGEST_INVALID_FORMAT;
  const size = hashSize(d.slice(0, i));
  // digest.go Validate: `if !algorithm.Available()`
  if (size === 0) return isGoDigestFormat(d) ? ERR_DIGEST_UNSUPPORTED : ERR_DIGEST_INVALID_FORMAT;
  // algorithm.go Algorithm.Validate: `if a.Size()*2 != len(encoded)`
  if (d.length - i - 1 !== size * 2) return ERR_DIGEST_INVALID_LENGTH;
  // algorithm.go anchoredEncodedRegexps: lowercase hex only
  return isLowerHexRange(d, i + 1, d.length) ? null : ERR_DIGEST_INVALID_FORMAT;
}
