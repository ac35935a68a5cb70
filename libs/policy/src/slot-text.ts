import type { PullPolicy, SlotEvaluation, SlotType, WorkloadEvaluation } from '#k8s';
import { imageName } from './image-pattern.js';

/** Wording shared by the rule kinds' messages, so every message names things the same way. */

/** The policy field of a slot as written in a manifest. */
export function policyField(type: SlotType): string {
  return type === 'imageVolume' ? 'image.pullPolicy' : 'imagePullPolicy';
}

/** The image exactly as written (`(empty image)` when there is none). */
export function imageText(slot: SlotEvaluation): string {
  return slot.image.reference === '' ? '(empty image)' : slot.image.reference;
}

const SLOT_WORDS: Record<SlotType, string> = {
  container: 'container',
  initContainer: 'init container',
  ephemeralContainer: 'ephemeral container',
  imageVolume: 'image volume',
};

/** `container "web"`, `init container "setup"`, `image volume "models"`. */
export function slotText(slot: Pick<SlotEvaluation, 'type' | 'name'>): string {
  return `${SLOT_WORDS[slot.type]} "${slot.name}"`;
}

/** `Deployment "web"`. */
export function workloadText(w: Pick<WorkloadEvaluation, 'kind' | 'name'>): string {
  return `${w.kind} "${w.name}"`;
}

/** `docker.io/library/nginx`, or null when the image does not parse. */
export function nameText(slot: SlotEvaluation): string | null {
  return slot.image.error === null ? imageName(slot.image) : null;
}

/** True when the manifest wrote no tag and no digest (so the tag is an implied `latest`). */
export function tagImplied(slot: SlotEvaluation): boolean {
  const { image } = slot;
  if (image.error !== null || image.digest !== null || image.tag !== 'latest') return false;
  const lastSlash = image.reference.lastIndexOf('/');
  return !image.reference.slice(lastSlash + 1).includes(':');
}

/**
 * Whether an admission plugin (AlwaysPullImages) decides the effective policy of this slot, so that a change
 * to the manifest's field cannot change it. libs/k8s resolvePullPolicy names the plugin in its reasons exactly
 * when it is enabled, for image volumes too since 1.31 (admission.go visits spec.volumes[].image after the
 * containers).
 */
export function admissionForcesAlways(slot: SlotEvaluation): boolean {
  return slot.pullPolicy.effective === 'Always' && slot.pullPolicy.admittedBy === 'AlwaysPullImages';
}

/** Why defaulting gives what it gives, as a `because …` clause (pkg/apis/core/v1/defaults.go, SetDefaults_Container). */
export function defaultBecause(slot: SlotEvaluation): string {
  const { image } = slot;
  if (image.reference === '') return 'because the image is empty';
  if (image.error !== null) return 'because the image reference does not parse (defaulting ignores parse errors)';
  if (image.tag === 'latest') {
    if (tagImplied(slot)) return 'because an image without tag or digest means tag "latest"';
    return image.digest !== null ? 'because the tag is "latest", even with a digest' : 'because the tag is "latest"';
  }
  if (image.tag === null) return 'because the image is pinned by digest and has no tag';
  return 'because the tag is not "latest"';
}

function defaultReason(slot: SlotEvaluation): string {
  return `defaulted ${defaultBecause(slot)}`;
}

/**
 * Where the effective policy comes from, in parentheses' words: `set in the manifest`, `defaulted because the
 * tag is not "latest"`, `the manifest leaves it unset (default IfNotPresent) and the AlwaysPullImages admission
 * plugin rewrites it to Always`.
 */
export function policySource(slot: SlotEvaluation): string {
  const { declared, default: defaulted, effective } = slot.pullPolicy;
  const stored: PullPolicy = declared ?? defaulted;
  const base = declared !== null ? 'set in the manifest' : defaultReason(slot);
  if (stored !== effective || admissionForcesAlways(slot)) {
    if (stored === effective) return `${base}; the AlwaysPullImages admission plugin would force Always anyway`;
    const before =
      declared !== null ? `the manifest sets ${declared}` : `defaulted to ${defaulted} ${defaultBecause(slot)}`;
    return `${before}, and the AlwaysPullImages admission plugin rewrites it to ${effective}`;
  }
  return base;
}

/** `its effective imagePullPolicy is IfNotPresent (defaulted because the tag is not "latest")`. */
export function effectivePhrase(slot: SlotEvaluation): string {
  return `its effective ${policyField(slot.type)} is ${slot.pullPolicy.effective} (${policySource(slot)})`;
}

/** `nginx:1.27 uses tag "1.27" without a digest` / `nginx has no tag and no digest (so tag "latest")`. */
export function tagPhrase(slot: SlotEvaluation): string {
  const img = imageText(slot);
  if (tagImplied(slot)) return `${img} has no tag and no digest (so tag "latest")`;
  if (slot.image.tag !== null && slot.image.digest === null)
    return `${img} uses tag "${slot.image.tag}" without a digest`;
  if (slot.image.tag !== null) return `${img} uses tag "${slot.image.tag}" with digest ${slot.image.digest}`;
  return `${img} is pinned by digest ${slot.image.digest ?? ''}`.trimEnd();
}

/** The digest-pinned form to suggest: `docker.io/library/nginx:1.27@sha256:<digest>`. */
export function digestTemplate(slot: SlotEvaluation): string | null {
  const name = nameText(slot);
  if (name === null) return null;
  const tag = slot.image.tag !== null && !tagImplied(slot) ? `:${slot.image.tag}` : '';
  return `${name}${tag}@sha256:<digest>`;
}

export function quoteList(items: readonly string[]): string {
  return items.map((i) => `"${i}"`).join(', ');
}
