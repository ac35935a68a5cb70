import { describe, expect, it } from 'vitest';
import {
  ERR_DIGEST_INVALID_FORMAT,
  ERR_DIGEST_INVALID_LENGTH,
  ERR_DIGEST_UNSUPPORTED,
  validateDigest,
} from './digest.js';
import { parseImageReference } from './index.js';

const SHA384 = 'd3fc7881460b7e22e3d172954463dddd7866d17597e7248453c48b3e9d26d9596bf9c4a9cf8072c9d5bad76e19af801d';

describe('opencontainers/go-digest v1.0.0 digest_test.go TestParseDigest', () => {
  const cases: { input: string; err: string | null }[] = [
    { input: 'sha256:e58fcf7418d4390dec8e8fb69d88c06ec07039d651fedd3aa72af9972e7d046b', err: null },
    { input: `sha384:${SHA384}`, err: null },
    { input: 'sha256:', err: ERR_DIGEST_INVALID_FORMAT }, // empty hex
    { input: ':', err: ERR_DIGEST_INVALID_FORMAT }, // empty hex
    { input: 'd41d8cd98f00b204e9800998ecf8427e', err: ERR_DIGEST_INVALID_FORMAT }, // just hex
    { input: 'sha256:d41d8cd98f00b204e9800m98ecf8427e', err: ERR_DIGEST_INVALID_LENGTH }, // not hex (length checked first)
    { input: 'sha256:abcdef0123456789', err: ERR_DIGEST_INVALID_LENGTH }, // too short
    {
      input: 'sha512:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789',
      err: ERR_DIGEST_INVALID_LENGTH,
    },
    { input: 'foo:d41d8cd98f00b204e9800998ecf8427e', err: ERR_DIGEST_UNSUPPORTED },
    { input: `sha384__foo+bar:${SHA384}`, err: ERR_DIGEST_INVALID_FORMAT }, // repeated separators
    { input: `sha384.foo+bar:${SHA384}`, err: ERR_DIGEST_UNSUPPORTED },
    { input: `sha384_foo+bar:${SHA384}`, err: ERR_DIGEST_UNSUPPORTED },
    { input: 'sha256+b64:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564', err: ERR_DIGEST_UNSUPPORTED },
    {
      input: 'sha256:E58FCF7418D4390DEC8E8FB69D88C06EC07039D651FEDD3AA72AF9972E7D046B',
      err: ERR_DIGEST_INVALID_FORMAT,
    },
  ];

  it.each(cases)('$input', ({ input, err }) => {
    expect(validateDigest(input)).toBe(err);
  });
});

describe('digest errors as they surface through ParseNormalizedNamed (reference.go Parse returns digest.Parse errors)', () => {
  const h = (n: number, c = 'a') => c.repeat(n);
  // Derived from the sources, not from a Go run: reference.go Parse passes go-digest's error through.
  it.each([
    [`nginx@sha256:${h(64)}`, null],
    [`nginx@sha384:${h(96)}`, null],
    [`nginx@sha512:${h(128)}`, null],
    [`nginx@sha256:${h(63)}`, ERR_DIGEST_INVALID_LENGTH],
    [`nginx@sha256:${h(65)}`, ERR_DIGEST_INVALID_LENGTH],
    [`nginx@sha384:${h(64)}`, ERR_DIGEST_INVALID_LENGTH],
    [`nginx@sha512:${h(96)}`, ERR_DIGEST_INVALID_LENGTH],
    [`nginx@sha256:${h(64, 'A')}`, ERR_DIGEST_INVALID_FORMAT], // uppercase hex passes the grammar, not go-digest
    [`nginx@md5:${h(32)}`, ERR_DIGEST_UNSUPPORTED],
    [`nginx@sha1:${h(40)}`, ERR_DIGEST_UNSUPPORTED],
    [`nginx@sha256+b64:${h(64)}`, ERR_DIGEST_UNSUPPORTED],
    [`nginx:v1@MD5:${h(32)}`, ERR_DIGEST_INVALID_FORMAT], // unknown and not DigestRegexpAnchored (uppercase)
    [`nginx:v1@SHA256:${h(64)}`, ERR_DIGEST_INVALID_FORMAT], // algorithm names are case-sensitive
    // Without a tag, the remote-name check of ParseNormalizedNamed reads up to the first ':' and sees the algorithm.
    [`nginx@SHA256:${h(64)}`, 'invalid reference format: repository name (library/nginx@SHA256) must be lowercase'],
    [`nginx@sha256:${h(31)}`, 'invalid reference format'], // digestPat needs 32+ hex digits
  ])('%s → %s', (image, error) => {
    expect(parseImageReference(image).error).toBe(error);
  });
});
