import { canonicalRegistryHost, parseImageReference, type SlotEvaluation } from '#k8s';
import type { Fix } from '../evaluation-result.js';
import { imageRewriteFix } from '../fixes.js';
import { canonicalName } from '../image-pattern.js';
import type { RegistryRewrite } from '../rule-params.js';

/** A rewrite's `from` with its host in the runtime's spelling (`INDEX.DOCKER.IO/library` -> `docker.io/library`). */
function canonicalPrefix(from: string): string {
  const prefix = from.replace(/\/+$/, '');
  const slash = prefix.indexOf('/');
  return slash < 0
    ? canonicalRegistryHost(prefix)
    : canonicalRegistryHost(prefix.slice(0, slash)) + prefix.slice(slash);
}

/**
 * Applies the first rewrite whose `from` is a whole-component prefix of the canonical `registry/repository`
 * (image-pattern.ts canonicalName: `k8s.gcr.io` matches `k8s.gcr.io/pause` and `K8S.GCR.IO:443/pause`, not
 * `k8s.gcr.io.evil.com/pause`), keeping the rest of the path, the tag as written and the digest. Returns the new
 * reference, or null.
 */
function rewriteImage(slot: SlotEvaluation, rewrites: readonly RegistryRewrite[]): string | null {
  const { tag, digest } = slot.image;
  const name = canonicalName(slot.image);
  if (name === null) return null;
  for (const { from, to } of rewrites) {
    const prefix = canonicalPrefix(from);
    if (name !== prefix && !name.startsWith(`${prefix}/`)) continue;
    const target = to.replace(/\/+$/, '');
    const rest = name.slice(prefix.length);
    return `${target}${rest}${tag !== null ? `:${tag}` : ''}${digest !== null ? `@${digest}` : ''}`;
  }
  return null;
}

/**
 * A concrete image fix from the rule's `rewrites`, when the rewritten image is one the rule accepts;
 * `where` completes "the same tag and digest …".
 */
export function acceptedRewriteFix(
  document: number,
  slot: SlotEvaluation,
  rewrites: readonly RegistryRewrite[],
  accepts: (name: string) => boolean,
  where: string,
): Fix | null {
  const rewritten = rewriteImage(slot, rewrites);
  if (rewritten === null) return null;
  const name = canonicalName(parseImageReference(rewritten));
  if (name === null || !accepts(name)) return null;
  return imageRewriteFix(document, slot, rewritten, `use ${rewritten} (the same tag and digest ${where})`);
}
