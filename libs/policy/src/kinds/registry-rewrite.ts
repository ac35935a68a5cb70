import { parseImageReference, type SlotEvaluation } from '#k8s';
import type { Fix } from '../evaluation-result.js';
import { imageRewriteFix } from '../fixes.js';
import type { RegistryRewrite } from '../rule-params.js';

/**
 * Applies the first rewrite whose `from` is a whole-component prefix of `registry/repository`
 * (`k8s.gcr.io` matches `k8s.gcr.io/pause`, not `k8s.gcr.io.evil.com/pause`), keeping the rest of the path,
 * the tag as written and the digest. Returns the new reference, or null.
 */
export function rewriteImage(slot: SlotEvaluation, rewrites: readonly RegistryRewrite[]): string | null {
  const { registry, repository, tag, digest } = slot.image;
  if (registry === null || repository === null) return null;
  const name = `${registry}/${repository}`;
  for (const { from, to } of rewrites) {
    const prefix = from.replace(/\/+$/, '');
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
  const parsed = parseImageReference(rewritten);
  if (parsed.error !== null || !accepts(`${parsed.registry}/${parsed.repository}`)) return null;
  return imageRewriteFix(document, slot, rewritten, `use ${rewritten} (the same tag and digest ${where})`);
}
