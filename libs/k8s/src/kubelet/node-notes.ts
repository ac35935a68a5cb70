import type { NodeBehaviour } from '../types.js';
import { matchesAllowlist, type AllowlistMatching } from './credential-verification.js';
import type { PredictNodeBehaviourInput } from './predict-node-behaviour.js';

// Short sentences for a platform engineer, chosen by relevance (pull policy, kubelet profile, slot).

export function nodeNotes(input: PredictNodeBehaviourInput, behaviour: NodeBehaviour): string[] {
  const img = input.image ?? '';
  if (img === '' || input.ref.error !== null) return invalidNotes(input);

  const notes: string[] = [];
  const outcomes = [behaviour.imageAbsent, behaviour.imagePresent, behaviour.imagePresentUnverified];
  const mayPull = outcomes.some((o) => o !== null && o.contactsRegistry);

  hubNameNote(img, notes);
  if (input.slotType === 'imageVolume') imageVolumeNotes(input, notes);
  if (input.policy === 'Always') alwaysNotes(input, notes);
  if (input.policy === 'Never') neverNotes(input, notes);
  if (input.policy !== 'Always') credentialVerificationNotes(input, notes);
  if (mayPull) {
    pullSecretNote(input, notes);
    backOffNote(input, notes);
  }
  if (input.hasPullSecrets) missingPullSecretNote(input, mayPull, notes);
  return notes;
}

function invalidNotes(input: PredictNodeBehaviourInput): string[] {
  const img = input.image ?? '';
  const volume = input.slotType === 'imageVolume';
  if (img === '') {
    return volume
      ? [
          'The image volume has no reference: the API server rejects this for Pods (image.reference: Required value, validateImageVolumeSource); a workload template may leave it empty for a controller to fill in.',
        ]
      : [
          'The image is empty: the API server rejects it (image: Required value, pkg/apis/core/validation/validation.go validateContainerCommon), so no node ever sees this container.',
        ];
  }
  if (img !== img.trim()) {
    return [
      'The image has leading or trailing whitespace: the API server rejects such Pods (validateContainerOnlyForPod); a workload template passes validation, but every Pod it creates is rejected.',
    ];
  }
  return [
    `The image reference does not parse (${input.ref.error ?? 'invalid reference format'}). The API server does not check reference syntax, so the object is accepted; the kubelet then refuses the ${volume ? 'volume' : 'container'} with InvalidImageName on every sync, without pulling and without back-off (image_manager.go, applyDefaultImageTag).`,
  ];
}

// docs/kubernetes-semantics.md vectors A18–A20 (R1.11): without a "/" the whole string is a Docker Hub official image.
function hubNameNote(img: string, notes: string[]): void {
  if (img.includes('/')) return;
  const name = img.split(/[:@]/, 1)[0] ?? '';
  if (name !== 'localhost' && !name.includes('.')) return;
  const tag = !img.includes('@') && img.includes(':') ? img.slice(name.length + 1) : null;
  const what = tag === null ? `docker.io/library/${name}` : `docker.io/library/${name} with tag "${tag}"`;
  const registry = tag === null ? name : `${name}:${tag}`;
  notes.push(
    `"${img}" has no "/", so it is the Docker Hub image ${what}, not a registry address; to pull from that registry write "${registry}/<repository>:<tag>".`,
  );
}

function imageVolumeNotes(input: PredictNodeBehaviourInput, notes: string[]): void {
  const { profile } = input;
  const gate = profile.imageVolume;
  if (!gate.available) {
    notes.push(
      `Kubelet ${profile.version} has no image volumes (the ImageVolume feature starts as alpha in 1.31, KEP-4639); the volume cannot be mounted.`,
    );
    return;
  }
  if (!gate.enabled) {
    notes.push(
      `The ImageVolume feature gate is off on kubelet ${profile.version} (alpha 1.31, beta 1.33, on by default from 1.35, GA in 1.36); it must be enabled on the API server and the kubelet, and the container runtime must support image mounts.`,
    );
  }
  notes.push(
    'The image volume is pulled once per pod sync before any container starts, with the same pull policy rules and credentials as containers; a failure blocks every container that mounts it (event attribution UNCONFIRMED).',
  );
}

function alwaysNotes(input: PredictNodeBehaviourInput, notes: string[]): void {
  const { profile } = input;
  notes.push(
    'Always asks the container runtime to pull on every container start and restart (image_manager.go, EnsureImageExists): if the registry is down or the credentials are revoked, the container cannot start or restart (ErrImagePull, then ImagePullBackOff) even though the image is cached.',
  );
  if (!profile.behaviour.alwaysSkipsLocalInspect) {
    notes.push(
      `Kubelet ${profile.version} still inspects the local image before pulling with Always (1.32 dropped that lookup), so a CRI inspect error gives ImageInspectError even with Always.`,
    );
  }
  if (input.ref.digest !== null) {
    notes.push(
      'The image is pinned by digest, so its content cannot change; whether the runtime still contacts the registry for a cached digest is runtime-specific (UNCONFIRMED).',
    );
  }
  if (profile.ensureSecretPulledImages.enabled && profile.credentialVerificationPolicy !== 'NeverVerify') {
    notes.push(
      `KubeletEnsureSecretPulledImages is on (${profile.credentialVerificationPolicy}): the kubelet itself checks credentials for cached images under IfNotPresent and Never (KEP-2535), so forcing Always, for example with AlwaysPullImages, is no longer needed to stop pods from using private images pulled by other tenants.`,
    );
  }
}

function neverNotes(input: PredictNodeBehaviourInput, notes: string[]): void {
  notes.push(
    `Never never pulls: the image must already be on every node the pod can run on${input.preloaded ? '' : ", and it is not in the cluster profile's preloaded images"}; ErrImageNeverPull has no back-off and is re-evaluated on every pod sync.`,
  );
}

function credentialVerificationNotes(input: PredictNodeBehaviourInput, notes: string[]): void {
  const { profile } = input;
  const gate = profile.ensureSecretPulledImages;
  if (!gate.enabled) {
    const howToEnable = !gate.available
      ? 'it exists from 1.33 (alpha) and is on by default from 1.35'
      : gate.source === 'featureGates'
        ? 'it is switched off in featureGates'
        : `it is alpha on ${profile.version} and can be enabled in featureGates`;
    notes.push(
      `KubeletEnsureSecretPulledImages is off on kubelet ${profile.version} (${howToEnable}): any pod scheduled to a node can use a cached copy of this image without holding credentials for it (kubernetes/kubernetes#18787).`,
    );
    return;
  }

  if (gate.stage === 'alpha')
    notes.push(`KubeletEnsureSecretPulledImages is alpha on ${profile.version} and enabled through featureGates.`);
  const policy = profile.credentialVerificationPolicy;
  const failing =
    input.policy === 'Never'
      ? 'fails with ErrImageNeverPull although the image is present'
      : "is pulled again with the pod's own credentials";

  switch (policy) {
    case 'NeverVerify':
      notes.push(
        'imagePullCredentialsVerificationPolicy is NeverVerify: any pod may use any cached image, as with the gate off; only the event text differs.',
      );
      return;
    case 'NeverVerifyPreloadedImages':
      notes.push(
        `KEP-2535 (NeverVerifyPreloadedImages): a cached image that the kubelet pulled with credentials this pod cannot prove ${failing}. Images without pull records (preloaded, or pulled before the gate was on or the node was upgraded) stay usable by every pod until garbage-collected.`,
      );
      credentialProofNote(input, notes);
      return;
    case 'AlwaysVerify':
      notes.push(
        `KEP-2535 (AlwaysVerify): every cached image needs proof of credentials${input.preloaded ? ', including this preloaded one, which has no pull record' : ''}; without it the image ${failing}.`,
      );
      credentialProofNote(input, notes);
      return;
    case 'NeverVerifyAllowlistedImages':
      allowlistNotes(input, failing, notes);
      credentialProofNote(input, notes);
      return;
    case null:
      return;
  }
}

// pkg/kubelet/images/pullmanager/image_pull_manager.go, MustAttemptImagePull: the pulled record is matched
// in this order: node-accessible, secret credential hash, secret coordinates (a rotated secret), then the
// pod's service account, recorded when a credential provider pulled with service-account tokens (KEP-4412:
// alpha 1.33, beta and on by default since 1.34).
function credentialProofNote(input: PredictNodeBehaviourInput, notes: string[]): void {
  const { minor, version } = input.profile;
  const serviceAccount =
    minor >= 34
      ? "; or the pod's ServiceAccount (namespace, name, UID) when a kubelet credential provider pulled the image with service-account tokens (KEP-4412, on by default since 1.34)"
      : `; on ${version} service-account tokens for credential providers (KEP-4412) are alpha and off by default, so only secrets and node credentials count`;
  notes.push(
    `What counts as proof for a cached image: it was pulled anonymously or with node credentials (open to every pod); or one of the pod's pull secrets carries the same credentials, or is the very Secret (namespace, name, UID) used for the pull even after its content was rotated${serviceAccount}.`,
  );
}

function allowlistNotes(input: PredictNodeBehaviourInput, failing: string, notes: string[]): void {
  const { profile } = input;
  const img = input.image ?? '';
  const match = (m: AllowlistMatching) => matchesAllowlist(img, input.ref, profile.verificationAllowlist, m);
  const now = match(profile.allowlistMatching);
  notes.push(
    now
      ? 'KEP-2535 (NeverVerifyAllowlistedImages): the image matches preloadedImagesVerificationAllowlist, so cached copies are used without checking credentials.'
      : `KEP-2535 (NeverVerifyAllowlistedImages): the image is not in preloadedImagesVerificationAllowlist, so every cached copy needs proof of credentials; without it the image ${failing}.`,
  );
  // PR #137629 (CHANGELOG-1.36); whether 1.35 patch releases carry it is not known.
  if (profile.allowlistMatching === 'image-string' && !now && match('normalized-name')) {
    notes.push(
      `Kubelet ${profile.version} compares the image string as written with the allowlist, so "${img}" does not match the fully qualified entry; 1.36 fixed this for familiar names (PR #137629) and would match. Whether 1.35.x patch releases carry the fix is not known.`,
    );
  } else if (profile.allowlistMatching === 'normalized-name' && now && !match('image-string')) {
    notes.push(
      `This match relies on the allowlist fix of 1.36 for familiar names (PR #137629); kubelets up to 1.35 compare the image string as written and would not match "${img}".`,
    );
  }
}

// plugin/pkg/admission/serviceaccount/admission.go, Plugin.Admit (docs/kubernetes-semantics.md R6.2); keyring R6.3.
function pullSecretNote(input: PredictNodeBehaviourInput, notes: string[]): void {
  const registry = input.ref.registry ?? 'the registry';
  notes.push(
    input.hasPullSecrets
      ? "The pod lists its own imagePullSecrets, so its ServiceAccount's imagePullSecrets are not added (ServiceAccount admission copies them only into Pods that list none)."
      : `The pod lists no imagePullSecrets: pulls from ${registry} use node credentials (config.json, credential-provider plugins) or go anonymous, and fail with ErrImagePull if the image is private — unless the ServiceAccount has imagePullSecrets, which ServiceAccount admission copies into Pods that list none, at creation only.`,
  );
}

// pkg/kubelet/kubelet_pods.go, getPullSecretsForPod (the FailedToRetrieveImagePullSecret event); PR #138432
// (1.37) moved it behind a failed pull.
function missingPullSecretNote(input: PredictNodeBehaviourInput, mayPull: boolean, notes: string[]): void {
  const { profile } = input;
  const event =
    'Warning FailedToRetrieveImagePullSecret "Unable to retrieve some image pull secrets (<names>); attempting to pull the image may not succeed."';
  if (profile.behaviour.missingPullSecretEventOnlyOnFailedPull) {
    if (!mayPull) return;
    notes.push(
      `If a listed imagePullSecret does not exist, kubelet ${profile.version} records ${event} only when the pull then fails (PR #138432).`,
    );
    return;
  }
  notes.push(
    `If a listed imagePullSecret does not exist, kubelet ${profile.version} records ${event} on every pod sync, even when the cached image is used or the pull succeeds; from 1.37 only a failed pull records it (PR #138432).`,
  );
}

// pkg/kubelet/kubelet.go, imageBackOffPeriod / MaxImageBackOff; client-go flowcontrol.Backoff (docs/kubernetes-semantics.md R4.7, R4.8).
function backOffNote(input: PredictNodeBehaviourInput, notes: string[]): void {
  notes.push(
    `A failed pull is retried with back-off per pod and image: 10 s, doubling up to 300 s; the container alternates between ErrImagePull and ImagePullBackOff${input.profile.behaviour.backOffMessageHasLastError ? ', and the ImagePullBackOff message repeats the last pull error' : ''}.`,
  );
}
