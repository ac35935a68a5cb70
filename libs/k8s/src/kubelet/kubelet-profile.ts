import type { ClusterContext, CredentialVerificationPolicy } from '../types.js';
import { parseAllowlist, type AllowlistMatching, type AllowlistPattern } from './credential-verification.js';
import { parseKubeletMinor } from './kubelet-version.js';

export const ENSURE_SECRET_PULLED_IMAGES_GATE = 'KubeletEnsureSecretPulledImages';
export const IMAGE_VOLUME_GATE = 'ImageVolume';

export interface FeatureGateState {
  /** False when the gate does not exist in this release. */
  available: boolean;
  enabled: boolean;
  stage: 'unavailable' | 'alpha' | 'beta' | 'stable';
  /** Whether `enabled` is the release default or set by `featureGates`. */
  source: 'default' | 'featureGates';
}

/** Version-dependent details of the kubelet image manager. */
export interface KubeletBehaviour {
  /** 1.32+: `Always` skips the CRI ImageStatus lookup (PR #126550, version inferred, docs/kubernetes-semantics.md §4.3). */
  alwaysSkipsLocalInspect: boolean;
  /** 1.30+: Pulled ends in `Image size: <bytes> bytes.` (PR #121719, CHANGELOG-1.30). */
  pulledEventHasImageSize: boolean;
  /** Gate on: "already present on machine and can be accessed by the pod" (docs/kubernetes-semantics.md §4.2 step 3). */
  presentEventMentionsPodAccess: boolean;
  /** 1.32+: the ImagePullBackOff status message appends the previous error (PR #127918, docs/kubernetes-semantics.md §4.4). */
  backOffMessageHasLastError: boolean;
  /** 1.32+: ImageInspectError message quotes the (empty) imageRef: `Failed to inspect image ""` (docs/kubernetes-semantics.md §4.2). */
  inspectErrorQuotesImageRef: boolean;
  /**
   * 1.37+: FailedToRetrieveImagePullSecret is recorded only when the pull then fails (PR #138432); before,
   * on every pod sync that could not read a listed pull secret, whether or not anything was pulled.
   */
  missingPullSecretEventOnlyOnFailedPull: boolean;
}

export interface KubeletProfile {
  /** "1.NN". */
  version: string;
  minor: number;
  /** True when the context named no version and the newest modelled one is assumed. */
  versionDefaulted: boolean;
  ensureSecretPulledImages: FeatureGateState;
  /** imagePullCredentialsVerificationPolicy in force; null when the gate is off (the setting is ignored). */
  credentialVerificationPolicy: CredentialVerificationPolicy | null;
  /** Valid preloadedImagesVerificationAllowlist entries. */
  verificationAllowlist: AllowlistPattern[];
  allowlistMatching: AllowlistMatching;
  imageVolume: FeatureGateState;
  behaviour: KubeletBehaviour;
  /** Settings that were ignored or that the kubelet would reject. */
  warnings: string[];
}

/** Facts about the kubelet from a cluster context. Throws KubeletVersionError for an unusable version. */
export function kubeletProfile(ctx: ClusterContext): KubeletProfile {
  const minor = parseKubeletMinor(ctx.kubeletVersion);
  const versionDefaulted = (ctx.kubeletVersion ?? '').trim() === '';
  const version = `1.${minor}`;
  const gates = ctx.featureGates ?? {};
  const warnings: string[] = [];

  const ensureSecret = ensureSecretPulledImagesGate(minor, gates[ENSURE_SECRET_PULLED_IMAGES_GATE], warnings);

  // pkg/kubelet/apis/config/v1beta1/defaults.go, SetDefaults_KubeletConfiguration (docs/kubernetes-semantics.md R5.2): the policy
  // defaults to NeverVerifyPreloadedImages, and only matters while the gate is on.
  let policy: CredentialVerificationPolicy | null = null;
  if (ensureSecret.enabled) {
    policy = ctx.credentialVerificationPolicy ?? 'NeverVerifyPreloadedImages';
  } else if (ctx.credentialVerificationPolicy !== undefined) {
    warnings.push(
      `imagePullCredentialsVerificationPolicy ${ctx.credentialVerificationPolicy} is ignored: the ${ENSURE_SECRET_PULLED_IMAGES_GATE} feature gate is off on kubelet ${version}`,
    );
  }

  // image_pull_policies.go, ValidateAllowlistImagesPatterns (docs/kubernetes-semantics.md R5.3).
  const allowlist = parseAllowlist(ctx.verificationAllowlist ?? []);
  if (ensureSecret.enabled) {
    for (const { entry, error } of allowlist.errors) {
      const hint = error.startsWith('neither tag nor digest')
        ? ' (entries must be fully qualified names such as "docker.io/library/nginx", or prefixes ending in "/*")'
        : '';
      warnings.push(
        `preloadedImagesVerificationAllowlist entry "${entry}" is rejected by the kubelet: ${error}${hint}`,
      );
    }
    if (policy !== 'NeverVerifyAllowlistedImages' && allowlist.patterns.length > 0) {
      warnings.push(
        `preloadedImagesVerificationAllowlist is only used by NeverVerifyAllowlistedImages; it has no effect under ${policy}`,
      );
    }
  }

  return {
    version,
    minor,
    versionDefaulted,
    ensureSecretPulledImages: ensureSecret,
    credentialVerificationPolicy: policy,
    verificationAllowlist: allowlist.patterns,
    // PR #137629 (CHANGELOG-1.36): familiar names such as "alpine" now match their fully qualified
    // allowlist entry; back-port to 1.35.x unknown.
    allowlistMatching: minor >= 36 ? 'normalized-name' : 'image-string',
    imageVolume: imageVolumeGate(minor, gates[IMAGE_VOLUME_GATE]),
    behaviour: {
      alwaysSkipsLocalInspect: minor >= 32,
      pulledEventHasImageSize: minor >= 30,
      presentEventMentionsPodAccess: ensureSecret.enabled,
      backOffMessageHasLastError: minor >= 32,
      inspectErrorQuotesImageRef: minor >= 32,
      missingPullSecretEventOnlyOnFailedPull: minor >= 37,
    },
    warnings: [...warnings, ...parallelPullWarnings(minor, ensureSecret.enabled, ctx.maxParallelImagePulls)],
  };
}

// pkg/kubelet/apis/config/validation/validation.go: the value must be positive. 1.35 and 1.36 size
// the pull manager's striped lock set by maxParallelImagePulls but allocate at most 31 stripes, so with
// KubeletEnsureSecretPulledImages on a value above 31 panics (index out of range in StripedLockSet.Lock,
// kubernetes/kubernetes#138935; fixed in 1.37 by PR #138937).
function parallelPullWarnings(minor: number, gateOn: boolean, value: number | undefined): string[] {
  if (value === undefined) return [];
  if (!Number.isInteger(value) || value < 1) {
    return [`maxParallelImagePulls ${value} is rejected by the kubelet: it must be a positive number`];
  }
  if (gateOn && value > 31 && (minor === 35 || minor === 36)) {
    return [
      `maxParallelImagePulls ${value} crashes kubelet 1.${minor} while ${ENSURE_SECRET_PULLED_IMAGES_GATE} is on: the image pull manager panics (index out of range in StripedLockSet.Lock, kubernetes/kubernetes#138935); use 31 or less, or kubelet 1.37+ (PR #138937)`,
    ];
  }
  return [];
}

// pkg/features/kube_features.go, KubeletEnsureSecretPulledImages: Alpha 1.33 (off), Beta 1.35 (on,
// PR #135228); still beta in 1.37 and 1.38 (KEP-2535 kep.yaml: stage beta, no stable milestone).
function ensureSecretPulledImagesGate(
  minor: number,
  override: boolean | undefined,
  warnings: string[],
): FeatureGateState {
  if (minor < 33) {
    if (override !== undefined) {
      warnings.push(
        `the ${ENSURE_SECRET_PULLED_IMAGES_GATE} feature gate does not exist before kubelet 1.33; the override is ignored`,
      );
    }
    return { available: false, enabled: false, stage: 'unavailable', source: 'default' };
  }
  const stage = minor >= 35 ? 'beta' : 'alpha';
  const byDefault = minor >= 35;
  if (override === undefined) return { available: true, enabled: byDefault, stage, source: 'default' };
  return { available: true, enabled: override, stage, source: 'featureGates' };
}

// pkg/features/kube_features.go, ImageVolume: Alpha 1.31 (off), Beta 1.33 (off), Beta 1.35 (on,
// PR #135195), GA 1.36 (PR #136711; KEP-4639 kep.yaml stable v1.36).
function imageVolumeGate(minor: number, override: boolean | undefined): FeatureGateState {
  if (minor < 31) return { available: false, enabled: false, stage: 'unavailable', source: 'default' };
  const stage = minor >= 36 ? 'stable' : minor >= 33 ? 'beta' : 'alpha';
  const byDefault = minor >= 35;
  if (override === undefined) return { available: true, enabled: byDefault, stage, source: 'default' };
  return { available: true, enabled: override, stage, source: 'featureGates' };
}

/** The profile used when a request gives no cluster facts: newest modelled kubelet, stock settings. */
export function defaultKubeletProfile(): KubeletProfile {
  return kubeletProfile({});
}
