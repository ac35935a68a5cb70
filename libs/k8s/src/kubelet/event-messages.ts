import type { KubeletEvent } from '../types.js';

// Event reasons, container waiting reasons and message templates of the kubelet image manager.
// `img` is always the container's `image` exactly as written in the spec (image_manager.go: every
// logIt call uses requestedImage; docs/kubernetes-semantics.md §4.5). Measured values are kept as placeholders.

/** pkg/kubelet/events/event.go. */
export const EventReason = {
  Pulling: 'Pulling', // PullingImage
  Pulled: 'Pulled', // PulledImage
  Failed: 'Failed', // FailedToPullImage, and kuberuntime's FailedToCreateContainer-style "Error: ..." event
  InspectFailed: 'InspectFailed', // FailedToInspectImage
  ErrImageNeverPull: 'ErrImageNeverPull', // ErrImageNeverPullPolicy
  BackOff: 'BackOff', // BackOffPullImage
  // Literal in pkg/kubelet/kubelet_pods.go, getPullSecretsForPod.
  FailedToRetrieveImagePullSecret: 'FailedToRetrieveImagePullSecret',
} as const;

/** Container `waiting.reason` values: pkg/kubelet/images/types.go and cri-api pkg/errors (docs/kubernetes-semantics.md §4.4). */
export const WaitingReason = {
  ErrImagePull: 'ErrImagePull',
  ImagePullBackOff: 'ImagePullBackOff',
  ImageInspectError: 'ImageInspectError',
  ErrImageNeverPull: 'ErrImageNeverPull',
  InvalidImageName: 'InvalidImageName',
  RegistryUnavailable: 'RegistryUnavailable',
  SignatureValidationFailed: 'SignatureValidationFailed',
} as const;

export const DURATION_PLACEHOLDER = '<duration>';
export const BYTES_PLACEHOLDER = '<bytes>';

/** image_manager.go, pullImage: before each CRI pull. */
export function pullingEvent(img: string): KubeletEvent {
  return { type: 'Normal', reason: EventReason.Pulling, message: `Pulling image "${img}"` };
}

/**
 * image_manager.go, pullImage on success. "(… including waiting)" since PR #111772 (2022); the
 * `Image size: <n> bytes.` suffix since 1.30 (PR #121719, CHANGELOG-1.30).
 */
export function pulledEvent(img: string, withImageSize: boolean): KubeletEvent {
  const base = `Successfully pulled image "${img}" in ${DURATION_PLACEHOLDER} (${DURATION_PLACEHOLDER} including waiting)`;
  return {
    type: 'Normal',
    reason: EventReason.Pulled,
    message: withImageSize ? `${base}. Image size: ${BYTES_PLACEHOLDER} bytes.` : base,
  };
}

/** image_manager.go, EnsureImageExists, image present and no pull (gate off / gate on and verified). */
export function alreadyPresentEvent(img: string, mentionsPodAccess: boolean): KubeletEvent {
  const suffix = mentionsPodAccess ? ' and can be accessed by the pod' : '';
  return {
    type: 'Normal',
    reason: EventReason.Pulled,
    message: `Container image "${img}" already present on machine${suffix}`,
  };
}

/**
 * image_manager.go, imageNotPresentOnNeverPolicyError: the same text whether the image is absent or present
 * but not verifiable (it deliberately hides the image's presence).
 */
export function neverPullMessage(img: string): string {
  return `Container image "${img}" is not present with pull policy of Never`;
}

export function neverPullEvent(img: string): KubeletEvent {
  return { type: 'Warning', reason: EventReason.ErrImageNeverPull, message: neverPullMessage(img) };
}

/** image_manager.go, EnsureImageExists step 1 (applyDefaultImageTag failed); `error` is the library's text. */
export function invalidImageNameMessage(img: string, error: string): string {
  return `Failed to apply default image tag "${img}": couldn't parse image name "${img}": ${error}`;
}

export function invalidImageNameEvent(img: string, error: string): KubeletEvent {
  return { type: 'Warning', reason: EventReason.InspectFailed, message: invalidImageNameMessage(img, error) };
}

/** pkg/kubelet/kuberuntime/kuberuntime_container.go, startContainer: on every failed EnsureImageExists. */
export function startContainerFailedEvent(waitingReason: string): KubeletEvent {
  return { type: 'Warning', reason: EventReason.Failed, message: `Error: ${waitingReason}` };
}

/** image_manager.go, pullImage on failure (B14, B18, B19). */
export function failedToPullEvent(img: string, err: string): KubeletEvent {
  return { type: 'Warning', reason: EventReason.Failed, message: `Failed to pull image "${img}": ${err}` };
}

/** image_manager.go, pullImage inside the back-off window: the event never carries the previous error. */
export function backOffEvent(img: string): KubeletEvent {
  return { type: 'Normal', reason: EventReason.BackOff, message: `Back-off pulling image "${img}"` };
}

/**
 * Container `waiting.message` during ImagePullBackOff (B15): 1.32+ appends `: <reason>: <message>` of the
 * previous failure (PR #127918, confirmed by the v1.32 release blog); ≤1.31 does not.
 */
export function backOffStatusMessage(
  img: string,
  previous: { reason: string; message: string } | null,
  withLastError: boolean,
): string {
  const base = `Back-off pulling image "${img}"`;
  return withLastError && previous !== null ? `${base}: ${previous.reason}: ${previous.message}` : base;
}

/**
 * ImageInspectError (B17): CRI ImageStatus failed. 1.32+ quotes the (empty) imageRef, so the text reads
 * `Failed to inspect image "": <err>`; ≤1.31 quoted the container image.
 */
export function inspectFailedMessage(img: string, err: string, quotesImageRef: boolean): string {
  return `Failed to inspect image "${quotesImageRef ? '' : img}": ${err}`;
}

export function inspectFailedEvent(img: string, err: string, quotesImageRef: boolean): KubeletEvent {
  return {
    type: 'Warning',
    reason: EventReason.InspectFailed,
    message: inspectFailedMessage(img, err, quotesImageRef),
  };
}

/** image_manager.go, evalCRIPullErr: runtime error text starting with `RegistryUnavailable` (docs/kubernetes-semantics.md §4.4). */
export function registryUnavailableMessage(img: string, detail?: string): string {
  return `image pull failed for ${img} because the registry is unavailable${detail ? `: ${detail}` : ''}`;
}

/** image_manager.go, evalCRIPullErr: runtime error text starting with `SignatureValidationFailed` (B19). */
export function signatureValidationFailedMessage(img: string, detail?: string): string {
  return `image pull failed for ${img} because the signature validation failed${detail ? `: ${detail}` : ''}`;
}

/** registryPullQPS exhausted (pkg/kubelet/images/throttled_puller.go): fails at once with ErrImagePull (B18). */
export const PULL_QPS_EXCEEDED = 'pull QPS exceeded';

/** image_manager.go, pullImage with the gate on: the intent record could not be written. */
export function recordPullIntentFailedMessage(img: string, err: string): string {
  return `Failed to record image pull intent for container image "${img}": ${err}`;
}

/**
 * pkg/kubelet/kubelet_pods.go, getPullSecretsForPod: a listed pull secret could not be read (missing, or not
 * yet visible to the kubelet); the names are joined with ", ". When it is recorded depends on the release:
 * see KubeletBehaviour.missingPullSecretEventOnlyOnFailedPull (PR #138432).
 */
export function failedToRetrieveImagePullSecretEvent(secretNames: readonly string[]): KubeletEvent {
  return {
    type: 'Warning',
    reason: EventReason.FailedToRetrieveImagePullSecret,
    message: `Unable to retrieve some image pull secrets (${secretNames.join(', ')}); attempting to pull the image may not succeed.`,
  };
}
