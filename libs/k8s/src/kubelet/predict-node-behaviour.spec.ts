import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image/index.js';
import type { ClusterContext, NodeBehaviour, PullPolicy, SlotType } from '../types.js';
import { kubeletProfile } from './kubelet-profile.js';
import { predictNodeBehaviour } from './predict-node-behaviour.js';

function predict(
  image: string | null,
  policy: PullPolicy,
  ctx: ClusterContext = {},
  opts: { slotType?: SlotType; hasPullSecrets?: boolean; preloaded?: boolean } = {},
): NodeBehaviour {
  return predictNodeBehaviour({
    image,
    ref: parseImageReference(image ?? ''),
    policy,
    slotType: opts.slotType ?? 'container',
    profile: kubeletProfile(ctx),
    hasPullSecrets: opts.hasPullSecrets ?? true,
    preloaded: opts.preloaded ?? false,
  });
}

const text = (b: NodeBehaviour) => b.notes.join('\n');

describe('events quote the image exactly as written (spec §4.5)', () => {
  it.each(['nginx', 'docker.io/nginx', 'index.docker.io/library/nginx:1.25', 'localhost:5000/app'])('%s', (image) => {
    const b = predict(image, 'IfNotPresent', { kubeletVersion: '1.34' });
    expect(b.imageAbsent.events[0]?.message).toBe(`Pulling image "${image}"`);
    expect(b.imagePresent.events[0]?.message).toBe(`Container image "${image}" already present on machine`);
  });
});

describe('empty and unusable images', () => {
  it('null image: InvalidImageName with the empty name, and the API validation note', () => {
    const b = predict(null, 'IfNotPresent', { kubeletVersion: '1.34' });
    expect(b.imageAbsent).toMatchObject({ action: 'fail', reason: 'InvalidImageName', contactsRegistry: false });
    expect(b.imageAbsent.events[0]?.message).toBe(
      'Failed to apply default image tag "": couldn\'t parse image name "": invalid reference format',
    );
    expect(b.imagePresentUnverified).toBeNull();
    expect(text(b)).toContain('Required value');
  });

  it('empty image volume reference mentions image.reference', () => {
    expect(text(predict('', 'IfNotPresent', {}, { slotType: 'imageVolume' }))).toContain(
      'image.reference: Required value',
    );
  });

  it('trailing whitespace: rejected for Pods, accepted in templates', () => {
    const b = predict('nginx:latest ', 'Always');
    expect(b.imagePresent.reason).toBe('InvalidImageName');
    expect(text(b)).toContain('leading or trailing whitespace');
  });

  it('uppercase repository: accepted by the API server, refused by the kubelet', () => {
    const b = predict('myregistry.io/App', 'IfNotPresent');
    expect(b.imagePresent.events[0]?.message).toBe(
      'Failed to apply default image tag "myregistry.io/App": couldn\'t parse image name "myregistry.io/App": invalid reference format: repository name (App) must be lowercase',
    );
    expect(b.notes).toHaveLength(1);
    expect(text(b)).toContain('does not parse');
  });
});

describe('notes', () => {
  it('Always: outage, restarts, and the KEP-2535 interplay on 1.35+ (R3.8, R4.6)', () => {
    const t = text(predict('nginx:1.25', 'Always', { kubeletVersion: '1.35' }));
    expect(t).toContain('every container start and restart');
    expect(t).toContain('KEP-2535');
    expect(t).toContain('AlwaysPullImages');
    expect(t).toContain('10 s, doubling up to 300 s');
  });

  it('Always on 1.34: no KEP-2535 note', () => {
    expect(text(predict('nginx:1.25', 'Always', { kubeletVersion: '1.34' }))).not.toContain('KEP-2535');
  });

  it('Always with a digest mentions runtime-specific registry contact', () => {
    const img = 'nginx@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(text(predict(img, 'Always'))).toContain('runtime-specific');
  });

  it('pull secrets: no secrets → private pulls fail, ServiceAccount secrets copied only when the pod lists none (R6.2)', () => {
    const t = text(predict('registry.example.com/app:1', 'IfNotPresent', {}, { hasPullSecrets: false }));
    expect(t).toContain('lists no imagePullSecrets');
    expect(t).toContain('registry.example.com');
    expect(t).toContain('ServiceAccount');
    expect(text(predict('registry.example.com/app:1', 'IfNotPresent', {}, { hasPullSecrets: true }))).toContain(
      "ServiceAccount's imagePullSecrets are not added",
    );
  });

  it('Never with the gate off: no pulls, so no pull-secret or back-off notes', () => {
    const b = predict('registry.example.com/app:1', 'Never', { kubeletVersion: '1.34' }, { hasPullSecrets: false });
    const t = text(b);
    expect(t).toContain('Never never pulls');
    expect(t).toContain("not in the cluster profile's preloaded images");
    expect(t).not.toContain('imagePullSecrets');
    expect(t).not.toContain('doubling');
    expect(t).toContain('kubernetes/kubernetes#18787');
  });

  it('gate off on 1.33/1.34 explains that the alpha gate can be enabled', () => {
    expect(text(predict('nginx:1.25', 'IfNotPresent', { kubeletVersion: '1.33' }))).toContain(
      'alpha on 1.33 and can be enabled',
    );
    expect(text(predict('nginx:1.25', 'IfNotPresent', { kubeletVersion: '1.31' }))).toContain('exists from 1.33');
  });

  it.each([
    ['localhost:5000', 'docker.io/library/localhost with tag "5000"', '"localhost:5000/<repository>:<tag>"'],
    ['localhost', 'docker.io/library/localhost,', '"localhost/<repository>:<tag>"'],
    ['example.com', 'docker.io/library/example.com,', '"example.com/<repository>:<tag>"'],
  ])('%s without a slash is a Docker Hub image (spec §8(a) #18–#20)', (image, what, fix) => {
    const t = text(predict(image, 'IfNotPresent'));
    expect(t).toContain(what);
    expect(t).toContain(fix);
  });

  it.each(['nginx', 'redis:7', 'localhost:5000/app'])('%s gets no Docker Hub warning', (image) => {
    expect(text(predict(image, 'IfNotPresent'))).not.toContain('has no "/"');
  });

  it('AlwaysVerify with a preloaded image explains the re-pull (B5)', () => {
    const b = predict(
      'registry.k8s.io/pause:3.9',
      'IfNotPresent',
      { credentialVerificationPolicy: 'AlwaysVerify' },
      { preloaded: true },
    );
    expect(b.imagePresent.action).toBe('pull');
    expect(text(b)).toContain('including this preloaded one, which has no pull record');
  });

  it('Never under KEP-2535 explains the misleading "is not present" failure', () => {
    expect(text(predict('nginx:1.25', 'Never', { kubeletVersion: '1.35' }))).toContain(
      'fails with ErrImageNeverPull although the image is present',
    );
  });

  it('image volumes: gate state and pull-before-containers note', () => {
    expect(
      text(predict('quay.io/models/x:1', 'IfNotPresent', { kubeletVersion: '1.30' }, { slotType: 'imageVolume' })),
    ).toContain('has no image volumes');
    expect(
      text(predict('quay.io/models/x:1', 'IfNotPresent', { kubeletVersion: '1.33' }, { slotType: 'imageVolume' })),
    ).toContain('ImageVolume feature gate is off');
    const t = text(
      predict('quay.io/models/x:1', 'IfNotPresent', { kubeletVersion: '1.35' }, { slotType: 'imageVolume' }),
    );
    expect(t).not.toContain('feature gate is off');
    expect(t).toContain('before any container starts');
  });

  // PR #121719 is in CHANGELOG-1.30: the size suffix starts exactly at 1.30, no caveat needed.
  it.each([
    ['1.29', 'Successfully pulled image "nginx:1.25" in <duration> (<duration> including waiting)'],
    [
      '1.30',
      'Successfully pulled image "nginx:1.25" in <duration> (<duration> including waiting). Image size: <bytes> bytes.',
    ],
  ])('Pulled event on %s without a version caveat', (kubeletVersion, message) => {
    const b = predict('nginx:1.25', 'IfNotPresent', { kubeletVersion });
    expect(b.imageAbsent.events[1]?.message).toBe(message);
    expect(text(b)).not.toContain('PR #121719');
  });

  // pkg/kubelet/kubelet_pods.go getPullSecretsForPod; PR #138432 (1.37).
  describe('FailedToRetrieveImagePullSecret note', () => {
    const note = 'FailedToRetrieveImagePullSecret';
    it.each([
      ['1.36', 'IfNotPresent', 'on every pod sync, even when the cached image is used or the pull succeeds'],
      ['1.36', 'Never', 'on every pod sync'],
      ['1.37', 'IfNotPresent', 'only when the pull then fails (PR #138432)'],
      ['1.38', 'Always', 'only when the pull then fails'],
    ] as const)('%s with %s: %s', (kubeletVersion, policy, wording) => {
      const t = text(predict('ghcr.io/acme/app:1.0', policy, { kubeletVersion }));
      expect(t).toContain(
        'Warning FailedToRetrieveImagePullSecret "Unable to retrieve some image pull secrets (<names>); attempting to pull the image may not succeed."',
      );
      expect(t).toContain(wording);
    });

    it('1.37 with Never and the gate off never pulls, so the event cannot occur', () => {
      const t = text(
        predict('ghcr.io/acme/app:1.0', 'Never', {
          kubeletVersion: '1.37',
          featureGates: { KubeletEnsureSecretPulledImages: false },
        }),
      );
      expect(t).not.toContain(note);
    });

    it('no pull secrets listed: no note', () => {
      expect(text(predict('ghcr.io/acme/app:1.0', 'IfNotPresent', {}, { hasPullSecrets: false }))).not.toContain(note);
    });
  });

  // pkg/kubelet/images/pullmanager/image_pull_manager.go: service-account coordinates count as proof (KEP-4412).
  describe('what KEP-2535 accepts as proof of credentials', () => {
    it.each(['1.34', '1.35', '1.38'])('%s names pull secrets and the ServiceAccount', (kubeletVersion) => {
      const t = text(
        predict('ghcr.io/acme/app:1.0', 'IfNotPresent', {
          kubeletVersion,
          featureGates: { KubeletEnsureSecretPulledImages: true },
        }),
      );
      expect(t).toContain('What counts as proof for a cached image');
      expect(t).toContain('rotated');
      expect(t).toContain("the pod's ServiceAccount (namespace, name, UID)");
      expect(t).toContain('KEP-4412');
    });

    it('1.33: service-account tokens for credential providers are alpha and off', () => {
      const t = text(
        predict('ghcr.io/acme/app:1.0', 'IfNotPresent', {
          kubeletVersion: '1.33',
          featureGates: { KubeletEnsureSecretPulledImages: true },
        }),
      );
      expect(t).toContain('alpha and off by default, so only secrets and node credentials count');
    });

    it('NeverVerify checks nothing, so it names no proof', () => {
      const t = text(predict('ghcr.io/acme/app:1.0', 'IfNotPresent', { credentialVerificationPolicy: 'NeverVerify' }));
      expect(t).not.toContain('What counts as proof');
    });
  });
});
