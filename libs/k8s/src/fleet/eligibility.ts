import type { Eligibility, NodeFacts, NodeTaint, PodScheduling } from './fleet-types.js';
import { affinityNodeNames, nodeSelectorTermsMatch, unmatchedNodeSelector } from './node-affinity.js';
import {
  findUntoleratedTaint,
  formatTaint,
  TAINT_NODE_UNSCHEDULABLE,
  tolerationsTolerateTaint,
} from './tolerations.js';

/*
 * Whether a pod could land on a node, from the pod spec alone (README.md "Fleet: your cluster's own
 * nodes"). Resources, host ports, volumes, pod (anti-)affinity and topology spread are not judged.
 */

const AFFINITY_MISMATCH = 'required node affinity does not match';

/**
 * Whether the pod could run on the node, and if not the first thing that excludes it.
 *
 * Without spec.nodeName the scheduler places the pod, and its default filters run in the order of
 * pkg/scheduler/apis/config/v1/default_plugins.go (getDefaultPlugins): NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity. NodeAffinity's PreFilter runs before any of them and, when every term names
 * nodes (`matchFields` metadata.name In), drops the other nodes outright.
 *
 * With spec.nodeName the scheduler never sees the pod (it only takes pods whose spec.nodeName is empty): the
 * kubelet of that node admits it. Its admission (pkg/kubelet/lifecycle/predicate.go, generalFilter) runs
 * scheduler.AdmissionCheck (pkg/scheduler/eventhandlers.go: resources, nodeSelector and required node affinity,
 * node name, host ports) and then checks only NoExecute taints ("Kubelet is only interested in the NoExecute
 * taint"). So a cordon and NoSchedule taints do not keep such a pod off its node; NoExecute taints and a
 * nodeSelector or affinity the node does not satisfy do (the pod fails admission).
 */
export function nodeEligibility(pod: PodScheduling, node: NodeFacts): Eligibility {
  if (pod.nodeName !== null) return kubeletAdmission(pod, pod.nodeName, node);

  // NodeAffinity PreFilter.
  const names = pod.requiredNodeAffinity ? affinityNodeNames(pod.requiredNodeAffinity) : null;
  if (names !== null && !names.has(node.name)) return ineligible(AFFINITY_MISMATCH);

  // NodeUnschedulable (node_unschedulable.go): a pod tolerating the cordon's taint also tolerates the cordon.
  if (node.unschedulable && !tolerationsTolerateTaint(pod.tolerations, CORDON_TAINT)) {
    return ineligible('cordoned (spec.unschedulable) and not tolerated');
  }
  // NodeName passes: spec.nodeName is empty here.

  // TaintToleration (taint_toleration.go, Filter): PreferNoSchedule taints only lower the score.
  const taint = findUntoleratedTaint(node.taints, pod.tolerations, (t) => DO_NOT_SCHEDULE.has(t.effect));
  if (taint) return untolerated(taint);

  return nodeAffinity(pod, node) ?? eligible();
}

/** The taint spec.unschedulable stands for (v1.TaintNodeUnschedulable:NoSchedule, empty value). */
const CORDON_TAINT: NodeTaint = { key: TAINT_NODE_UNSCHEDULABLE, value: '', effect: 'NoSchedule' };

/** helper.DoNotScheduleTaintsFilterFunc: the effects the TaintToleration filter considers. */
const DO_NOT_SCHEDULE: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);

function kubeletAdmission(pod: PodScheduling, nodeName: string, node: NodeFacts): Eligibility {
  if (node.name !== nodeName) {
    return ineligible(`node name is ${JSON.stringify(node.name)} but spec.nodeName is ${JSON.stringify(nodeName)}`);
  }
  const affinity = nodeAffinity(pod, node);
  if (affinity) return affinity;
  const taint = findUntoleratedTaint(node.taints, pod.tolerations, (t) => t.effect === 'NoExecute');
  return taint ? untolerated(taint) : eligible();
}

/** RequiredNodeAffinity.Match: the nodeSelector first, then the required terms; null when both match. */
function nodeAffinity(pod: PodScheduling, node: NodeFacts): Eligibility | null {
  const selector = unmatchedNodeSelector(pod.nodeSelector, node.labels);
  if (selector) return ineligible(`nodeSelector ${selector[0]}=${selector[1]} does not match`);
  if (pod.requiredNodeAffinity && !nodeSelectorTermsMatch(pod.requiredNodeAffinity, node)) {
    return ineligible(AFFINITY_MISMATCH);
  }
  return null;
}

function untolerated(taint: NodeTaint): Eligibility {
  return ineligible(`taint ${formatTaint(taint)} not tolerated`);
}

function eligible(): Eligibility {
  return { eligible: true };
}

function ineligible(reason: string): Eligibility {
  return { eligible: false, reason };
}
