import { describe, expect, it } from 'vitest';
import { kubeletProfile } from './kubelet-profile.js';
import {
  DEFAULT_KUBELET_VERSION,
  KubeletVersionError,
  SUPPORTED_KUBELET_VERSIONS,
  parseKubeletMinor,
} from './kubelet-version.js';

describe('kubelet version parsing', () => {
  it.each([
    ['1.27', 27],
    ['1.33', 33],
    ['v1.33', 33],
    ['1.33.2', 33],
    ['v1.35.0', 35],
    [' 1.36 ', 36],
    ['v1.30.4-gke.1348000', 30],
    ['1.29.3+k3s1', 29],
    ['1.37', 37],
    ['1.38', 38],
    ['v1.38.0-rc.1', 38],
  ])('accepts %j', (input, minor) => {
    expect(parseKubeletMinor(input)).toBe(minor);
    expect(kubeletProfile({ kubeletVersion: input }).version).toBe(`1.${minor}`);
  });

  it('defaults to the newest modelled version (1.35 or later, spec §7)', () => {
    expect(DEFAULT_KUBELET_VERSION).toBe('1.38');
    const p = kubeletProfile({});
    expect(p).toMatchObject({
      version: '1.38',
      versionDefaulted: true,
      credentialVerificationPolicy: 'NeverVerifyPreloadedImages',
    });
    expect(p.ensureSecretPulledImages.enabled).toBe(true);
    expect(kubeletProfile({ kubeletVersion: '' }).versionDefaulted).toBe(true);
    expect(kubeletProfile({ kubeletVersion: '1.35' }).versionDefaulted).toBe(false);
  });

  it('lists 1.27 to 1.38 as supported', () => {
    expect(SUPPORTED_KUBELET_VERSIONS[0]).toBe('1.27');
    expect(SUPPORTED_KUBELET_VERSIONS.at(-1)).toBe('1.38');
    expect(SUPPORTED_KUBELET_VERSIONS).toHaveLength(12);
  });

  // CHANGELOG-1.38 (v1.38.0-alpha.1) lists no image-pull change: 1.38 behaves exactly as 1.37.
  it('1.38 has the gates, defaults and behaviours of 1.37', () => {
    const strip = (p: ReturnType<typeof kubeletProfile>) => ({ ...p, version: '', minor: 0 });
    for (const ctx of [
      {},
      { featureGates: { KubeletEnsureSecretPulledImages: false, ImageVolume: false } },
      { credentialVerificationPolicy: 'AlwaysVerify' as const, maxParallelImagePulls: 64 },
    ]) {
      expect(strip(kubeletProfile({ ...ctx, kubeletVersion: '1.38' }))).toEqual(
        strip(kubeletProfile({ ...ctx, kubeletVersion: '1.37' })),
      );
    }
  });

  it.each([
    '1.26',
    '1.39',
    '2.0',
    '0.35',
    '1.9',
    'latest',
    'v1',
    '1',
    '1.x',
    'one.thirty',
    '1.35.',
    '1..35',
    'v 1.35',
    '1.35.2.1',
  ])('rejects %j with KubeletVersionError', (input) => {
    expect(() => kubeletProfile({ kubeletVersion: input })).toThrow(KubeletVersionError);
    try {
      kubeletProfile({ kubeletVersion: input });
    } catch (e) {
      const err = e as KubeletVersionError;
      expect(err.name).toBe('KubeletVersionError');
      expect(err).toBeInstanceOf(Error);
      expect(err.input).toBe(input.trim());
      expect(err.message).toContain('supported versions are 1.27 to 1.38');
      expect(err.message).toContain(`"${input.trim()}"`);
    }
  });
});

// pkg/features/kube_features.go KubeletEnsureSecretPulledImages: alpha 1.33 (off), beta 1.35 (on) — docs/kubernetes-semantics.md R5.1.
describe('KubeletEnsureSecretPulledImages gate', () => {
  const G = 'KubeletEnsureSecretPulledImages';
  it.each([
    ['1.27', undefined, false, 'unavailable'],
    ['1.32', undefined, false, 'unavailable'],
    ['1.32', true, false, 'unavailable'],
    ['1.33', undefined, false, 'alpha'],
    ['1.33', true, true, 'alpha'],
    ['1.34', undefined, false, 'alpha'],
    ['1.34', true, true, 'alpha'],
    ['1.35', undefined, true, 'beta'],
    ['1.35', false, false, 'beta'],
    ['1.36', undefined, true, 'beta'],
    ['1.37', undefined, true, 'beta'],
    ['1.37', false, false, 'beta'],
    ['1.38', undefined, true, 'beta'],
    ['1.38', false, false, 'beta'],
  ] as const)('%s with override %s → enabled %s (%s)', (version, override, enabled, stage) => {
    const p = kubeletProfile({
      kubeletVersion: version,
      featureGates: override === undefined ? undefined : { [G]: override },
    });
    expect(p.ensureSecretPulledImages.enabled).toBe(enabled);
    expect(p.ensureSecretPulledImages.stage).toBe(stage);
    expect(p.behaviour.presentEventMentionsPodAccess).toBe(enabled);
    expect(p.credentialVerificationPolicy).toBe(enabled ? 'NeverVerifyPreloadedImages' : null);
  });

  it('warns that the gate does not exist before 1.33', () => {
    expect(kubeletProfile({ kubeletVersion: '1.32', featureGates: { [G]: true } }).warnings.join()).toContain(
      'does not exist before kubelet 1.33',
    );
  });

  it('ignores the verification policy when the gate is off, with a warning', () => {
    const p = kubeletProfile({ kubeletVersion: '1.34', credentialVerificationPolicy: 'AlwaysVerify' });
    expect(p.credentialVerificationPolicy).toBeNull();
    expect(p.warnings.join()).toContain('imagePullCredentialsVerificationPolicy AlwaysVerify is ignored');
  });

  it('uses the configured policy when the gate is on', () => {
    expect(
      kubeletProfile({ kubeletVersion: '1.35', credentialVerificationPolicy: 'AlwaysVerify' })
        .credentialVerificationPolicy,
    ).toBe('AlwaysVerify');
    expect(
      kubeletProfile({
        kubeletVersion: '1.33',
        featureGates: { [G]: true },
        credentialVerificationPolicy: 'NeverVerify',
      }).credentialVerificationPolicy,
    ).toBe('NeverVerify');
  });
});

describe('version-dependent behaviours', () => {
  it.each([
    ['1.27', false, false, false, false],
    ['1.29', false, false, false, false],
    ['1.30', false, true, false, false],
    ['1.31', false, true, false, false],
    ['1.32', true, true, true, true],
    ['1.35', true, true, true, true],
    ['1.37', true, true, true, true],
    ['1.38', true, true, true, true],
  ])(
    '%s: skips inspect %s, image size %s, back-off error %s, inspect quotes "" %s',
    (version, skip, size, backOff, quotes) => {
      const b = kubeletProfile({ kubeletVersion: version }).behaviour;
      expect(b).toMatchObject({
        alwaysSkipsLocalInspect: skip,
        pulledEventHasImageSize: size,
        backOffMessageHasLastError: backOff,
        inspectErrorQuotesImageRef: quotes,
      });
    },
  );

  // PR #138432: FailedToRetrieveImagePullSecret only after a failed pull from 1.37.
  it.each([
    ['1.27', false],
    ['1.35', false],
    ['1.36', false],
    ['1.37', true],
    ['1.38', true],
  ])('%s: missing pull secret event only on a failed pull: %s', (version, onlyOnFailure) => {
    expect(kubeletProfile({ kubeletVersion: version }).behaviour.missingPullSecretEventOnlyOnFailedPull).toBe(
      onlyOnFailure,
    );
  });

  it.each([
    ['1.35', 'image-string'],
    ['1.36', 'normalized-name'],
    ['1.37', 'normalized-name'],
    ['1.38', 'normalized-name'],
  ])('%s allowlist matching is %s (PR #137629)', (version, matching) => {
    expect(kubeletProfile({ kubeletVersion: version }).allowlistMatching).toBe(matching);
  });

  it.each([
    ['1.30', false, false, 'unavailable'],
    ['1.31', true, false, 'alpha'],
    ['1.33', true, false, 'beta'],
    ['1.34', true, false, 'beta'],
    ['1.35', true, true, 'beta'],
    ['1.36', true, true, 'stable'],
    ['1.38', true, true, 'stable'],
  ] as const)('ImageVolume on %s: available %s, enabled %s, %s', (version, available, enabled, stage) => {
    expect(kubeletProfile({ kubeletVersion: version }).imageVolume).toMatchObject({ available, enabled, stage });
  });
});

describe('preloadedImagesVerificationAllowlist in the profile', () => {
  it('keeps valid entries and reports the ones the kubelet rejects', () => {
    const p = kubeletProfile({
      kubeletVersion: '1.35',
      credentialVerificationPolicy: 'NeverVerifyAllowlistedImages',
      verificationAllowlist: ['docker.io/library/nginx', 'registry.example.com/team/*', 'nginx', 'test.io/a:tag', '*'],
    });
    expect(p.verificationAllowlist.map((e) => e.entry)).toEqual([
      'docker.io/library/nginx',
      'registry.example.com/team/*',
    ]);
    expect(p.warnings).toHaveLength(3);
    expect(p.warnings[0]).toContain(
      '"nginx" is rejected by the kubelet: neither tag nor digest is accepted in an image reference: nginx',
    );
    expect(p.warnings[0]).toContain('fully qualified');
  });

  it('warns that the allowlist is unused under another policy', () => {
    const p = kubeletProfile({ kubeletVersion: '1.35', verificationAllowlist: ['docker.io/library/nginx'] });
    expect(p.warnings).toEqual([
      'preloadedImagesVerificationAllowlist is only used by NeverVerifyAllowlistedImages; it has no effect under NeverVerifyPreloadedImages',
    ]);
  });
});

// kubernetes/kubernetes#138935, fixed by PR #138937 in 1.37: the pull manager's striped lock set panics when
// maxParallelImagePulls exceeds 31 while KubeletEnsureSecretPulledImages is on.
describe('maxParallelImagePulls in the profile', () => {
  const panic = 'crashes kubelet';
  it.each([
    ['1.35', {}, 32, true],
    ['1.36', {}, 500, true],
    ['1.36', {}, 31, false],
    ['1.35', { KubeletEnsureSecretPulledImages: false }, 64, false],
    ['1.34', { KubeletEnsureSecretPulledImages: true }, 64, false],
    ['1.37', {}, 64, false],
    ['1.38', {}, 64, false],
  ] as const)('%s gates %j, maxParallelImagePulls %i → panic warning %s', (version, featureGates, value, warns) => {
    const p = kubeletProfile({ kubeletVersion: version, featureGates, maxParallelImagePulls: value });
    expect(p.warnings.some((w) => w.includes(panic))).toBe(warns);
    if (warns) {
      expect(p.warnings).toContain(
        `maxParallelImagePulls ${value} crashes kubelet ${version} while KubeletEnsureSecretPulledImages is on: the image pull manager panics (index out of range in StripedLockSet.Lock, kubernetes/kubernetes#138935); use 31 or less, or kubelet 1.37+ (PR #138937)`,
      );
    }
  });

  it('no setting, no warning', () => {
    expect(kubeletProfile({ kubeletVersion: '1.35' }).warnings).toEqual([]);
  });

  it.each([0, -1, 2.5])('rejects %s as the kubelet does', (value) => {
    expect(kubeletProfile({ kubeletVersion: '1.37', maxParallelImagePulls: value }).warnings).toEqual([
      `maxParallelImagePulls ${value} is rejected by the kubelet: it must be a positive number`,
    ]);
  });
});
