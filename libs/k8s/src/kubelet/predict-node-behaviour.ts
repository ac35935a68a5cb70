import type { ImageReference, NodeBehaviour, NodeOutcome, PullPolicy, SlotType } from '../types.js';
import { matchesAllowlist, requiresCredentialVerification } from './credential-verification.js';
import {
  WaitingReason,
  alreadyPresentEvent,
  invalidImageNameEvent,
  neverPullEvent,
  pulledEvent,
  pullingEvent,
  startContainerFailedEvent,
} from './event-messages.js';
import type { KubeletProfile } from './kubelet-profile.js';
import { nodeNotes } from './node-notes.js';

export interface PredictNodeBehaviourInput {
  /** The image string exactly as written in the manifest (events quote it verbatim); null when absent. */
  image: string | null;
  ref: ImageReference;
  /** Effective policy, after defaulting and admission. */
  policy: PullPolicy;
  slotType: SlotType;
  profile: KubeletProfile;
  hasPullSecrets: boolean;
  /** The image is in the cluster profile's preloadedImages (on the node without a kubelet pull record). */
  preloaded: boolean;
}

/** Whose credentials got a present image onto the node, as far as KEP-2535 is concerned. */
export type PresentImageOrigin =
  /**
   * Pulled by the kubelet anonymously, with node credentials, or with credentials this pod holds: a matching
   * pull secret, or its ServiceAccount when a credential provider pulled with service-account tokens (B3, B7).
   */
  | 'pod-credentials'
  /** On the node without kubelet pull records (B4, B5, B12). */
  | 'preloaded'
  /** Pulled by the kubelet with credentials this pod cannot prove (B6, B11). */
  | 'other-credentials';

/** The kubelet's action for one container (or image volume) with the image absent, present, present-unverified. */
export function predictNodeBehaviour(input: PredictNodeBehaviourInput): NodeBehaviour {
  const { profile } = input;
  const img = input.image ?? '';
  const verificationActive =
    profile.ensureSecretPulledImages.enabled &&
    profile.credentialVerificationPolicy !== null &&
    profile.credentialVerificationPolicy !== 'NeverVerify';

  // image_manager.go, EnsureImageExists step 1: applyDefaultImageTag fails → InvalidImageName, whatever
  // the policy or the node's cache (B16). No pull and no back-off.
  if (img === '' || input.ref.error !== null) {
    const invalid = invalidOutcome(img, input.ref.error ?? 'invalid reference format');
    const behaviour: NodeBehaviour = {
      imageAbsent: invalid,
      imagePresent: invalid,
      imagePresentUnverified: verificationActive ? invalid : null,
      notes: [],
    };
    behaviour.notes = nodeNotes(input, behaviour);
    return behaviour;
  }

  const behaviour: NodeBehaviour = {
    imageAbsent: absentOutcome(input),
    imagePresent: presentOutcome(input, input.preloaded ? 'preloaded' : 'pod-credentials'),
    imagePresentUnverified: verificationActive ? presentOutcome(input, 'other-credentials') : null,
    notes: [],
  };
  behaviour.notes = nodeNotes(input, behaviour);
  return behaviour;
}

// image_manager.go, imagePullPrecheck + EnsureImageExists (docs/kubernetes-semantics.md §4.2 steps 2 and 4): an absent image is
// pulled under Always/IfNotPresent; Never fails with ErrImageNeverPull (B1, B9, B13).
function absentOutcome(input: PredictNodeBehaviourInput): NodeOutcome {
  return input.policy === 'Never' ? neverPullOutcome(input.image ?? '') : pullOutcome(input);
}

/**
 * A present image (docs/kubernetes-semantics.md §4.2 step 3, §4.3, §5.3):
 * - Always: pulled on every start, never "already present" (B13; 1.32+ skips even the local lookup,
 *   ≤1.31 inspected first and pulled anyway — shouldPullImage).
 * - IfNotPresent/Never with the gate off: used as is (B2, B10).
 * - Gate on: MustAttemptImagePull decides; "must pull" means a real pull for IfNotPresent and
 *   ErrImageNeverPull (with the "is not present" text) for Never (B5, B6, B11).
 */
function presentOutcome(input: PredictNodeBehaviourInput, origin: PresentImageOrigin): NodeOutcome {
  if (input.policy === 'Always') return pullOutcome(input);
  if (!mustAttemptImagePull(input, origin)) return useLocalOutcome(input);
  return input.policy === 'Never' ? neverPullOutcome(input.image ?? '') : pullOutcome(input);
}

/**
 * pkg/kubelet/images/pullmanager/image_pull_manager.go, MustAttemptImagePull (docs/kubernetes-semantics.md §5.3), reduced to the
 * origin of the cached image: policy exemption first (isExemptedByPolicy / RequireCredentialVerificationForImage),
 * then "no pull record → must pull" for preloaded images, "matching credentials → allowed" otherwise.
 */
export function mustAttemptImagePull(input: PredictNodeBehaviourInput, origin: PresentImageOrigin): boolean {
  const { profile } = input;
  const policy = profile.credentialVerificationPolicy;
  if (!profile.ensureSecretPulledImages.enabled || policy === null) return false;
  const allowlisted =
    policy === 'NeverVerifyAllowlistedImages' &&
    matchesAllowlist(input.image ?? '', input.ref, profile.verificationAllowlist, profile.allowlistMatching);
  const pulledByKubelet = origin !== 'preloaded';
  if (!requiresCredentialVerification(policy, pulledByKubelet, allowlisted)) return false;
  return origin !== 'pod-credentials';
}

function pullOutcome(input: PredictNodeBehaviourInput): NodeOutcome {
  const img = input.image ?? '';
  return {
    action: 'pull',
    contactsRegistry: true,
    reason: null,
    events: [pullingEvent(img), pulledEvent(img, input.profile.behaviour.pulledEventHasImageSize)],
  };
}

function useLocalOutcome(input: PredictNodeBehaviourInput): NodeOutcome {
  return {
    action: 'use-local',
    contactsRegistry: false,
    reason: null,
    events: [alreadyPresentEvent(input.image ?? '', input.profile.behaviour.presentEventMentionsPodAccess)],
  };
}

// image_manager.go, imageNotPresentOnNeverPolicyError; kuberuntime_container.go, startContainer (docs/kubernetes-semantics.md R4.1).
function neverPullOutcome(img: string): NodeOutcome {
  return {
    action: 'fail',
    contactsRegistry: false,
    reason: WaitingReason.ErrImageNeverPull,
    events: [neverPullEvent(img), startContainerFailedEvent(WaitingReason.ErrImageNeverPull)],
  };
}

function invalidOutcome(img: string, error: string): NodeOutcome {
  return {
    action: 'fail',
    contactsRegistry: false,
    reason: WaitingReason.InvalidImageName,
    events: [invalidImageNameEvent(img, error), startContainerFailedEvent(WaitingReason.InvalidImageName)],
  };
}
