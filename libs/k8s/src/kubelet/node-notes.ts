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
    if (input.profile.minor === 29 || input.profile.minor === 30) {
      notes.push(
        `Whether the Pulled event of kubelet ${input.profile.version} already ends in "Image size: <bytes> bytes." is UNCONFIRMED (PR #121719, merged January 2024; modelled as 1.30+).`,
      );
    }
  }
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

// Spec §8(a) notes #18–#20 (R1.11): without a "/" the whole string is a Docker Hub official image.
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
      `The ImageVolume feature gate is off on kubelet ${profile.version} (alpha 1.31, beta 1.33, on by default from 1.35); it must be enabled on the API server and the kubelet, and the container runtime must support image mounts.`,
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
      return;
    case 'AlwaysVerify':
      notes.push(
        `KEP-2535 (AlwaysVerify): every cached image needs proof of credentials${input.preloaded ? ', including this preloaded one, which has no pull record' : ''}; without it the image ${failing}.`,
      );
      return;
    case 'NeverVerifyAllowlistedImages':
      allowlistNotes(input, failing, notes);
      return;
    case null:
      return;
  }
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
  // PR #137629 (merged March 2026 → 1.36, inferred; back-port UNCONFIRMED), spec §5.3.
  if (profile.allowlistMatching === 'image-string' && !now && match('normalized-name')) {
    notes.push(
      `Kubelet ${profile.version} compares the image string as written with the allowlist, so "${img}" does not match the fully qualified entry; 1.36 (PR #137629, version inferred) compares the normalised name and would match. Whether 1.35.x patch releases carry the fix is UNCONFIRMED.`,
    );
  } else if (profile.allowlistMatching === 'normalized-name' && now && !match('image-string')) {
    notes.push(
      `This match relies on the allowlist fix of PR #137629 (normalised names, 1.36 inferred, UNCONFIRMED); kubelets up to 1.35 compare the image string as written and would not match "${img}".`,
    );
  }
}

// plugin/pkg/admission/serviceaccount/admission.go, Plugin.Admit (R6.2); keyring R6.3.
function pullSecretNote(input: PredictNodeBehaviourInput, notes: string[]): void {
  const registry = input.ref.registry ?? 'the registry';
  notes.push(
    input.hasPullSecrets
      ? "The pod lists its own imagePullSecrets, so its ServiceAccount's imagePullSecrets are not added (ServiceAccount admission copies them only into Pods that list none)."
      : `The pod lists no imagePullSecrets: pulls from ${registry} use node credentials (config.json, credential-provider plugins) or go anonymous, and fail with ErrImagePull if the image is private — unless the ServiceAccount has imagePullSecrets, which ServiceAccount admission copies into Pods that list none, at creation only.`,
  );
}

// pkg/kubelet/kubelet.go, imageBackOffPeriod / MaxImageBackOff; client-go flowcontrol.Backoff (R4.7, R4.8).
function backOffNote(input: PredictNodeBehaviourInput, notes: string[]): void {
  notes.push(
    `A failed pull is retried with back-off per pod and image: 10 s, doubling up to 300 s; the container alternates between ErrImagePull and ImagePullBackOff${input.profile.behaviour.backOffMessageHasLastError ? ', and the ImagePullBackOff message repeats the last pull error' : ''}.`,
  );
}
