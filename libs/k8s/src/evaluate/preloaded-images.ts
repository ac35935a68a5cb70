import { canonicalImageName, parseImageReference } from '../image/index.js';
import type { ImageReference } from '../types.js';

/**
 * Whether an image is among the cluster's preloaded images. Compared on the canonical name (image/registry-host.ts:
 * `nginx:1.27`, `docker.io/library/nginx:1.27` and `registry-1.docker.io/nginx:1.27` are one image, and so are
 * `GHCR.IO/a/b:1` and `ghcr.io:443/a/b:1`); a digest must match exactly, otherwise the tag must (tags are
 * case-sensitive: distribution/reference regexp.go, tag).
 */
export function preloadedMatcher(preloaded: readonly string[]): (ref: ImageReference) => boolean {
  const byName = new Map<string, ImageReference[]>();
  for (const entry of preloaded) {
    const p = parseImageReference(entry);
    if (p.error !== null || p.registry === null || p.repository === null) continue;
    const key = canonicalImageName(p.registry, p.repository);
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  return (ref) => {
    if (ref.registry === null || ref.repository === null) return false;
    const candidates = byName.get(canonicalImageName(ref.registry, ref.repository));
    if (!candidates) return false;
    return candidates.some((p) =>
      ref.digest !== null ? p.digest === ref.digest : p.digest === null && p.tag === ref.tag,
    );
  };
}

/**
 * Why an entry cannot be a preloaded image, or null. Entries name images exactly (the node holds images, not
 * patterns), so a glob such as `busybox:*` could never be matched; the message says what to write instead.
 */
export function preloadedImageProblem(entry: string): string | null {
  const ref = parseImageReference(entry);
  if (ref.error === null) return null;
  const reason = `${JSON.stringify(entry)} is not an image reference: ${ref.error}`;
  if (!entry.includes('*')) return reason;
  return `${reason}; preloadedImages lists exact images, not patterns: write one entry per image with its tag or digest, e.g. "busybox:1.36" or "docker.io/library/busybox@sha256:<64 hex digits>"`;
}
