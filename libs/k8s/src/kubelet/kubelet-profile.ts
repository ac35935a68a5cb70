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
  /** 1.32+: `Always` skips the CRI ImageStatus lookup (PR #126550, version inferred, spec §4.3). */
  alwaysSkipsLocalInspect: boolean;
  /** ~1.30+: Pulled ends in `Image size: <bytes> bytes.` (PR #121719, version UNCONFIRMED, spec §4.5). */
  pulledEventHasImageSize: boolean;
  /** Gate on: "already present on machine and can be accessed by the pod" (spec §4.2 step 3). */
  presentEventMentionsPodAccess: boolean;
  /** 1.32+: the ImagePullBackOff status message appends the previous error (PR #127918, spec §4.4). */
  backOffMessageHasLastError: boolean;
  /** 1.32+: ImageInspectError message quotes the (empty) imageRef: `Failed to inspect image ""` (spec §4.2). */
  inspectErrorQuotesImageRef: boolean;
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

  // pkg/kubelet/apis/config/v1beta1/defaults.go, SetDefaults_KubeletConfiguration (R5.2): the policy
  // defaults to NeverVerifyPreloadedImages, and only matters while the gate is on.
  let policy: CredentialVerificationPolicy | null = null;
  if (ensureSecret.enabled) {
    policy = ctx.credentialVerificationPolicy ?? 'NeverVerifyPreloadedImages';
  } else if (ctx.credentialVerificationPolicy !== undefined) {
    warnings.push(
      `imagePullCredentialsVerificationPolicy ${ctx.credentialVerificationPolicy} is ignored: the ${ENSURE_SECRET_PULLED_IMAGES_GATE} feature gate is off on kubelet ${version}`,
    );
  }

  // image_pull_policies.go, ValidateAllowlistImagesPatterns (R5.3).
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
    // PR #137629 "Image Pulling Authorization: fix the allowlisting policy" (merged March 2026 → 1.36,
    // inferred; back-port to 1.35.x UNCONFIRMED), spec §5.3.
    allowlistMatching: minor >= 36 ? 'normalized-name' : 'image-string',
    imageVolume: imageVolumeGate(minor, gates[IMAGE_VOLUME_GATE]),
    behaviour: {
      alwaysSkipsLocalInspect: minor >= 32,
      pulledEventHasImageSize: minor >= 30,
      presentEventMentionsPodAccess: ensureSecret.enabled,
      backOffMessageHasLastError: minor >= 32,
      inspectErrorQuotesImageRef: minor >= 32,
    },
    warnings,
  };
}

// pkg/features/kube_features.go, KubeletEnsureSecretPulledImages (R5.1): Alpha 1.33 (off), Beta 1.35 (on);
// still beta in 1.37 (KEP-2535 kep.yaml latest-milestone v1.37).
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

// pkg/features/kube_features.go, ImageVolume (R2.5): Alpha 1.31 (off), Beta 1.33 (off), Beta 1.35 (on);
// GA 1.36 per KEP-4639 kep.yaml (code flip UNCONFIRMED).
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
