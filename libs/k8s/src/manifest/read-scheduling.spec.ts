import { describe, expect, it } from 'vitest';
import type { PodScheduling, Toleration } from '../fleet/fleet-types.js';
import { daemonSetTolerations } from '../fleet/tolerations.js';
import { loadManifests } from './index.js';
import { NO_SCHEDULING_CONSTRAINTS } from './read-scheduling.js';

/** The scheduling facts of the only workload of `yaml`. */
function scheduling(yaml: string): PodScheduling {
  const { workloads } = loadManifests(yaml);
  expect(workloads).toHaveLength(1);
  return workloads[0]!.scheduling;
}

const tol = (key: string, operator: string, value: string, effect: string): Toleration => ({
  key,
  operator,
  value,
  effect,
});

const POD_SPEC = `
  nodeName: node-1
  nodeSelector:
    kubernetes.io/arch: arm64
    disk: ssd
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions:
          - {key: zone, operator: In, values: [a, b]}
          - {key: gpu, operator: Exists}
          matchFields:
          - {key: metadata.name, operator: NotIn, values: [node-9]}
        - matchExpressions:
          - {key: cores, operator: Gt, values: ["8"]}
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 1
        preference: {matchExpressions: [{key: ignored, operator: Exists}]}
  tolerations:
  - {key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}
  - {operator: Exists}
  - key: node.kubernetes.io/not-ready
    operator: Exists
    effect: NoExecute
    tolerationSeconds: 300
  containers:
  - {name: app, image: nginx}
`;

const READ: PodScheduling = {
  nodeName: 'node-1',
  nodeSelector: { 'kubernetes.io/arch': 'arm64', disk: 'ssd' },
  requiredNodeAffinity: [
    {
      matchExpressions: [
        { key: 'zone', operator: 'In', values: ['a', 'b'] },
        { key: 'gpu', operator: 'Exists', values: [] },
      ],
      matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-9'] }],
    },
    { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }], matchFields: [] },
  ],
  tolerations: [
    tol('dedicated', 'Equal', 'gpu', 'NoSchedule'),
    tol('', 'Exists', '', ''),
    tol('node.kubernetes.io/not-ready', 'Exists', '', 'NoExecute'),
  ],
};

const indent = (text: string, by: number) =>
  text
    .split('\n')
    .map((line) => (line === '' ? line : ' '.repeat(by) + line))
    .join('\n');

describe('readScheduling', () => {
  it('reads a Pod spec: nodeName, nodeSelector, required node affinity and tolerations', () => {
    expect(scheduling(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:${POD_SPEC}`)).toEqual(READ);
  });

  it('reads the pod template of a Deployment and a CronJob', () => {
    expect(
      scheduling(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:${indent(POD_SPEC, 4)}`,
      ),
    ).toEqual(READ);
    const cronJob = `apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:${indent(POD_SPEC, 8)}`;
    expect(scheduling(cronJob)).toEqual(READ);
  });

  it('reads each item of a List', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {nodeName: n1}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec: {nodeSelector: {x: y}}\n`;
    const [a, b] = loadManifests(list).workloads;
    expect(a!.scheduling).toEqual({ ...NO_SCHEDULING_CONSTRAINTS, nodeName: 'n1' });
    expect(b!.scheduling).toEqual({ ...NO_SCHEDULING_CONSTRAINTS, nodeSelector: { x: 'y' } });
  });

  it('constrains nothing when the spec says nothing, or there is no pod spec', () => {
    expect(
      scheduling('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: nginx}]\n'),
    ).toEqual(NO_SCHEDULING_CONSTRAINTS);
    expect(scheduling('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1}\n')).toEqual(
      NO_SCHEDULING_CONSTRAINTS,
    );
  });

  it('follows anchors and merge keys', () => {
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  <<: {nodeSelector: &sel {disk: ssd}}\n  tolerations: [&t {key: a, operator: Exists}, *t]\n`;
    expect(scheduling(yaml)).toEqual({
      ...NO_SCHEDULING_CONSTRAINTS,
      nodeSelector: { disk: 'ssd' },
      tolerations: [tol('a', 'Exists', '', ''), tol('a', 'Exists', '', '')],
    });
  });

  describe('DaemonSet', () => {
    const daemonSet = (apiVersion: string, spec: string) =>
      `apiVersion: ${apiVersion}\nkind: DaemonSet\nmetadata: {name: ds}\nspec:\n  template:\n    spec:\n${indent(spec, 6)}\n`;

    it("adds the controller's tolerations after the pod's own, without repeating one (AddOrUpdateDaemonPodTolerations)", () => {
      const spec =
        'tolerations:\n- {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute}\n- {key: dedicated, operator: Exists}\ncontainers: [{name: a, image: agent}]';
      expect(scheduling(daemonSet('apps/v1', spec)).tolerations).toEqual([
        tol('node.kubernetes.io/not-ready', 'Exists', '', 'NoExecute'),
        tol('dedicated', 'Exists', '', ''),
        ...daemonSetTolerations(false).slice(1),
      ]);
    });

    it('adds network-unavailable for a hostNetwork pod', () => {
      const spec = 'hostNetwork: true\ncontainers: [{name: a, image: agent}]';
      expect(scheduling(daemonSet('apps/v1', spec)).tolerations).toEqual(daemonSetTolerations(true));
      expect(scheduling(daemonSet('apps/v1', 'hostNetwork: "true"\ncontainers: []')).tolerations).toEqual(
        daemonSetTolerations(false),
      );
    });

    it('applies to the built-in DaemonSet (also read without apiVersion), not to a custom resource named DaemonSet', () => {
      const noApiVersion = 'kind: DaemonSet\nmetadata: {name: ds}\nspec:\n  template:\n    spec: {containers: []}\n';
      expect(scheduling(noApiVersion).tolerations).toEqual(daemonSetTolerations(false));
      expect(scheduling(daemonSet('apps.kruise.io/v1alpha1', 'containers: []')).tolerations).toEqual([]);
    });

    it('adds them even without a pod spec, and not to other kinds', () => {
      expect(scheduling('apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ds}\nspec: {}\n').tolerations).toEqual(
        daemonSetTolerations(false),
      );
      const deployment =
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec: {hostNetwork: true}\n';
      expect(scheduling(deployment).tolerations).toEqual([]);
    });
  });

  it('gives custom resources whose pod fields are not read no constraints', () => {
    const workflow =
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n  nodeSelector: {disk: ssd}\n  templates:\n  - name: main\n    container: {image: alpine}\n';
    expect(scheduling(workflow)).toBe(NO_SCHEDULING_CONSTRAINTS);
    expect(Object.isFrozen(NO_SCHEDULING_CONSTRAINTS.tolerations)).toBe(true);
  });

  // Kubernetes decodes the spec with sigs.k8s.io/yaml (YAML to JSON, then JSON into the Go types).
  describe('values as Kubernetes decodes them', () => {
    const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${indent(spec, 2)}\n`;

    it('an empty or null nodeName is no nodeName', () => {
      expect(scheduling(pod('nodeName: ""')).nodeName).toBeNull();
      expect(scheduling(pod('nodeName: null')).nodeName).toBeNull();
    });

    it('nodeSelector keys that YAML reads as numbers or booleans are strings; a null value is ""', () => {
      expect(scheduling(pod('nodeSelector: {1: a, true: b, empty: null}')).nodeSelector).toEqual({
        '1': 'a',
        true: 'b',
        empty: '',
      });
    });

    it('a toleration field that is null is ""', () => {
      expect(
        scheduling(pod('tolerations: [{key: a, operator: null, value: ~, effect: NoSchedule}]')).tolerations,
      ).toEqual([tol('a', '', '', 'NoSchedule')]);
    });

    it('requiredDuringScheduling without terms matches nothing ([]); a null term is the empty term', () => {
      const empty = 'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {}}}';
      expect(scheduling(pod(empty)).requiredNodeAffinity).toEqual([]);
      const nullTerm =
        'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [null]}}}';
      expect(scheduling(pod(nullTerm)).requiredNodeAffinity).toEqual([{ matchExpressions: [], matchFields: [] }]);
    });

    it('a requirement without values has none; a null value is ""', () => {
      const terms =
        'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: a, operator: Exists, values: null}, {key: b, operator: In, values: [null]}]}]}}}';
      expect(scheduling(pod(terms)).requiredNodeAffinity).toEqual([
        {
          matchExpressions: [
            { key: 'a', operator: 'Exists', values: [] },
            { key: 'b', operator: 'In', values: [''] },
          ],
          matchFields: [],
        },
      ]);
    });
  });

  // The API server refuses these objects; api-server-refusals.ts and strict-fields.ts report them.
  describe('values of the wrong type', () => {
    const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n${indent(spec, 2)}\n`;

    it('are ignored at the top level', () => {
      const spec =
        'nodeName: 5\nnodeSelector: [a]\naffinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [x]}}\ntolerations: {key: a}';
      expect(scheduling(pod(spec))).toEqual(NO_SCHEDULING_CONSTRAINTS);
    });

    it('leave out a nodeSelector entry whose value is not a string', () => {
      expect(scheduling(pod('nodeSelector: {a: 1, b: "2", c: [x]}')).nodeSelector).toEqual({ b: '2' });
    });

    it('leave out a malformed toleration rather than tolerate more', () => {
      const spec =
        'tolerations:\n- {key: 5, operator: Exists}\n- null\n- Exists\n- {key: a, operator: Exists, value: true}\n- {key: b, operator: Exists}';
      expect(scheduling(pod(spec)).tolerations).toEqual([tol('b', 'Exists', '', '')]);
    });

    it('make a malformed requirement unmatchable rather than drop it; leave out a term that is not a mapping', () => {
      const spec =
        'affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [x, {matchExpressions: [{key: a, operator: In, values: [1]}, 7, {key: b, operator: Exists}]}]}}}';
      const unparsable = { key: '', operator: '', values: [] };
      expect(scheduling(pod(spec)).requiredNodeAffinity).toEqual([
        { matchExpressions: [unparsable, unparsable, { key: 'b', operator: 'Exists', values: [] }], matchFields: [] },
      ]);
    });

    it('report nothing themselves', () => {
      const clean = loadManifests(pod('containers: [{name: a, image: nginx}]')).errors;
      const spec = 'containers: [{name: a, image: nginx}]\ntolerations: [{key: 5}]\nnodeSelector: {a: 1}';
      const errors = loadManifests(pod(spec)).errors;
      expect(errors.filter((e) => e.path?.includes('tolerations') || e.path?.includes('nodeSelector')).length).toBe(
        errors.length - clean.length,
      );
    });
  });
});
