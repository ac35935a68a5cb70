import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image/index.js';
import { admitAlwaysPullImages, resolvePullPolicy, validateAlwaysPullImages } from '../policy/index.js';
import type { ClusterContext, KubeletEvent, NodeBehaviour, NodeOutcome, PullPolicy, SlotType } from '../types.js';
import {
  PULL_QPS_EXCEEDED,
  WaitingReason,
  backOffEvent,
  backOffStatusMessage,
  failedToPullEvent,
  failedToRetrieveImagePullSecretEvent,
  inspectFailedMessage,
  signatureValidationFailedMessage,
  startContainerFailedEvent,
} from './event-messages.js';
import { kubeletProfile } from './kubelet-profile.js';
import { predictNodeBehaviour } from './predict-node-behaviour.js';

// docs/kubernetes-semantics.md §8(b): manifest situation → kubelet action, container status, events. One row per B-number.
// Mapping to the prediction fields:
//   imageAbsent            — P = no
//   imagePresent           — P = yes and usable by the pod (preloaded, or pulled with credentials it holds)
//   imagePresentUnverified — P = yes, pulled by the kubelet with credentials this pod cannot prove
// B14, B15, B17, B18, B19 describe runtime failures (registry down, back-off window, CRI inspect error,
// QPS throttling, signature policy) that no prediction field represents; they are covered below as
// message-template tests against event-messages.ts.

const IMG = 'registry.example.com/team/app:1.4';

interface Case {
  image?: string;
  policy: PullPolicy;
  ctx: ClusterContext;
  preloaded?: boolean;
  hasPullSecrets?: boolean;
  slotType?: SlotType;
}

function predict(c: Case): NodeBehaviour {
  const image = c.image ?? IMG;
  return predictNodeBehaviour({
    image,
    ref: parseImageReference(image),
    policy: c.policy,
    slotType: c.slotType ?? 'container',
    profile: kubeletProfile(c.ctx),
    hasPullSecrets: c.hasPullSecrets ?? true,
    preloaded: c.preloaded ?? false,
  });
}

const pulling = (img = IMG): KubeletEvent => ({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${img}"` });
const pulled = (img = IMG): KubeletEvent => ({
  type: 'Normal',
  reason: 'Pulled',
  message: `Successfully pulled image "${img}" in <duration> (<duration> including waiting). Image size: <bytes> bytes.`,
});
const present = (img = IMG): KubeletEvent => ({
  type: 'Normal',
  reason: 'Pulled',
  message: `Container image "${img}" already present on machine`,
});
const presentForPod = (img = IMG): KubeletEvent => ({
  type: 'Normal',
  reason: 'Pulled',
  message: `Container image "${img}" already present on machine and can be accessed by the pod`,
});
const neverPull = (img = IMG): KubeletEvent[] => [
  {
    type: 'Warning',
    reason: 'ErrImageNeverPull',
    message: `Container image "${img}" is not present with pull policy of Never`,
  },
  { type: 'Warning', reason: 'Failed', message: 'Error: ErrImageNeverPull' },
];

const PULL: NodeOutcome = { action: 'pull', contactsRegistry: true, reason: null, events: [pulling(), pulled()] };
const LOCAL_GATE_OFF: NodeOutcome = { action: 'use-local', contactsRegistry: false, reason: null, events: [present()] };
const LOCAL_GATE_ON: NodeOutcome = {
  action: 'use-local',
  contactsRegistry: false,
  reason: null,
  events: [presentForPod()],
};
const NEVER: NodeOutcome = {
  action: 'fail',
  contactsRegistry: false,
  reason: 'ErrImageNeverPull',
  events: neverPull(),
};

const GATE_OFF_134: ClusterContext = { kubeletVersion: '1.34' };
const ALL_VPS = ['NeverVerify', 'NeverVerifyPreloadedImages', 'NeverVerifyAllowlistedImages', 'AlwaysVerify'] as const;
const onWith = (vp: (typeof ALL_VPS)[number], extra: ClusterContext = {}): ClusterContext => ({
  kubeletVersion: '1.35',
  credentialVerificationPolicy: vp,
  ...extra,
});

type Field = 'imageAbsent' | 'imagePresent' | 'imagePresentUnverified';
interface Row {
  name: string;
  c: Case;
  field: Field;
  expected: NodeOutcome | null;
}

const rows: Row[] = [
  // B1 — IfNotPresent, absent, any gate/VP: ImageStatus then PullImage; Pulling + Pulled.
  { name: 'B1 gate off', c: { policy: 'IfNotPresent', ctx: GATE_OFF_134 }, field: 'imageAbsent', expected: PULL },
  {
    name: 'B1 gate on',
    c: { policy: 'IfNotPresent', ctx: onWith('AlwaysVerify') },
    field: 'imageAbsent',
    expected: PULL,
  },
  // B2 — IfNotPresent, present, gate off: "already present on machine".
  { name: 'B2', c: { policy: 'IfNotPresent', ctx: GATE_OFF_134 }, field: 'imagePresent', expected: LOCAL_GATE_OFF },
  // B3 — IfNotPresent, present, pulled anonymously/with node creds (nodePodsAccessible), gate on, any VP.
  ...ALL_VPS.map((vp) => ({
    name: `B3 ${vp}`,
    c: { policy: 'IfNotPresent' as const, ctx: onWith(vp), hasPullSecrets: false },
    field: 'imagePresent' as const,
    expected: LOCAL_GATE_ON,
  })),
  // B4 — IfNotPresent, preloaded, gate on, VP NeverVerifyPreloadedImages (default) or NeverVerify.
  {
    name: 'B4 default VP',
    c: { policy: 'IfNotPresent', ctx: { kubeletVersion: '1.35' }, preloaded: true },
    field: 'imagePresent',
    expected: LOCAL_GATE_ON,
  },
  {
    name: 'B4 NeverVerify',
    c: { policy: 'IfNotPresent', ctx: onWith('NeverVerify'), preloaded: true },
    field: 'imagePresent',
    expected: LOCAL_GATE_ON,
  },
  // B5 — IfNotPresent, preloaded, AlwaysVerify or allowlist policy without a match: must pull with pod creds.
  {
    name: 'B5 AlwaysVerify',
    c: { policy: 'IfNotPresent', ctx: onWith('AlwaysVerify'), preloaded: true },
    field: 'imagePresent',
    expected: PULL,
  },
  {
    name: 'B5 NeverVerifyAllowlistedImages, not allowlisted',
    c: {
      policy: 'IfNotPresent',
      ctx: onWith('NeverVerifyAllowlistedImages', { verificationAllowlist: ['registry.example.com/other/*'] }),
      preloaded: true,
    },
    field: 'imagePresent',
    expected: PULL,
  },
  // B6 — IfNotPresent, pulled by the kubelet with another tenant's Secret: must pull.
  ...(['NeverVerifyPreloadedImages', 'AlwaysVerify', 'NeverVerifyAllowlistedImages'] as const).map((vp) => ({
    name: `B6 ${vp}`,
    c: { policy: 'IfNotPresent' as const, ctx: onWith(vp) },
    field: 'imagePresentUnverified' as const,
    expected: PULL,
  })),
  // B7 — pod holds the same Secret / same credential hash / same SA: no pull.
  ...ALL_VPS.map((vp) => ({
    name: `B7 ${vp}`,
    c: { policy: 'IfNotPresent' as const, ctx: onWith(vp) },
    field: 'imagePresent' as const,
    expected: LOCAL_GATE_ON,
  })),
  // B8 — as B6 with NeverVerify: no verification at all (imagePresentUnverified is null, present is used).
  {
    name: 'B8 (unverified)',
    c: { policy: 'IfNotPresent', ctx: onWith('NeverVerify') },
    field: 'imagePresentUnverified',
    expected: null,
  },
  {
    name: 'B8 (present)',
    c: { policy: 'IfNotPresent', ctx: onWith('NeverVerify') },
    field: 'imagePresent',
    expected: LOCAL_GATE_ON,
  },
  // B9 — Never, absent: ErrImageNeverPull, any gate.
  { name: 'B9 gate off', c: { policy: 'Never', ctx: GATE_OFF_134 }, field: 'imageAbsent', expected: NEVER },
  {
    name: 'B9 gate on',
    c: { policy: 'Never', ctx: { kubeletVersion: '1.35' } },
    field: 'imageAbsent',
    expected: NEVER,
  },
  // B10 — Never, present, gate off.
  { name: 'B10', c: { policy: 'Never', ctx: GATE_OFF_134 }, field: 'imagePresent', expected: LOCAL_GATE_OFF },
  // B11 — Never, present but unverifiable: ErrImageNeverPull with the "is not present" text.
  ...(['NeverVerifyPreloadedImages', 'AlwaysVerify', 'NeverVerifyAllowlistedImages'] as const).map((vp) => ({
    name: `B11 ${vp}`,
    c: { policy: 'Never' as const, ctx: onWith(vp) },
    field: 'imagePresentUnverified' as const,
    expected: NEVER,
  })),
  // B12 — Never, preloaded, NeverVerifyPreloadedImages.
  {
    name: 'B12',
    c: { policy: 'Never', ctx: onWith('NeverVerifyPreloadedImages'), preloaded: true },
    field: 'imagePresent',
    expected: LOCAL_GATE_ON,
  },
  // B13 — Always, present or absent, any gate: PullImage every start, never "already present".
  { name: 'B13 absent', c: { policy: 'Always', ctx: GATE_OFF_134 }, field: 'imageAbsent', expected: PULL },
  { name: 'B13 present gate off', c: { policy: 'Always', ctx: GATE_OFF_134 }, field: 'imagePresent', expected: PULL },
  {
    name: 'B13 present gate on',
    c: { policy: 'Always', ctx: onWith('AlwaysVerify') },
    field: 'imagePresent',
    expected: PULL,
  },
  {
    name: 'B13 unverified gate on',
    c: { policy: 'Always', ctx: onWith('AlwaysVerify') },
    field: 'imagePresentUnverified',
    expected: PULL,
  },
  {
    name: 'B13 preloaded AlwaysVerify',
    c: { policy: 'Always', ctx: onWith('AlwaysVerify'), preloaded: true },
    field: 'imagePresent',
    expected: PULL,
  },
];

describe('spec §8(b) B1–B13: predicted node outcomes', () => {
  it.each(rows)('$name', ({ c, field, expected }) => {
    expect(predict(c)[field]).toEqual(expected);
  });
});

describe('spec §8(b) B13/B14: Always never reports "already present" and warns about outages', () => {
  it('B13 no outcome of Always uses the cache', () => {
    const b = predict({ policy: 'Always', ctx: onWith('NeverVerifyPreloadedImages') });
    for (const o of [b.imageAbsent, b.imagePresent, b.imagePresentUnverified]) {
      expect(o?.events.map((e) => e.message).join('\n')).not.toContain('already present');
    }
  });
  it('B14 registry outage note (R4.6)', () => {
    const notes = predict({ policy: 'Always', ctx: {} }).notes.join('\n');
    expect(notes).toContain('registry is down');
    expect(notes).toContain('even though the image is cached');
  });
});

// Runtime-failure rows: message templates (event-messages.ts), not prediction fields.
describe('spec §8(b) runtime rows as message templates', () => {
  const err = 'rpc error: code = Unknown desc = 503 Service Unavailable';
  it('B14 Always, registry down: Pulling, Failed, Error: ErrImagePull, later BackOff', () => {
    expect(failedToPullEvent(IMG, err)).toEqual({
      type: 'Warning',
      reason: 'Failed',
      message: `Failed to pull image "${IMG}": ${err}`,
    });
    expect(startContainerFailedEvent(WaitingReason.ErrImagePull).message).toBe('Error: ErrImagePull');
    expect(backOffEvent(IMG)).toEqual({
      type: 'Normal',
      reason: 'BackOff',
      message: `Back-off pulling image "${IMG}"`,
    });
  });
  it.each([
    ['1.32', true, `Back-off pulling image "${IMG}": ErrImagePull: ${err}`],
    ['1.37', true, `Back-off pulling image "${IMG}": ErrImagePull: ${err}`],
    ['1.38', true, `Back-off pulling image "${IMG}": ErrImagePull: ${err}`],
    ['1.31', false, `Back-off pulling image "${IMG}"`],
    ['1.27', false, `Back-off pulling image "${IMG}"`],
  ])('B15 back-off status message on %s', (version, withError, message) => {
    const p = kubeletProfile({ kubeletVersion: version });
    expect(p.behaviour.backOffMessageHasLastError).toBe(withError);
    expect(backOffStatusMessage(IMG, { reason: 'ErrImagePull', message: err }, withError)).toBe(message);
  });
  // pkg/kubelet/kubelet_pods.go, getPullSecretsForPod: names joined with ", ".
  it('FailedToRetrieveImagePullSecret event text', () => {
    expect(failedToRetrieveImagePullSecretEvent(['regcred', 'ghcr'])).toEqual({
      type: 'Warning',
      reason: 'FailedToRetrieveImagePullSecret',
      message:
        'Unable to retrieve some image pull secrets (regcred, ghcr); attempting to pull the image may not succeed.',
    });
  });
  it('B15 the BackOff event never carries the previous error', () => {
    expect(backOffEvent(IMG).message).toBe(`Back-off pulling image "${IMG}"`);
  });
  it.each([
    ['1.32', 'Failed to inspect image "": boom'],
    ['1.35', 'Failed to inspect image "": boom'],
    ['1.31', `Failed to inspect image "${IMG}": boom`],
  ])('B17 ImageInspectError message on %s', (version, message) => {
    const p = kubeletProfile({ kubeletVersion: version });
    expect(inspectFailedMessage(IMG, 'boom', p.behaviour.inspectErrorQuotesImageRef)).toBe(message);
    expect(WaitingReason.ImageInspectError).toBe('ImageInspectError');
  });
  it('B18 registryPullQPS exhausted', () => {
    expect(failedToPullEvent(IMG, PULL_QPS_EXCEEDED).message).toBe(`Failed to pull image "${IMG}": pull QPS exceeded`);
  });
  it('B19 signature validation failed', () => {
    expect(signatureValidationFailedMessage('typo_image')).toBe(
      'image pull failed for typo_image because the signature validation failed',
    );
    expect(WaitingReason.SignatureValidationFailed).toBe('SignatureValidationFailed');
  });
});

describe('spec §8(b) B16: invalid references fail with InvalidImageName whatever the policy', () => {
  const cases = [
    ['Nginx', 'invalid reference format: repository name (library/Nginx) must be lowercase'],
    ['nginx:', 'invalid reference format'],
    ['http://registry.example.com/app', 'invalid reference format'],
    [
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'invalid repository name (e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855), cannot specify 64-byte hexadecimal strings',
    ],
  ] as const;
  it.each(
    cases.flatMap(([img, err]) =>
      (['Always', 'IfNotPresent', 'Never'] as const).map((p) => [`B16 ${img} ${p}`, img, err, p] as const),
    ),
  )('%s', (_name, img, err, policy) => {
    const b = predict({
      image: img,
      policy,
      ctx: { kubeletVersion: '1.35', credentialVerificationPolicy: 'AlwaysVerify' },
    });
    const expected: NodeOutcome = {
      action: 'fail',
      contactsRegistry: false,
      reason: 'InvalidImageName',
      events: [
        {
          type: 'Warning',
          reason: 'InspectFailed',
          message: `Failed to apply default image tag "${img}": couldn't parse image name "${img}": ${err}`,
        },
        { type: 'Warning', reason: 'Failed', message: 'Error: InvalidImageName' },
      ],
    };
    expect(b.imageAbsent).toEqual(expected);
    expect(b.imagePresent).toEqual(expected);
    expect(b.imagePresentUnverified).toEqual(expected);
  });
});

// B20–B25: effective policy after defaulting and admission (docs/kubernetes-semantics.md §3).
describe('spec §8(b) B20–B25: admission', () => {
  const AP = ['AlwaysPullImages'];
  it.each([
    ['B20 IfNotPresent container', 'container', 'IfNotPresent'],
    ['B20 Never container', 'container', 'Never'],
    ['B20 empty policy container', 'container', null],
    ['B20 IfNotPresent init container', 'initContainer', 'IfNotPresent'],
    ['B20 Never init container', 'initContainer', 'Never'],
  ] as const)('%s on Pod create → Always', (_n, slotType, declared) => {
    const r = resolvePullPolicy({ image: 'nginx:1.25', declared, slotType, isPod: true, admissionPlugins: AP });
    expect(r.effective).toBe('Always');
    expect(r.reasons.at(-1)).toBe('AlwaysPullImages admission rewrites it to Always when the Pod is created');
  });

  it('B21 Deployment template with IfNotPresent: template unchanged, created Pods are Always', () => {
    const r = resolvePullPolicy({
      image: 'nginx:1.25',
      declared: 'IfNotPresent',
      slotType: 'container',
      isPod: false,
      admissionPlugins: AP,
    });
    expect(r).toMatchObject({ declared: 'IfNotPresent', default: 'IfNotPresent', effective: 'Always' });
    expect(r.reasons.at(-1)).toContain('does not change the workload template itself');
    expect(r.reasons.at(-1)).toContain('every Pod created from it');
    // The plugin itself leaves the Deployment object alone (shouldIgnore: resource is not pods).
    const res = admitAlwaysPullImages({
      operation: 'CREATE',
      resource: 'deployments',
      object: {
        kind: 'Deployment',
        spec: { containers: [{ name: 'c', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' }] },
      },
    });
    expect(res.outcome).toBe('ignored');
  });

  it('B22 kubectl debug ephemeral container with IfNotPresent is not mutated', () => {
    const r = resolvePullPolicy({
      image: 'busybox:1.36',
      declared: 'IfNotPresent',
      slotType: 'ephemeralContainer',
      isPod: true,
      admissionPlugins: AP,
      addedViaSubresource: true,
    });
    expect(r.effective).toBe('IfNotPresent');
    expect(r.reasons.at(-1)).toContain('pods/ephemeralcontainers subresource');
    const res = admitAlwaysPullImages({
      operation: 'UPDATE',
      resource: 'pods',
      subresource: 'ephemeralcontainers',
      object: {
        kind: 'Pod',
        spec: { ephemeralContainers: [{ name: 'debugger', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }] },
      },
      oldObject: { kind: 'Pod', spec: {} },
    });
    expect(res.outcome).toBe('ignored');
  });

  // B23: plugin/pkg/admission/alwayspullimages/admission.go rewrites volumes[].image.pullPolicy
  // too, since the image volume API exists (1.31); the volume then follows the Always rows (B13/B14).
  it('B23 image volume with IfNotPresent is mutated to Always (1.31+); Always rules (B13) apply', () => {
    const r = resolvePullPolicy({
      image: 'registry.example.com/models/llm:v2',
      declared: 'IfNotPresent',
      slotType: 'imageVolume',
      isPod: true,
      admissionPlugins: AP,
      clusterMinor: 35,
    });
    expect(r).toMatchObject({ effective: 'Always', admittedBy: 'AlwaysPullImages' });
    expect(r.reasons.at(-1)).toContain('AlwaysPullImages admission rewrites image.pullPolicy to Always');
    const admitted = admitAlwaysPullImages({
      operation: 'CREATE',
      resource: 'pods',
      object: {
        kind: 'Pod',
        spec: {
          containers: [{ name: 'c', image: 'nginx:1.25', imagePullPolicy: 'Always' }],
          volumes: [
            { name: 'model', image: { reference: 'registry.example.com/models/llm:v2', pullPolicy: 'IfNotPresent' } },
          ],
        },
      },
    });
    expect(admitted.outcome === 'admitted' && admitted.object.spec?.volumes?.[0]?.image?.pullPolicy).toBe('Always');
    const b = predict({
      image: 'registry.example.com/models/llm:v2',
      policy: r.effective,
      ctx: { kubeletVersion: '1.35' },
      slotType: 'imageVolume',
    });
    expect(b.imagePresent.action).toBe('pull');
    expect(b.imageAbsent.action).toBe('pull');
  });

  it('B23 before 1.31 there is no image volume to rewrite', () => {
    const r = resolvePullPolicy({
      image: 'registry.example.com/models/llm:v2',
      declared: 'IfNotPresent',
      slotType: 'imageVolume',
      isPod: true,
      admissionPlugins: AP,
      clusterMinor: 30,
    });
    expect(r).toMatchObject({ effective: 'IfNotPresent', admittedBy: null });
  });

  it('B24 Pod update changing only labels: plugin skips, update accepted', () => {
    const pod = {
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' as const }] },
    };
    const attrs = { operation: 'UPDATE' as const, resource: 'pods', object: pod, oldObject: pod };
    expect(admitAlwaysPullImages(attrs)).toMatchObject({
      outcome: 'ignored',
      why: 'update introduces no new image (isUpdateWithNoNewImages)',
    });
    expect(validateAlwaysPullImages(attrs).message).toBeNull();
  });

  it('B25 webhook rewrites to IfNotPresent after Admit: Validate rejects the request', () => {
    const v = validateAlwaysPullImages({
      operation: 'CREATE',
      resource: 'pods',
      object: {
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: { containers: [{ name: 'c', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent' }] },
      },
    });
    expect(v.message).toBe(
      'pods "web" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always"',
    );
  });
});
