import { parseImageReference } from '../image/index.js';
import type { ImageReference, PullPolicy, SlotType } from '../types.js';

/**
 * The API server's default for an empty `imagePullPolicy` (containers, init and ephemeral containers)
 * and for an empty `volumes[].image.pullPolicy`.
 *
 * pkg/apis/core/v1/defaults.go, SetDefaults_Container (docs/kubernetes-semantics.md R1.1, R1.6–R1.8) and SetDefaults_EphemeralContainer
 * (R1.2): `Always` iff the tag from parsers.ParseImageName is exactly, case-sensitively, "latest" (no tag and
 * no digest parses as tag "latest"); a parse error is ignored ("assume it has been validated elsewhere"), the
 * tag is then "" and the default `IfNotPresent`.
 * pkg/apis/core/v1/defaults.go, SetDefaults_Volume (docs/kubernetes-semantics.md R2.1): the same rule on `image.reference`.
 */
export function defaultPullPolicy(image: string): PullPolicy {
  return defaultPullPolicyForReference(parseImageReference(image));
}

/** Same rule as {@link defaultPullPolicy}, for a reference that is already parsed. */
export function defaultPullPolicyForReference(ref: ImageReference): PullPolicy {
  // SetDefaults_Container: `if tag == "latest"` (exact string comparison; parse errors leave tag "").
  return ref.error === null && ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** The manifest field that carries the policy for a slot, for messages. */
export function pullPolicyField(slotType: SlotType): string {
  return slotType === 'imageVolume' ? 'image.pullPolicy' : 'imagePullPolicy';
}

/**
 * One sentence explaining where the default comes from, e.g.
 * `imagePullPolicy is not set; Kubernetes defaults it to Always because the tag is "latest" (no tag and no digest implies latest)`.
 */
export function explainDefault(image: string | null, ref: ImageReference, slotType: SlotType): string {
  const field = pullPolicyField(slotType);
  const source =
    slotType === 'imageVolume'
      ? 'SetDefaults_Volume, pkg/apis/core/v1/defaults.go'
      : 'SetDefaults_Container, pkg/apis/core/v1/defaults.go';
  const policy = defaultPullPolicyForReference(ref);
  const lead = `${field} is not set; Kubernetes defaults it to ${policy}`;

  if (image === null || image === '') {
    const what = slotType === 'imageVolume' ? 'image.reference' : 'image';
    return `${lead} because the ${what} is empty and an empty name has no "latest" tag (${source}); note that the API server rejects an empty ${what} on a Pod (Required value)`;
  }
  if (ref.error !== null) {
    return `${lead}: the image reference does not parse (${ref.error}) and defaulting ignores parse errors (${source}); the kubelet will refuse it with InvalidImageName`;
  }
  if (ref.tag === 'latest') {
    if (ref.digest !== null) {
      return `${lead} because the tag is "latest"; the digest does not change the default, only the tag is compared (${source})`;
    }
    const implied = ref.reference.endsWith(':latest') ? '' : ' (no tag and no digest implies latest)';
    return `${lead} because the tag is "latest"${implied}`;
  }
  if (ref.tag === null) {
    return `${lead} because the image is pinned by digest and has no tag (${source})`;
  }
  if (ref.tag.toLowerCase() === 'latest') {
    return `${lead} because the tag "${ref.tag}" is not "latest": the comparison is case-sensitive (${source})`;
  }
  return `${lead} because the tag is "${ref.tag}", not "latest" (${source})`;
}
