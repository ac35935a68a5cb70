// The fleet through the whole pipeline: the engine's per-node prediction on a real-looking NodeList
// (libs/k8s/src/fleet/fixtures/nodes.json: EKS 1.34 and 1.33 (cordoned), GKE spot 1.33, OpenShift 1.32, a GPU node
// 1.34, an AKS 1.35 node at the 50-image cap) and never-requires-preloaded judging from it.
import { readFileSync } from 'node:fs';
import { evaluateManifests, prepareInventory, readNodeInventory, type ClusterContext } from '#k8s';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.js';
import { judge } from './evaluate.js';
import { makeRule, NOW } from './test-support.js';

const { nodes, errors } = readNodeInventory(
  readFileSync(new URL('../../k8s/src/fleet/fixtures/nodes.json', import.meta.url), 'utf8'),
);
const inventory = prepareInventory(nodes, { observedAt: new Date('2026-12-07T03:00:00Z') });
const EKS = 'ip-10-0-12-34.us-west-2.compute.internal';
const CORDONED = 'ip-10-0-77-201.us-west-2.compute.internal';
const GPU = 'ip-10-0-40-5.us-west-2.compute.internal';
const SPOT = 'gke-prod-spot-pool-3f5e2a1c-x7k2';
const OCP = 'worker-1.ocp.example.com';
const AKS = 'aks-apps-41027395-vmss000003';

function pod(image: string, policy: string, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { containers: [{ name: 'app', image, imagePullPolicy: policy }], ...spec },
  };
}

function run(manifest: unknown, ctx: ClusterContext = {}) {
  const rule = makeRule({ name: 'never-needs-image', kind: 'never-requires-preloaded', enforcement: 'deny' });
  const k8s = evaluateManifests(manifest, ctx, { inventory });
  return judge(k8s, { ruleSet: compileRuleSet([rule], []), context: ctx, cluster: 'prod', now: NOW });
}

describe('fleet', () => {
  it('reads the fixture without errors', () => {
    expect(errors).toEqual([]);
    expect(nodes).toHaveLength(6);
  });

  it('judges each eligible node with its own kubelet and the image it lists', () => {
    const result = run(pod('nginx:1.27', 'Never'));
    const fleet = result.workloads[0]!.slots[0]!.fleet!;
    expect(fleet.observedAt).toBe('2026-12-07T03:00:00.000Z');
    // Cordoned, spot-tainted and GPU-tainted nodes are out; the rest are candidates.
    expect(fleet.ineligible.map((n) => n.node).sort()).toEqual([CORDONED, GPU, SPOT].sort());
    expect(fleet.ineligible.find((n) => n.node === GPU)!.reason).toBe(
      'taint nvidia.com/gpu=present:NoSchedule not tolerated',
    );
    const byNode = Object.fromEntries(fleet.nodes.map((n) => [n.node, n]));
    expect(byNode[EKS]!.image).toBe('present');
    expect(byNode[EKS]!.kubeletVersion).toBe('v1.34.2-eks-b707fbb');
    expect(byNode[EKS]!.outcome!.action).toBe('use-local');
    expect(byNode[OCP]!.image).toBe('present');
    // At the 50-image cap absence cannot be proven, and with Never the outcome depends on it.
    expect(byNode[AKS]!.image).toBe('unknown');
    expect(byNode[AKS]!.outcome).toBeNull();
    expect(fleet.summary).toEqual({ pull: 0, useLocal: 2, fail: 0, unknown: 1 });
    const shop = run(pod('acmeprod.azurecr.io/shop/api:2.0.0', 'Never')).workloads[0]!.slots[0]!.fleet!;
    const shopBy = Object.fromEntries(shop.nodes.map((n) => [n.node, n]));
    expect(shopBy[AKS]!.image).toBe('present');
    expect(shopBy[OCP]!.image).toBe('absent');
    expect(shopBy[OCP]!.outcome!.reason).toBe('ErrImageNeverPull');
    expect(shop.summary).toEqual({ pull: 0, useLocal: 1, fail: 2, unknown: 0 });
    expect(shop.groups[0]).toMatchObject({ image: 'absent', action: 'fail', reason: 'ErrImageNeverPull', count: 1 });
    expect(fleet.eligibleNodes + fleet.ineligibleNodes).toBe(6);
    expect(result.assumptions.some((a) => a.startsWith('fleet: nodes judged eligible from the pod spec alone'))).toBe(
      true,
    );
  });

  it('gives Always its outcome even where presence is unknown', () => {
    const fleet = run(pod('nginx:1.27', 'Always')).workloads[0]!.slots[0]!.fleet!;
    expect(fleet.nodes.every((n) => n.outcome?.action === 'pull')).toBe(true);
    expect(fleet.summary.pull).toBe(fleet.eligibleNodes);
  });

  it('follows tolerations, nodeSelector and nodeName', () => {
    const gpu = run(
      pod('nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04', 'IfNotPresent', {
        tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
        nodeSelector: { 'kubernetes.io/hostname': GPU },
      }),
    ).workloads[0]!.slots[0]!.fleet!;
    expect(gpu.nodes.map((n) => n.node)).toEqual([GPU]);
    expect(gpu.nodes[0]!.image).toBe('present');
    const pinned = run(pod('nginx:1.27', 'IfNotPresent', { nodeName: OCP })).workloads[0]!.slots[0]!.fleet!;
    expect(pinned.nodes.map((n) => n.node)).toEqual([OCP]);
  });

  it('never-requires-preloaded names the nodes without the image', () => {
    const absent = run(pod('acmeprod.azurecr.io/shop/api:2.0.0', 'Never')).findings[0]!;
    expect(absent.message).toContain(`of the 3 nodes the pod can land on, 2 do not list it: ${EKS}, ${OCP};`);
    const unknown = run(pod('nginx:1.27', 'Never'));
    expect(unknown.findings[0]!.message).toContain(`1 cannot tell (status.images is capped): ${AKS};`);
    expect(unknown.verdict).toBe('fail');
  });

  it('never-requires-preloaded passes when every eligible node lists the image', () => {
    const result = run(pod('nginx:1.27', 'Never', { nodeName: EKS }));
    expect(result.findings).toEqual([]);
    expect(result.verdict).toBe('pass');
  });

  it('without an inventory every slot has fleet null', () => {
    const k8s = evaluateManifests(pod('nginx:1.27', 'Never'), {});
    expect(k8s.workloads[0]!.slots[0]!.fleet).toBeNull();
  });
});

describe('mutable-tag-drift', () => {
  const node = (name: string, digest: string, arch = 'amd64') => ({
    name,
    labels: { 'kubernetes.io/arch': arch },
    taints: [],
    unschedulable: false,
    kubeletVersion: 'v1.34.2',
    images: [
      {
        names: [`registry.example.com/shop/web@sha256:${digest.repeat(64)}`, 'registry.example.com/shop/web:1.4'],
        sizeBytes: 1,
      },
    ],
  });
  const drifted = prepareInventory([node('a', 'a'), node('b', 'a'), node('c', 'b')]);
  const rule = makeRule({ name: 'drift', kind: 'mutable-tag-drift', enforcement: 'warn' });
  const judgeOn = (inv: typeof drifted, image: string, policy: string) =>
    judge(evaluateManifests(pod(image, policy), {}, { inventory: inv }), {
      ruleSet: compileRuleSet([rule], []),
      context: {},
      cluster: null,
      now: NOW,
    });

  it('warns when the nodes hold the tag at different digests and the policy reuses them', () => {
    const result = judgeOn(drifted, 'registry.example.com/shop/web:1.4', 'IfNotPresent');
    const slot = result.workloads[0]!.slots[0]!;
    expect(slot.fleet!.nodes.map((n) => n.digest)).toEqual([
      `sha256:${'a'.repeat(64)}`,
      `sha256:${'a'.repeat(64)}`,
      `sha256:${'b'.repeat(64)}`,
    ]);
    const [finding] = result.findings;
    expect(finding!.message).toContain('means 2 different images on the nodes the pod can land on');
    expect(finding!.message).toContain('sha256:aaaaaaaaaaaa… on a, b; sha256:bbbbbbbbbbbb… on c');
    expect(finding!.fix!.description).toContain(`the one most of these nodes hold is sha256:${'a'.repeat(64)}`);
    expect(result.verdict).toBe('warn');
  });

  it.each([
    ['Always resolves the tag at every start', 'registry.example.com/shop/web:1.4', 'Always', drifted],
    [
      'a digest reference is one content',
      `registry.example.com/shop/web@sha256:${'a'.repeat(64)}`,
      'IfNotPresent',
      drifted,
    ],
    [
      'one digest everywhere',
      'registry.example.com/shop/web:1.4',
      'IfNotPresent',
      prepareInventory([node('a', 'a'), node('b', 'a')]),
    ],
  ])('does not fire: %s', (_why, image, policy, inv) => {
    expect(judgeOn(inv, image, policy).findings).toEqual([]);
  });
});
