import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parseImageReference } from '../image/parse-image-reference.js';
import { kubeletProfile } from '../kubelet/kubelet-profile.js';
import * as behaviour from '../kubelet/predict-node-behaviour.js';
import type { ClusterContext, NodeAction, PullPolicy } from '../types.js';
import type { Eligibility, ImagePresence, InventoryNode, NodeFacts } from './fleet-types.js';
import { FLEET_GROUP_SAMPLE, predictFleet, prepareInventory, type FleetSlotInput } from './predict-fleet.js';
import { readNodeInventory } from './read-node-inventory.js';

vi.mock('../kubelet/predict-node-behaviour.js', async (importOriginal) => {
  const original = await importOriginal<typeof behaviour>();
  return { ...original, predictNodeBehaviour: vi.fn(original.predictNodeBehaviour) };
});

function node(
  name: string,
  kubeletVersion: string,
  images: string[][],
  extra: Partial<InventoryNode> = {},
): InventoryNode {
  return {
    name,
    labels: {},
    taints: [],
    unschedulable: false,
    kubeletVersion,
    images: images.map((names, i) => ({ names, sizeBytes: 1000 - i })),
    ...extra,
  };
}

const WITH_NGINX = [['docker.io/library/nginx:1.27'], ['registry.k8s.io/pause:3.10']];
const WITHOUT_NGINX = [['docker.io/library/httpd:2.4'], ['registry.k8s.io/pause:3.10']];

/** present, absent and unknown (empty list) on one kubelet version. */
const threeNodes = (version = 'v1.34.2') => [
  node('present', version, WITH_NGINX),
  node('absent', version, WITHOUT_NGINX),
  node('unknown', version, []),
];

function slotInput(
  image: string,
  policy: PullPolicy,
  nodes: InventoryNode[],
  more: Partial<FleetSlotInput> = {},
): FleetSlotInput {
  return {
    slot: {
      image,
      ref: parseImageReference(image),
      policy,
      slotType: 'container',
      hasPullSecrets: false,
      preloaded: false,
    },
    ctx: { kubeletVersion: '1.34' },
    inventory: prepareInventory(nodes),
    eligibility: () => ({ eligible: true }),
    ...more,
  };
}

type Row = [node: string, image: ImagePresence, action: NodeAction | null, reason: string | null];

describe('predictFleet: outcome per node from its image presence', () => {
  it.each<[string, string, PullPolicy, Row[]]>([
    [
      'IfNotPresent',
      'nginx:1.27',
      'IfNotPresent',
      [
        ['present', 'present', 'use-local', null],
        ['absent', 'absent', 'pull', null],
        ['unknown', 'unknown', null, null],
      ],
    ],
    [
      'Always pulls either way',
      'nginx:1.27',
      'Always',
      [
        ['present', 'present', 'pull', null],
        ['absent', 'absent', 'pull', null],
        ['unknown', 'unknown', 'pull', null],
      ],
    ],
    [
      'Never',
      'nginx:1.27',
      'Never',
      [
        ['present', 'present', 'use-local', null],
        ['absent', 'absent', 'fail', 'ErrImageNeverPull'],
        ['unknown', 'unknown', null, null],
      ],
    ],
    [
      'an invalid image fails either way',
      'Nginx:1.27',
      'IfNotPresent',
      [
        ['present', 'absent', 'fail', 'InvalidImageName'],
        ['absent', 'absent', 'fail', 'InvalidImageName'],
        ['unknown', 'unknown', 'fail', 'InvalidImageName'],
      ],
    ],
  ])('%s', (_label, image, policy, rows) => {
    const { fleet } = predictFleet(slotInput(image, policy, threeNodes()));
    expect(fleet.nodes.map((n) => [n.node, n.image, n.outcome?.action ?? null, n.outcome?.reason ?? null])).toEqual(
      rows,
    );
  });

  it('gives each node the outcome of the hypothetical node block for its kubelet', () => {
    const input = slotInput('nginx:1.27', 'IfNotPresent', threeNodes());
    const { fleet } = predictFleet(input);
    const expected = behaviour.predictNodeBehaviour({
      ...input.slot,
      profile: kubeletProfile({ kubeletVersion: '1.34' }),
    });
    expect(fleet.nodes[0]!.outcome).toEqual(expected.imagePresent);
    expect(fleet.nodes[1]!.outcome).toEqual(expected.imageAbsent);
  });

  it('counts eligible nodes by action, with unknown for no outcome', () => {
    const { fleet } = predictFleet(
      slotInput('nginx:1.27', 'Never', [...threeNodes(), node('absent-2', 'v1.34.2', WITHOUT_NGINX)]),
    );
    expect(fleet.summary).toEqual({ pull: 0, useLocal: 1, fail: 2, unknown: 1 });
    expect(fleet.eligibleNodes).toBe(4);
  });
});

describe('predictFleet: each node with its own kubelet version', () => {
  const nodes = [
    node('eks-34', 'v1.34.2-eks-b707fbb', WITHOUT_NGINX),
    node('eks-34b', 'v1.34.1-eks-1234567', WITHOUT_NGINX),
    node('gke-29', 'v1.29.15-gke.1000', WITHOUT_NGINX),
    node('old-1', 'v1.26.15', WITHOUT_NGINX),
    node('old-2', 'v1.26.9', WITHOUT_NGINX),
    node('garbage', 'banana', WITHOUT_NGINX),
    node('silent', '', WITHOUT_NGINX),
  ];

  it('uses the node version, the cluster one when it reports none, and no outcome outside the model', () => {
    const ctx: ClusterContext = { kubeletVersion: '1.33' };
    const { fleet, assumptions } = predictFleet(slotInput('nginx:1.27', 'IfNotPresent', nodes, { ctx }));
    const pulled = (n: string) => fleet.nodes.find((p) => p.node === n)!.outcome?.events[1]?.message ?? null;
    // kubelet 1.30+ adds the image size to Pulled (kubelet-profile.ts pulledEventHasImageSize).
    expect(pulled('eks-34')).toContain('Image size');
    expect(pulled('gke-29')).not.toContain('Image size');
    expect(fleet.nodes.map((n) => [n.node, n.kubeletVersion, n.outcome?.action ?? null])).toEqual([
      ['eks-34', 'v1.34.2-eks-b707fbb', 'pull'],
      ['eks-34b', 'v1.34.1-eks-1234567', 'pull'],
      ['gke-29', 'v1.29.15-gke.1000', 'pull'],
      ['old-1', 'v1.26.15', null],
      ['old-2', 'v1.26.9', null],
      ['garbage', 'banana', null],
      ['silent', '1.33', 'pull'],
    ]);
    expect(assumptions).toEqual([
      expect.stringMatching(
        /^Kubelet version outside the modelled range: kubeletVersion "v1\.26\.15".*nodes reporting it get no outcome$/,
      ),
      expect.stringMatching(/"v1\.26\.9"/),
      expect.stringMatching(/^Unrecognised kubelet version: kubeletVersion "banana"/),
      "nodes that report no status.nodeInfo.kubeletVersion are taken to run the cluster's kubelet 1.33",
    ]);
    expect(fleet.groups.map((g) => [g.kubeletVersion, g.count])).toEqual([
      ['1.26', 2],
      ['1.34', 2],
      ['1.29', 1],
      ['1.33', 1],
      ['banana', 1],
    ]);
  });

  it('predicts once per distinct minor version, not per node', () => {
    const predict = vi.mocked(behaviour.predictNodeBehaviour);
    const many = Array.from({ length: 300 }, (_, i) =>
      node(`n${i}`, ['v1.34.2', 'v1.33.1', 'v1.32.0'][i % 3]!, WITHOUT_NGINX),
    );
    predict.mockClear();
    predictFleet(slotInput('nginx:1.27', 'IfNotPresent', many));
    expect(predict).toHaveBeenCalledTimes(3);
  });

  it('keeps the rest of the cluster context (feature gates) for every node', () => {
    const ctx: ClusterContext = { kubeletVersion: '1.34', featureGates: { KubeletEnsureSecretPulledImages: true } };
    const { fleet } = predictFleet(
      slotInput('nginx:1.27', 'IfNotPresent', [node('p', 'v1.34.0', WITH_NGINX)], { ctx }),
    );
    expect(fleet.nodes[0]!.outcome?.events[0]?.message).toContain('can be accessed by the pod');
  });
});

describe('predictFleet: eligibility', () => {
  const nodes = [
    node('a', 'v1.34.0', WITH_NGINX),
    node('gpu', 'v1.34.0', WITH_NGINX, { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] }),
    node('b', 'v1.34.0', WITHOUT_NGINX),
  ];
  const verdicts: Eligibility[] = [
    { eligible: true },
    { eligible: false, reason: 'taint nvidia.com/gpu=present:NoSchedule not tolerated' },
    { eligible: true },
  ];

  it.each([
    ['an array', verdicts],
    ['a function', (_n: NodeFacts, i: number) => verdicts[i]!],
  ])('as %s', (_label, eligibility) => {
    const { fleet } = predictFleet(slotInput('nginx:1.27', 'IfNotPresent', nodes, { eligibility }));
    expect(fleet).toMatchObject({
      eligibleNodes: 2,
      ineligibleNodes: 1,
      summary: { pull: 1, useLocal: 1, fail: 0, unknown: 0 },
      ineligible: [{ node: 'gpu', reason: 'taint nvidia.com/gpu=present:NoSchedule not tolerated' }],
    });
    expect(fleet.nodes.map((n) => n.node)).toEqual(['a', 'b']);
  });

  it('refuses an eligibility array of another length (a caller bug)', () => {
    expect(() =>
      predictFleet(slotInput('nginx:1.27', 'IfNotPresent', nodes, { eligibility: verdicts.slice(1) })),
    ).toThrow('eligibility has 2 entries for 3 nodes');
  });
});

describe('predictFleet: groups', () => {
  it('groups identical nodes, largest first, naming at most the first 10', () => {
    const nodes = [
      ...Array.from({ length: 12 }, (_, i) => node(`absent-${i}`, 'v1.34.0', WITHOUT_NGINX)),
      ...Array.from({ length: 3 }, (_, i) => node(`present-${i}`, 'v1.34.0', WITH_NGINX)),
      ...Array.from({ length: 3 }, (_, i) => node(`old-present-${i}`, 'v1.33.0', WITH_NGINX)),
      node('unknown-0', 'v1.34.0', []),
    ];
    const { fleet, assumptions } = predictFleet(slotInput('nginx:1.27', 'IfNotPresent', nodes));
    expect(fleet.groups).toEqual([
      {
        kubeletVersion: '1.34',
        image: 'absent',
        action: 'pull',
        reason: null,
        count: 12,
        nodes: Array.from({ length: FLEET_GROUP_SAMPLE }, (_, i) => `absent-${i}`),
      },
      {
        kubeletVersion: '1.33',
        image: 'present',
        action: 'use-local',
        reason: null,
        count: 3,
        nodes: ['old-present-0', 'old-present-1', 'old-present-2'],
      },
      {
        kubeletVersion: '1.34',
        image: 'present',
        action: 'use-local',
        reason: null,
        count: 3,
        nodes: ['present-0', 'present-1', 'present-2'],
      },
      { kubeletVersion: '1.34', image: 'unknown', action: null, reason: null, count: 1, nodes: ['unknown-0'] },
    ]);
    expect(assumptions).toEqual([
      expect.stringMatching(/^image presence cannot be told on some nodes: status\.images lists at most 50 images/),
    ]);
  });
});

describe('predictFleet: the fixture fleet', () => {
  const { nodes } = readNodeInventory(readFileSync(new URL('./fixtures/nodes.json', import.meta.url), 'utf8'));
  const inventory = prepareInventory(nodes);
  // A stand-in for the scheduler's judgement: no tolerations, so tainted and cordoned nodes are out.
  const untolerated = (n: NodeFacts): Eligibility =>
    n.unschedulable || n.taints.some((t) => t.effect !== 'PreferNoSchedule')
      ? { eligible: false, reason: 'tainted' }
      : { eligible: true };

  it('nginx:1.27 with IfNotPresent', () => {
    const { fleet } = predictFleet({
      ...slotInput('nginx:1.27', 'IfNotPresent', []),
      inventory,
      eligibility: untolerated,
    });
    expect(fleet.ineligible.map((i) => i.node)).toEqual([
      'gke-prod-spot-pool-3f5e2a1c-x7k2',
      'ip-10-0-77-201.us-west-2.compute.internal',
      'ip-10-0-40-5.us-west-2.compute.internal',
    ]);
    expect(fleet.nodes.map((n) => [n.node, n.image, n.outcome?.action ?? null])).toEqual([
      ['ip-10-0-12-34.us-west-2.compute.internal', 'present', 'use-local'],
      ['worker-1.ocp.example.com', 'present', 'use-local'],
      ['aks-apps-41027395-vmss000003', 'unknown', null],
    ]);
  });
});

describe('predictFleet: size', () => {
  it('5,000 nodes × 50 images: one preparation, then one slot', () => {
    const versions = ['v1.34.2-eks-b707fbb', 'v1.33.5-eks-3cfe0ce', 'v1.32.9-eks-1a2b3c4'];
    const nodes = Array.from({ length: 5000 }, (_, n) =>
      node(
        `node-${n}`,
        versions[n % versions.length]!,
        Array.from({ length: 50 }, (_, i) => {
          const repo = `123456789012.dkr.ecr.us-west-2.amazonaws.com/team-${i % 7}/app-${(n + i) % 300}`;
          return [`${repo}@sha256:${(n * 50 + i).toString(16).padStart(64, '0')}`, `${repo}:1.${i}`];
        }),
      ),
    );
    let started = performance.now();
    const inventory = prepareInventory(nodes);
    const prepareMs = performance.now() - started;
    started = performance.now();
    const { fleet } = predictFleet({
      ...slotInput('123456789012.dkr.ecr.us-west-2.amazonaws.com/team-0/app-7:1.0', 'IfNotPresent', []),
      inventory,
    });
    const predictMs = performance.now() - started;
    expect(fleet.eligibleNodes).toBe(5000);
    expect(fleet.summary.unknown).toBe(5000 - fleet.summary.useLocal);
    // Bounds far above what was measured (prepare ~1 s, predict ~10 ms): they only catch per-node re-parsing.
    expect(prepareMs).toBeLessThan(15_000);
    expect(predictMs).toBeLessThan(1_000);
  });
});
