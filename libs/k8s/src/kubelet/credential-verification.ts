import { parseImageReference } from '../image/index.js';
import type { CredentialVerificationPolicy, ImageReference } from '../types.js';

// KEP-2535 credential verification policies and the preloaded-images allowlist.
// Source: pkg/kubelet/images/pullmanager/image_pull_policies.go (NewImagePullCredentialVerificationPolicy,
// NeverVerifyPreloadedPullPolicy, NewNeverVerifyAllowListedPullPolicy, imageMatches,
// getAllowlistImagePattern, ValidateAllowlistImagesPatterns); docs/kubernetes-semantics.md §5.1–§5.3.

export interface AllowlistPattern {
  /** The entry as configured. */
  entry: string;
  /** `exact`: a fully qualified name without tag/digest; `prefix`: an entry ending in `/*`. */
  kind: 'exact' | 'prefix';
  /** The value compared: the name itself, or the prefix without the trailing `*` (ends in `/`). */
  value: string;
}

/**
 * How the pod's image is compared with the allowlist.
 * - `image-string` (≤1.35): the pod's image string as written, exact or string prefix; so `nginx` or a
 *   tagged `docker.io/library/nginx:1.25` never matches the entry `docker.io/library/nginx`.
 * - `normalized-name` (1.36+, kubernetes/kubernetes PR #137629, version inferred from its March 2026
 *   merge — UNCONFIRMED): the image is parsed and its fully qualified name without tag/digest is compared.
 */
export type AllowlistMatching = 'image-string' | 'normalized-name';

/**
 * image_pull_policies.go, getAllowlistImagePattern (docs/kubernetes-semantics.md R5.3): returns the pattern or the kubelet's own
 * error text. Entries must be fully qualified names (`docker.io/library/nginx`) or prefixes ending in `/*`.
 */
export function parseAllowlistEntry(entry: string): AllowlistPattern | { entry: string; error: string } {
  if (entry !== entry.trim()) return { entry, error: `leading/trailing spaces are not allowed: ${entry}` };
  const isWildcard = entry.endsWith('/*');
  const trimmed = isWildcard ? entry.slice(0, -1) : entry;
  if (trimmed.length === 0) return { entry, error: `the supplied pattern is too short: ${entry}` };
  if (trimmed.includes('*')) {
    return { entry, error: `not a valid wildcard pattern, only patterns ending with '/*' are allowed: ${entry}` };
  }
  if (isWildcard) {
    if (trimmed.length === 1) return { entry, error: 'at least registry hostname is required' };
    return { entry, kind: 'prefix', value: trimmed };
  }
  const ref = parseImageReference(trimmed);
  if (ref.error !== null) return { entry, error: `failed to parse as an image name: ${ref.error}` };
  // `trimmedPattern != image.Name()` — Name() is the fully qualified name without tag/digest.
  if (trimmed !== normalizedName(ref)) {
    return { entry, error: `neither tag nor digest is accepted in an image reference: ${entry}` };
  }
  return { entry, kind: 'exact', value: trimmed };
}

export interface ParsedAllowlist {
  patterns: AllowlistPattern[];
  /** Entries the kubelet rejects (ValidateAllowlistImagesPatterns fails kubelet config validation). */
  errors: { entry: string; error: string }[];
}

export function parseAllowlist(entries: readonly string[]): ParsedAllowlist {
  const result: ParsedAllowlist = { patterns: [], errors: [] };
  for (const entry of entries) {
    const parsed = parseAllowlistEntry(entry);
    if ('error' in parsed) result.errors.push(parsed);
    else result.patterns.push(parsed);
  }
  return result;
}

/** `reference.Named.Name()`: domain + "/" + path, e.g. `docker.io/library/nginx`; null when unparsable. */
export function normalizedName(ref: ImageReference): string | null {
  if (ref.error !== null || ref.registry === null || ref.repository === null) return null;
  return `${ref.registry}/${ref.repository}`;
}

/** NeverVerifyAllowlistedImages.imageMatches, in the form of the given kubelet release. */
export function matchesAllowlist(
  image: string,
  ref: ImageReference,
  patterns: readonly AllowlistPattern[],
  matching: AllowlistMatching,
): boolean {
  // ≤1.35: `p.absoluteURLs.Has(image)` / `strings.HasPrefix(image, prefix)` on the raw image string.
  // 1.36+: `dockerref.ParseNormalizedNamed(image)`, then the same tests on `parsedImage.Name()`;
  //        a parse error means "no match".
  // Deliberately not canonicalised like the policy's registry comparisons: the kubelet compares these strings
  // exactly, so `GHCR.IO/app` misses the entry `ghcr.io/*` on a real node too (it then verifies credentials).
  const subject = matching === 'image-string' ? image : normalizedName(ref);
  if (subject === null) return false;
  return patterns.some((p) => (p.kind === 'exact' ? subject === p.value : subject.startsWith(p.value)));
}

/**
 * ImagePullPolicyEnforcer.RequireCredentialVerificationForImage (image_pull_policies.go; docs/kubernetes-semantics.md §5.3 step 2):
 * whether the policy demands that the pod prove its credentials for a present image.
 * `pulledByKubelet`: pull records or a pull intent exist for the image (otherwise it counts as preloaded).
 */
export function requiresCredentialVerification(
  policy: CredentialVerificationPolicy,
  pulledByKubelet: boolean,
  allowlisted: boolean,
): boolean {
  switch (policy) {
    case 'NeverVerify':
      return false; // NeverVerifyImagePullPolicy
    case 'NeverVerifyPreloadedImages':
      return pulledByKubelet; // NeverVerifyPreloadedPullPolicy
    case 'NeverVerifyAllowlistedImages':
      return !allowlisted; // NeverVerifyAllowlistedImages: ignores pulledByKubelet
    case 'AlwaysVerify':
      return true; // AlwaysVerifyImagePullPolicy
  }
}
