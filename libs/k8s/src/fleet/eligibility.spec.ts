import { describe, expect, it } from 'vitest';
import { nodeEligibility } from './eligibility.js';
import type { Eligibility, InventoryNode, NodeTaint, PodScheduling, Toleration } from './fleet-types.js';
import { withDaemonSetTolerations } from './tolerations.js';

function node(fields: Partial<InventoryNode> = {}): InventoryNode {
  return {
    name: 'nodeA',
    labels: {},
    taints: [],
    unschedulable: false,
    kubeletVersion: 'v1.34.2',
    images: [],
    ...fields,
  };
}

function pod(fields: Partial<PodScheduling> = {}): PodScheduling {
  return { nodeName: null, nodeSelector: {}, requiredNodeAffinity: null, tolerations: [], ...fields };
}

const taint = (key: string, value: string, effect: string): NodeTaint => ({ key, value, effect });
const tol = (key: string, operator: string, value: string, effect: string): Toleration => ({
  key,
  operator,
  value,
  effect,
});
const ok: Eligibility = { eligible: true };
const no = (reason: string): Eligibility => ({ eligible: false, reason });
const UNTOLERATED_DEDICATED = no('taint dedicated=user1:NoSchedule not tolerated');

describe('nodeEligibility', () => {
  // pkg/scheduler/framework/plugins/nodename/node_name_test.go, TestNodeName.
  describe('NodeName', () => {
    it('no host specified', () => {
      expect(nodeEligibility(pod(), node({ name: '' }))).toEqual(ok);
    });
    it('host matches', () => {
      expect(nodeEligibility(pod({ nodeName: 'foo' }), node({ name: 'foo' }))).toEqual(ok);
    });
    it("host doesn't match", () => {
      expect(nodeEligibility(pod({ nodeName: 'bar' }), node({ name: 'foo' }))).toEqual(
        no('node name is "foo" but spec.nodeName is "bar"'),
      );
    });
  });

  // pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable_test.go, TestNodeUnschedulable.
  describe('NodeUnschedulable', () => {
    it('Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)', () => {
      expect(nodeEligibility(pod(), node({ unschedulable: true }))).toEqual(
        no('cordoned (spec.unschedulable) and not tolerated'),
      );
    });
    it('Schedule pod to normal node', () => {
      expect(nodeEligibility(pod(), node({ unschedulable: false }))).toEqual(ok);
    });
    it('Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)', () => {
      const tolerations = [tol('node.kubernetes.io/unschedulable', '', '', 'NoSchedule')];
      expect(nodeEligibility(pod({ tolerations }), node({ unschedulable: true }))).toEqual(ok);
    });
    it('a cordon is tolerated by the tolerate-everything toleration, not by one for NoExecute', () => {
      expect(nodeEligibility(pod({ tolerations: [tol('', 'Exists', '', '')] }), node({ unschedulable: true }))).toEqual(
        ok,
      );
      const noExecute = [tol('node.kubernetes.io/unschedulable', 'Exists', '', 'NoExecute')];
      expect(nodeEligibility(pod({ tolerations: noExecute }), node({ unschedulable: true }))).toEqual(
        no('cordoned (spec.unschedulable) and not tolerated'),
      );
    });
  });

  // pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go, TestTaintTolerationFilter (names as
  // upstream). The Gt/Lt rows run with TaintTolerationComparisonOperators off, the default: nothing tolerates.
  describe('TaintToleration', () => {
    const dedicatedUser1 = [taint('dedicated', 'user1', 'NoSchedule')];
    // [name, tolerations, taints, result]
    const cases: Array<[string, Toleration[], NodeTaint[], Eligibility]> = [
      [
        "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
        [],
        dedicatedUser1,
        UNTOLERATED_DEDICATED,
      ],
      [
        'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule',
        [tol('dedicated', '', 'user1', 'NoSchedule')],
        dedicatedUser1,
        ok,
      ],
      [
        "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
        [tol('dedicated', 'Equal', 'user2', 'NoSchedule')],
        dedicatedUser1,
        UNTOLERATED_DEDICATED,
      ],
      [
        'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
        [tol('foo', 'Exists', '', 'NoSchedule')],
        [taint('foo', 'bar', 'NoSchedule')],
        ok,
      ],
      [
        'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
        [tol('dedicated', 'Equal', 'user2', 'NoSchedule'), tol('foo', 'Exists', '', 'NoSchedule')],
        [taint('dedicated', 'user2', 'NoSchedule'), taint('foo', 'bar', 'NoSchedule')],
        ok,
      ],
      [
        "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
        [tol('foo', 'Equal', 'bar', 'PreferNoSchedule')],
        [taint('foo', 'bar', 'NoSchedule')],
        no('taint foo=bar:NoSchedule not tolerated'),
      ],
      [
        'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
        [tol('foo', 'Equal', 'bar', '')],
        [taint('foo', 'bar', 'NoSchedule')],
        ok,
      ],
      [
        "The pod has a toleration that key and value don't match the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
        [tol('dedicated', 'Equal', 'user2', 'NoSchedule')],
        [taint('dedicated', 'user1', 'PreferNoSchedule')],
        ok,
      ],
      [
        'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node',
        [],
        [taint('dedicated', 'user1', 'PreferNoSchedule')],
        ok,
      ],
      [
        'Pod with Gt toleration cannot be scheduled on node when taint value is lower than threshold',
        [tol('node.example.com/priority-level', 'Gt', '950', 'NoSchedule')],
        [taint('node.example.com/priority-level', '800', 'NoSchedule')],
        no('taint node.example.com/priority-level=800:NoSchedule not tolerated'),
      ],
      [
        'Pod with Gt toleration cannot be scheduled when feature gate is disabled',
        [tol('node.kubernetes.io/sla', 'Gt', '750', 'NoSchedule')],
        [taint('node.kubernetes.io/sla', '950', 'NoSchedule')],
        no('taint node.kubernetes.io/sla=950:NoSchedule not tolerated'),
      ],
      [
        'Pod with Lt toleration cannot be scheduled when feature gate is disabled',
        [tol('node.kubernetes.io/sla', 'Lt', '950', 'NoSchedule')],
        [taint('node.kubernetes.io/sla', '800', 'NoSchedule')],
        no('taint node.kubernetes.io/sla=800:NoSchedule not tolerated'),
      ],
      [
        'Pod with mixed tolerations (Equal and Gt) when feature gate is disabled - only Equal is honored',
        [tol('dedicated', 'Equal', 'user1', 'NoSchedule'), tol('node.kubernetes.io/sla', 'Gt', '750', 'NoSchedule')],
        dedicatedUser1,
        ok,
      ],
      // Beyond the upstream table.
      [
        'a NoExecute taint excludes too',
        [],
        [taint('node.kubernetes.io/not-ready', '', 'NoExecute')],
        no('taint node.kubernetes.io/not-ready:NoExecute not tolerated'),
      ],
      [
        'the first untolerated taint in the node order is named',
        [tol('a', 'Exists', '', '')],
        [
          taint('a', '', 'NoSchedule'),
          taint('p', '', 'PreferNoSchedule'),
          taint('b', '2', 'NoExecute'),
          taint('c', '', 'NoSchedule'),
        ],
        no('taint b=2:NoExecute not tolerated'),
      ],
      [
        'the tolerate-everything toleration',
        [tol('', 'Exists', '', '')],
        [taint('x', 'y', 'NoExecute'), taint('z', '', 'NoSchedule')],
        ok,
      ],
    ];
    it.each(cases)('%s', (_name, tolerations, taints, result) => {
      expect(nodeEligibility(pod({ tolerations }), node({ taints }))).toEqual(result);
    });
  });

  // pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go, TestNodeAffinity (Filter); the matching
  // itself is node-affinity.spec.ts.
  describe('NodeAffinity', () => {
    it('missing labels', () => {
      expect(nodeEligibility(pod({ nodeSelector: { foo: 'bar' } }), node())).toEqual(
        no('nodeSelector foo=bar does not match'),
      );
    });
    it('node labels are superset', () => {
      expect(
        nodeEligibility(pod({ nodeSelector: { foo: 'bar' } }), node({ labels: { foo: 'bar', baz: 'blah' } })),
      ).toEqual(ok);
    });
    it("Pod with affinity that don't match node's labels won't schedule onto the node", () => {
      const requiredNodeAffinity = [
        { matchExpressions: [{ key: 'foo', operator: 'In', values: ['value1', 'value2'] }], matchFields: [] },
      ];
      expect(nodeEligibility(pod({ requiredNodeAffinity }), node({ labels: { foo: 'bar' } }))).toEqual(
        no('required node affinity does not match'),
      );
    });
    it('the nodeSelector is judged before the required affinity (RequiredNodeAffinity.Match)', () => {
      const requiredNodeAffinity = [
        { matchExpressions: [{ key: 'zone', operator: 'Exists', values: [] }], matchFields: [] },
      ];
      expect(
        nodeEligibility(pod({ nodeSelector: { 'kubernetes.io/arch': 'arm64' }, requiredNodeAffinity }), node()),
      ).toEqual(no('nodeSelector kubernetes.io/arch=arm64 does not match'));
    });
    it('an empty list of terms matches no node', () => {
      expect(nodeEligibility(pod({ requiredNodeAffinity: [] }), node())).toEqual(
        no('required node affinity does not match'),
      );
    });
  });

  // pkg/scheduler/apis/config/v1/default_plugins.go: NodeUnschedulable, NodeName, TaintToleration, NodeAffinity;
  // NodeAffinity's PreFilter before all of them.
  describe('filter order', () => {
    const everythingWrong = node({
      name: 'nodeA',
      unschedulable: true,
      taints: [taint('dedicated', 'gpu', 'NoSchedule')],
      labels: { 'kubernetes.io/arch': 'amd64' },
    });
    const picky = pod({ nodeSelector: { 'kubernetes.io/arch': 'arm64' } });

    it('the cordon first', () => {
      expect(nodeEligibility(picky, everythingWrong)).toEqual(no('cordoned (spec.unschedulable) and not tolerated'));
    });
    it('then taints, before the nodeSelector', () => {
      expect(nodeEligibility(picky, { ...everythingWrong, unschedulable: false })).toEqual(
        no('taint dedicated=gpu:NoSchedule not tolerated'),
      );
    });
    it('then the nodeSelector', () => {
      expect(nodeEligibility(picky, { ...everythingWrong, unschedulable: false, taints: [] })).toEqual(
        no('nodeSelector kubernetes.io/arch=arm64 does not match'),
      );
    });
    it('affinity naming other nodes drops the node before the cordon is looked at (NodeAffinity PreFilter)', () => {
      const requiredNodeAffinity = [
        { matchExpressions: [], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['nodeB'] }] },
      ];
      expect(nodeEligibility(pod({ requiredNodeAffinity }), everythingWrong)).toEqual(
        no('required node affinity does not match'),
      );
      expect(nodeEligibility(pod({ requiredNodeAffinity }), node({ name: 'nodeB', unschedulable: true }))).toEqual(
        no('cordoned (spec.unschedulable) and not tolerated'),
      );
      expect(nodeEligibility(pod({ requiredNodeAffinity }), node({ name: 'nodeB' }))).toEqual(ok);
    });
  });

  // With spec.nodeName the kubelet admits the pod (pkg/kubelet/lifecycle/predicate.go generalFilter).
  describe('spec.nodeName (kubelet admission, no scheduler)', () => {
    const bound = (fields: Partial<PodScheduling> = {}) => pod({ nodeName: 'nodeA', ...fields });

    it('runs on its node although it is cordoned', () => {
      expect(nodeEligibility(bound(), node({ unschedulable: true }))).toEqual(ok);
    });
    it('runs on its node despite NoSchedule taints', () => {
      expect(nodeEligibility(bound(), node({ taints: [taint('dedicated', 'gpu', 'NoSchedule')] }))).toEqual(ok);
    });
    it('is refused by an untolerated NoExecute taint', () => {
      const taints = [
        taint('dedicated', 'gpu', 'NoSchedule'),
        taint('node.kubernetes.io/unreachable', '', 'NoExecute'),
      ];
      expect(nodeEligibility(bound(), node({ taints }))).toEqual(
        no('taint node.kubernetes.io/unreachable:NoExecute not tolerated'),
      );
      const tolerations = [tol('node.kubernetes.io/unreachable', 'Exists', '', 'NoExecute')];
      expect(nodeEligibility(bound({ tolerations }), node({ taints }))).toEqual(ok);
    });
    it('is refused when its nodeSelector or required affinity does not match (scheduler.AdmissionCheck)', () => {
      expect(nodeEligibility(bound({ nodeSelector: { disk: 'ssd' } }), node())).toEqual(
        no('nodeSelector disk=ssd does not match'),
      );
      const requiredNodeAffinity = [
        { matchExpressions: [], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['nodeB'] }] },
      ];
      expect(nodeEligibility(bound({ requiredNodeAffinity }), node({ unschedulable: true }))).toEqual(
        no('required node affinity does not match'),
      );
    });
    it('never runs on another node, whatever else matches', () => {
      expect(nodeEligibility(bound({ tolerations: [tol('', 'Exists', '', '')] }), node({ name: 'nodeB' }))).toEqual(
        no('node name is "nodeB" but spec.nodeName is "nodeA"'),
      );
    });
  });

  // pkg/controller/daemon/util/daemonset_util.go, AddOrUpdateDaemonPodTolerations, as read-scheduling.ts applies it.
  describe('DaemonSet pods', () => {
    const daemon = (hostNetwork: boolean) => pod({ tolerations: withDaemonSetTolerations([], hostNetwork) });

    it('tolerate the cordon and node problems', () => {
      const taints = [
        taint('node.kubernetes.io/not-ready', '', 'NoExecute'),
        taint('node.kubernetes.io/unreachable', '', 'NoExecute'),
        taint('node.kubernetes.io/disk-pressure', '', 'NoSchedule'),
        taint('node.kubernetes.io/memory-pressure', '', 'NoSchedule'),
        taint('node.kubernetes.io/pid-pressure', '', 'NoSchedule'),
        taint('node.kubernetes.io/unschedulable', '', 'NoSchedule'),
      ];
      expect(nodeEligibility(daemon(false), node({ unschedulable: true, taints }))).toEqual(ok);
    });
    it('tolerate network-unavailable only with hostNetwork', () => {
      const taints = [taint('node.kubernetes.io/network-unavailable', '', 'NoSchedule')];
      expect(nodeEligibility(daemon(false), node({ taints }))).toEqual(
        no('taint node.kubernetes.io/network-unavailable:NoSchedule not tolerated'),
      );
      expect(nodeEligibility(daemon(true), node({ taints }))).toEqual(ok);
    });
    it('do not tolerate other taints', () => {
      expect(nodeEligibility(daemon(true), node({ taints: [taint('dedicated', 'user1', 'NoSchedule')] }))).toEqual(
        UNTOLERATED_DEDICATED,
      );
    });
  });
});
