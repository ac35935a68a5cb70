import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image/index.js';
import { preloadedImageProblem, preloadedMatcher } from './preloaded-images.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;

describe('preloadedMatcher compares the canonical name, then digest or tag', () => {
  it.each([
    ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:1', true],
    ['ghcr.io/acme/app:1', 'GHCR.IO/acme/app:1', true],
    ['GHCR.IO/acme/app:1', 'ghcr.io/acme/app:1', true],
    ['ghcr.io/acme/app:1', 'ghcr.io:443/acme/app:1', true],
    ['ghcr.io:443/acme/app:1', 'ghcr.io/acme/app:1', true],
    ['ghcr.io/acme/app:1', 'ghcr.io:5000/acme/app:1', false],
    ['busybox:1.36', 'registry-1.docker.io/busybox:1.36', true],
    ['busybox:1.36', 'index.docker.io/library/busybox:1.36', true],
    ['busybox:1.36', 'INDEX.DOCKER.IO/busybox:1.36', true],
    ['registry-1.docker.io/library/busybox:1.36', 'busybox:1.36', true],
    ['busybox:1.36', 'busybox:1.37', false],
    ['ghcr.io/acme/app:v1', 'ghcr.io/acme/app:V1', false],
    [`ghcr.io/acme/app@${DIGEST}`, `GHCR.IO:443/acme/app@${DIGEST}`, true],
    ['ghcr.io/acme/app:1', 'ghcr.io/acme/app@sha256:abc', false],
  ])('preloaded %s, image %s -> %s', (entry, image, expected) => {
    expect(preloadedMatcher([entry])(parseImageReference(image))).toBe(expected);
  });
});

describe('preloadedImageProblem', () => {
  it('accepts every reference that parses, in any spelling of its host', () => {
    for (const entry of ['busybox:1.36', 'GHCR.IO/acme/app:1', 'ghcr.io:443/acme/app:1', `nginx@${DIGEST}`])
      expect(preloadedImageProblem(entry)).toBeNull();
  });

  it('refuses a glob, explaining that entries are exact images', () => {
    expect(preloadedImageProblem('busybox:*')).toMatch(
      /^"busybox:\*" is not an image reference: invalid reference format; preloadedImages lists exact images, not patterns: write one entry per image with its tag or digest, e\.g\. "busybox:1\.36"/,
    );
    expect(preloadedImageProblem('ghcr.io/acme/*')).toMatch(/lists exact images, not patterns/);
  });

  it('refuses other unparsable entries with the parser error', () => {
    expect(preloadedImageProblem('MyOrg/App:1.0')).toBe(
      '"MyOrg/App:1.0" is not an image reference: invalid reference format: repository name (App) must be lowercase',
    );
  });
});
