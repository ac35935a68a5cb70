import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image/index.js';
import type { ClusterContext, CredentialVerificationPolicy, NodeBehaviour, PullPolicy } from '../types.js';
import { kubeletProfile } from './kubelet-profile.js';
import { predictNodeBehaviour } from './predict-node-behaviour.js';

// Kubelet versions × pull policies (docs/kubernetes-semantics.md §4, §5, §7).

const IMG = 'ghcr.io/acme/api:2.3.1';
const G = 'KubeletEnsureSecretPulledImages';

function predict(
  ctx: ClusterContext,
  policy: PullPolicy,
  opts: { image?: string; preloaded?: boolean } = {},
): NodeBehaviour {
  const image = opts.image ?? IMG;
  return predictNodeBehaviour({
    image,
    ref: parseImageReference(image),
    policy,
    slotType: 'container',
    profile: kubeletProfile(ctx),
    hasPullSecrets: true,
    preloaded: opts.preloaded ?? false,
  });
}

const PULLED_WITH_SIZE = `Successfully pulled image "${IMG}" in <duration> (<duration> including waiting). Image size: <bytes> bytes.`;
const PULLED_NO_SIZE = `Successfully pulled image "${IMG}" in <duration> (<duration> including waiting)`;
const PRESENT = `Container image "${IMG}" already present on machine`;
const PRESENT_FOR_POD = `${PRESENT} and can be accessed by the pod`;

interface VersionRow {
  label: string;
  ctx: ClusterContext;
  gate: boolean;
  imageSize: boolean;
  inspectsForAlways: boolean;
}

const versions: VersionRow[] = [
  { label: '1.27', ctx: { kubeletVersion: '1.27' }, gate: false, imageSize: false, inspectsForAlways: true },
  // PR #121719 (CHANGELOG-1.30): the Pulled event gains "Image size: <bytes> bytes." in 1.30.
  { label: '1.29', ctx: { kubeletVersion: '1.29' }, gate: false, imageSize: false, inspectsForAlways: true },
  { label: '1.30', ctx: { kubeletVersion: '1.30' }, gate: false, imageSize: true, inspectsForAlways: true },
  { label: '1.31', ctx: { kubeletVersion: '1.31' }, gate: false, imageSize: true, inspectsForAlways: true },
  { label: '1.32', ctx: { kubeletVersion: '1.32' }, gate: false, imageSize: true, inspectsForAlways: false },
  { label: '1.33 gate off', ctx: { kubeletVersion: '1.33' }, gate: false, imageSize: true, inspectsForAlways: false },
  {
    label: '1.33 gate on',
    ctx: { kubeletVersion: '1.33', featureGates: { [G]: true } },
    gate: true,
    imageSize: true,
    inspectsForAlways: false,
  },
  { label: '1.34', ctx: { kubeletVersion: '1.34' }, gate: false, imageSize: true, inspectsForAlways: false },
  { label: '1.35', ctx: { kubeletVersion: '1.35' }, gate: true, imageSize: true, inspectsForAlways: false },
  {
    label: '1.35 gate off',
    ctx: { kubeletVersion: '1.35', featureGates: { [G]: false } },
    gate: false,
    imageSize: true,
    inspectsForAlways: false,
  },
  { label: '1.36', ctx: { kubeletVersion: '1.36' }, gate: true, imageSize: true, inspectsForAlways: false },
  { label: '1.37', ctx: { kubeletVersion: '1.37' }, gate: true, imageSize: true, inspectsForAlways: false },
  { label: '1.38', ctx: { kubeletVersion: '1.38' }, gate: true, imageSize: true, inspectsForAlways: false },
  {
    label: '1.38 gate off',
    ctx: { kubeletVersion: '1.38', featureGates: { [G]: false } },
    gate: false,
    imageSize: true,
    inspectsForAlways: false,
  },
];

const policies: PullPolicy[] = ['Always', 'IfNotPresent', 'Never'];
const matrix = versions.flatMap((v) => policies.map((policy) => ({ ...v, policy, name: `${v.label} × ${policy}` })));

describe('version × pull policy matrix (default verification policy)', () => {
  it.each(matrix)('$name', ({ ctx, policy, gate, imageSize, inspectsForAlways }) => {
    const b = predict(ctx, policy);
    const pulled = imageSize ? PULLED_WITH_SIZE : PULLED_NO_SIZE;

    // Image absent: pull for Always/IfNotPresent, ErrImageNeverPull for Never.
    if (policy === 'Never') {
      expect(b.imageAbsent).toMatchObject({ action: 'fail', reason: 'ErrImageNeverPull', contactsRegistry: false });
    } else {
      expect(b.imageAbsent).toMatchObject({ action: 'pull', contactsRegistry: true, reason: null });
      expect(b.imageAbsent.events.map((e) => e.message)).toEqual([`Pulling image "${IMG}"`, pulled]);
    }

    // Image present and usable by the pod.
    if (policy === 'Always') {
      expect(b.imagePresent.action).toBe('pull');
      expect(b.imagePresent.events[1]?.message).toBe(pulled);
    } else {
      expect(b.imagePresent).toEqual({
        action: 'use-local',
        contactsRegistry: false,
        reason: null,
        events: [{ type: 'Normal', reason: 'Pulled', message: gate ? PRESENT_FOR_POD : PRESENT }],
      });
    }

    // Present but pulled with credentials this pod cannot prove: only with the gate on.
    if (!gate) {
      expect(b.imagePresentUnverified).toBeNull();
    } else {
      const expected = { Always: 'pull', IfNotPresent: 'pull', Never: 'fail' }[policy];
      expect(b.imagePresentUnverified?.action).toBe(expected);
    }

    // ≤1.31 still inspects the local image for Always.
    const inspectNote = b.notes.some((n) => n.includes('still inspects the local image'));
    expect(inspectNote).toBe(policy === 'Always' && inspectsForAlways);
  });
});

// Gate on: imagePullCredentialsVerificationPolicy × pull policy, for a preloaded image and for one the
// kubelet pulled with another tenant's credentials (docs/kubernetes-semantics.md §5.3, §8(b) B4–B8, B11, B12).
type Cell = 'local' | 'pull' | 'fail' | null;
interface VpRow {
  vp: CredentialVerificationPolicy;
  allowlist?: string[];
  ifNotPresent: { preloaded: Cell; unverified: Cell };
  never: { preloaded: Cell; unverified: Cell };
}
const vpRows: VpRow[] = [
  {
    vp: 'NeverVerify',
    ifNotPresent: { preloaded: 'local', unverified: null },
    never: { preloaded: 'local', unverified: null },
  },
  {
    vp: 'NeverVerifyPreloadedImages',
    ifNotPresent: { preloaded: 'local', unverified: 'pull' },
    never: { preloaded: 'local', unverified: 'fail' },
  },
  {
    vp: 'NeverVerifyAllowlistedImages',
    allowlist: ['ghcr.io/other/*'],
    ifNotPresent: { preloaded: 'pull', unverified: 'pull' },
    never: { preloaded: 'fail', unverified: 'fail' },
  },
  {
    vp: 'NeverVerifyAllowlistedImages',
    allowlist: ['ghcr.io/acme/*'],
    ifNotPresent: { preloaded: 'local', unverified: 'local' },
    never: { preloaded: 'local', unverified: 'local' },
  },
  {
    vp: 'AlwaysVerify',
    ifNotPresent: { preloaded: 'pull', unverified: 'pull' },
    never: { preloaded: 'fail', unverified: 'fail' },
  },
];
const toCell = (o: NodeBehaviour['imagePresentUnverified']): Cell =>
  o === null ? null : o.action === 'use-local' ? 'local' : o.action;

const gateOnVersions: ClusterContext[] = [
  { kubeletVersion: '1.33', featureGates: { [G]: true } },
  { kubeletVersion: '1.34', featureGates: { [G]: true } },
  { kubeletVersion: '1.35' },
  { kubeletVersion: '1.36' },
  { kubeletVersion: '1.37' },
  { kubeletVersion: '1.38' },
];
const vpMatrix = gateOnVersions.flatMap((ctx) =>
  vpRows.map((row) => ({
    ...row,
    ctx,
    name: `${ctx.kubeletVersion} × ${row.vp}${row.allowlist ? ` [${row.allowlist.join()}]` : ''}`,
  })),
);

describe('version × credential verification policy matrix (gate on)', () => {
  it.each(vpMatrix)('$name', ({ ctx, vp, allowlist, ifNotPresent, never }) => {
    const c = { ...ctx, credentialVerificationPolicy: vp, verificationAllowlist: allowlist };
    expect(toCell(predict(c, 'IfNotPresent', { preloaded: true }).imagePresent)).toBe(ifNotPresent.preloaded);
    expect(toCell(predict(c, 'IfNotPresent').imagePresentUnverified)).toBe(ifNotPresent.unverified);
    expect(toCell(predict(c, 'Never', { preloaded: true }).imagePresent)).toBe(never.preloaded);
    expect(toCell(predict(c, 'Never').imagePresentUnverified)).toBe(never.unverified);
    // A present image the pod holds credentials for is always usable (B3, B7).
    expect(toCell(predict(c, 'IfNotPresent').imagePresent)).toBe('local');
    // Always is unaffected by KEP-2535.
    expect(toCell(predict(c, 'Always', { preloaded: true }).imagePresent)).toBe('pull');
  });
});

// PR #137629 (CHANGELOG-1.36): familiar or tagged names match fully qualified entries.
describe('NeverVerifyAllowlistedImages matching across versions', () => {
  const base = {
    credentialVerificationPolicy: 'NeverVerifyAllowlistedImages' as const,
    verificationAllowlist: ['docker.io/library/nginx'],
  };
  it.each([
    ['1.35', 'nginx:1.25', 'pull', true],
    ['1.35', 'docker.io/library/nginx', 'local', false],
    ['1.36', 'nginx:1.25', 'local', true],
    ['1.37', 'nginx', 'local', true],
    ['1.37', 'nginx-unprivileged:1.25', 'pull', false],
    ['1.38', 'alpine', 'pull', false],
    ['1.38', 'nginx', 'local', true],
  ] as const)('%s, image %s, preloaded IfNotPresent → %s', (version, image, cell, versionNote) => {
    const b = predict({ ...base, kubeletVersion: version }, 'IfNotPresent', { image, preloaded: true });
    expect(toCell(b.imagePresent)).toBe(cell);
    expect(b.notes.some((n) => n.includes('PR #137629'))).toBe(versionNote);
  });
});
