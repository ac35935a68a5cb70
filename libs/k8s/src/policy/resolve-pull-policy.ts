import { parseImageReference } from '../image/index.js';
import { NEWEST_MODELLED_MINOR } from '../kubelet/kubelet-version.js';
import type { PullPolicy, PullPolicyResolution, SlotType } from '../types.js';
import { ALWAYS_PULL_IMAGES_PLUGIN, hasAlwaysPullImages } from './always-pull-images.js';
import { defaultPullPolicyForReference, explainDefault, pullPolicyField } from './default-pull-policy.js';

export interface ResolvePullPolicyInput {
  /** The image string as written (`volumes[].image.reference` for image volumes); null when absent. */
  image: string | null;
  /** The policy written in the manifest, null when the field is absent or empty. */
  declared: PullPolicy | null;
  slotType: SlotType;
  /** True for a Pod; false for a workload template (Deployment, Job, PodTemplate, ...). */
  isPod: boolean;
  /** Admission plugins enabled on the API server. */
  admissionPlugins: string[];
  /** Ephemeral container added through the `pods/ephemeralcontainers` subresource (kubectl debug). */
  addedViaSubresource?: boolean;
  /**
   * Minor version of the cluster (the context's kubeletVersion; the API server is taken to be at the same
   * minor). Decides whether image volumes exist for AlwaysPullImages to rewrite. Default: the newest modelled.
   */
  clusterMinor?: number;
}

/** KEP-4639: the image volume API, and with it AlwaysPullImages' handling of it, arrived in 1.31. */
const IMAGE_VOLUME_API_MINOR = 31;

/** declared -> default -> effective after admission, with one human-readable reason per step. */
export function resolvePullPolicy(input: ResolvePullPolicyInput): PullPolicyResolution {
  const ref = parseImageReference(input.image ?? '');
  const field = pullPolicyField(input.slotType);
  const defaulted = defaultPullPolicyForReference(ref);
  const reasons: string[] = [];

  // Step 1 — defaulting (pkg/apis/core/v1/defaults.go: SetDefaults_Container / SetDefaults_Volume):
  // only an empty field is filled; an explicit value is never changed (docs/kubernetes-semantics.md R1.1).
  let stored: PullPolicy;
  if (input.declared !== null) {
    stored = input.declared;
    reasons.push(
      `${field} is set to ${input.declared} in the manifest; defaulting only fills an empty field, so it is kept`,
    );
  } else {
    stored = defaulted;
    reasons.push(explainDefault(input.image, ref, input.slotType));
  }

  // Step 2 — admission (plugin/pkg/admission/alwayspullimages/admission.go).
  const effective = applyAdmission(stored, input, reasons);
  const admittedBy = effective === ADMITTED ? ALWAYS_PULL_IMAGES_PLUGIN : null;
  return {
    declared: input.declared,
    default: defaulted,
    effective: effective === ADMITTED ? 'Always' : effective,
    admittedBy,
    reasons,
  };
}

/** Marks "Always because AlwaysPullImages rewrote it" apart from a stored Always. */
const ADMITTED = 'admitted:Always' as const;

function applyAdmission(
  stored: PullPolicy,
  input: ResolvePullPolicyInput,
  reasons: string[],
): PullPolicy | typeof ADMITTED {
  if (!hasAlwaysPullImages(input.admissionPlugins)) {
    reasons.push(`no enabled admission plugin changes it, so the kubelet uses ${stored}`);
    return stored;
  }

  // plugin/pkg/admission/alwayspullimages/admission.go, Admit: volumes[].image.pullPolicy is forced as well,
  // but only releases with the image volume API (1.31+) have such volumes to rewrite.
  const minor = input.clusterMinor ?? NEWEST_MODELLED_MINOR;
  if (input.slotType === 'imageVolume' && minor < IMAGE_VOLUME_API_MINOR) {
    reasons.push(
      `image volumes do not exist before Kubernetes 1.${IMAGE_VOLUME_API_MINOR} (KEP-4639), so AlwaysPullImages of 1.${minor} does not rewrite image.pullPolicy; the kubelet would use ${stored}`,
    );
    return stored;
  }

  // docs/kubernetes-semantics.md R3.2/R3.6: shouldIgnore skips every subresource, including pods/ephemeralcontainers (kubectl debug).
  if (input.slotType === 'ephemeralContainer' && input.addedViaSubresource === true) {
    reasons.push(
      `this ephemeral container is added through the pods/ephemeralcontainers subresource (kubectl debug), which AlwaysPullImages ignores (shouldIgnore skips every subresource), so it keeps ${stored}`,
    );
    return stored;
  }

  const already = stored === 'Always' ? ' (it is already Always)' : '';
  if (!input.isPod) {
    // docs/kubernetes-semantics.md R3.2/B21: the plugin only handles the `pods` resource; the template is stored unchanged, but every
    // Pod the controller creates from it passes through Admit and is rewritten.
    reasons.push(
      `AlwaysPullImages does not change the workload template itself (it only handles Pod objects; the template stays ${stored}), but it rewrites every Pod created from it to Always${already}, so the kubelet uses Always`,
    );
    return ADMITTED;
  }

  // docs/kubernetes-semantics.md R3.4: Admit sets Always on init, regular and ephemeral containers on create (and on updates of the
  // main pods resource that introduce a new image, R3.3).
  if (input.slotType === 'ephemeralContainer') {
    reasons.push(
      `AlwaysPullImages rewrites it to Always when the Pod is written through the main pods resource${already}; note that ephemeral containers are normally added through the pods/ephemeralcontainers subresource (kubectl debug), which the plugin ignores`,
    );
    return ADMITTED;
  }
  if (input.slotType === 'imageVolume') {
    reasons.push(
      `AlwaysPullImages admission rewrites ${pullPolicyField(input.slotType)} to Always when the Pod is created${already}: since 1.${IMAGE_VOLUME_API_MINOR} its Admit visits image volumes after the containers (plugin/pkg/admission/alwayspullimages/admission.go)`,
    );
    return ADMITTED;
  }
  reasons.push(`AlwaysPullImages admission rewrites it to Always when the Pod is created${already}`);
  return ADMITTED;
}
