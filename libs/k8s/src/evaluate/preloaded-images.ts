import { parseImageReference } from '../image/index.js';
import type { ImageReference } from '../types.js';

/**
 * Whether an image is among the cluster's preloaded images. Compared on the normalised reference
 * (docker.io/library/nginx:1.27 and nginx:1.27 are the same image); a digest must match exactly,
 * otherwise the tag must.
 */
export function preloadedMatcher(preloaded: readonly string[]): (ref: ImageReference) => boolean {
  const byName = new Map<string, ImageReference[]>();
  for (const entry of preloaded) {
    const p = parseImageReference(entry);
    if (p.error !== null) continue;
    const key = `${p.registry}/${p.repository}`;
    byName.set(key, [...(byName.get(key) ?? []), p]);
  }
  return (ref) => {
    const candidates = byName.get(`${ref.registry}/${ref.repository}`);
    if (!candidates) return false;
    return candidates.some((p) =>
      ref.digest !== null ? p.digest === ref.digest : p.digest === null && p.tag === ref.tag,
    );
  };
}
