import type { NodeAction, NodeOutcome } from '../types.js';

/*
 * The cluster's own node inventory, as `kubectl get nodes -o json` reports it, reduced to what a per-node
 * prediction uses (README.md "Fleet: your cluster's own nodes").
 */

/** `spec.taints[i]` (core/v1 Taint). */
export interface NodeTaint {
  key: string;
  /** '' when absent. */
  value: string;
  /** `NoSchedule` | `PreferNoSchedule` | `NoExecute`. */
  effect: string;
}

/** `status.images[i]` (core/v1 ContainerImage): the runtime's RepoDigests first, then RepoTags, at most 5. */
export interface NodeImage {
  names: string[];
  sizeBytes: number;
}

export interface InventoryNode {
  /** metadata.name. */
  name: string;
  /** metadata.labels. */
  labels: Record<string, string>;
  /** spec.taints. */
  taints: NodeTaint[];
  /** spec.unschedulable (cordoned). */
  unschedulable: boolean;
  /** status.nodeInfo.kubeletVersion as reported, e.g. `v1.34.2-eks-1234`; '' when absent. */
  kubeletVersion: string;
  /** status.images, in the order reported (the kubelet sorts them largest first). */
  images: NodeImage[];
}

/** A node without its image list: what scheduling and per-node predictions read once images are indexed. */
export type NodeFacts = Omit<InventoryNode, 'images'>;

/** core/v1 NodeSelectorRequirement. */
export interface NodeSelectorRequirement {
  key: string;
  /** `In` | `NotIn` | `Exists` | `DoesNotExist` | `Gt` | `Lt`. */
  operator: string;
  values: string[];
}

/** core/v1 NodeSelectorTerm: its requirements are ANDed. */
export interface NodeSelectorTerm {
  matchExpressions: NodeSelectorRequirement[];
  matchFields: NodeSelectorRequirement[];
}

/** core/v1 Toleration; absent strings are ''. */
export interface Toleration {
  key: string;
  /** `Equal` (the default, also for '') | `Exists`. */
  operator: string;
  value: string;
  /** '' matches every effect. */
  effect: string;
}

/** What the scheduler reads of a pod spec to choose its node (resources and pod affinity aside). */
export interface PodScheduling {
  /** spec.nodeName; null when absent or empty. */
  nodeName: string | null;
  /** spec.nodeSelector. */
  nodeSelector: Record<string, string>;
  /**
   * spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms (ORed); null
   * when there is no required node affinity.
   */
  requiredNodeAffinity: NodeSelectorTerm[] | null;
  /** spec.tolerations, plus those the DaemonSet controller adds when the workload is a DaemonSet. */
  tolerations: Toleration[];
}

/** Why a node is not a candidate: the first thing that excludes it, e.g. `taint dedicated=gpu:NoSchedule not tolerated`. */
export type Eligibility = { eligible: true } | { eligible: false; reason: string };

/** Whether the node holds the slot's image, as far as its `status.images` can tell. */
export const IMAGE_PRESENCES = ['present', 'absent', 'unknown'] as const;
export type ImagePresence = (typeof IMAGE_PRESENCES)[number];

export interface FleetNodePrediction {
  node: string;
  kubeletVersion: string;
  image: ImagePresence;
  /** For a slot naming a tag: the digest the node lists with that tag (what the tag means there); else null. */
  digest: string | null;
  /** The node's outcome for its own kubelet; null when it depends on presence that cannot be told, or the version is not modelled. */
  outcome: NodeOutcome | null;
}

/** Eligible nodes counted by outcome action (`unknown`: outcome null). */
export interface FleetSummary {
  pull: number;
  useLocal: number;
  fail: number;
  unknown: number;
}

/** Eligible nodes with the same kubelet minor, image presence and outcome, so a large fleet stays readable. */
export interface FleetGroup {
  /** `1.34`; for a version outside the modelled range its `major.minor` as reported (or the raw string). */
  kubeletVersion: string;
  image: ImagePresence;
  action: NodeAction | null;
  reason: string | null;
  count: number;
  /** The first names (at most FLEET_GROUP_SAMPLE), in inventory order. */
  nodes: string[];
}

/** A slot's per-node prediction over the cluster's inventory (the evaluation's `fleet`). */
export interface SlotFleet {
  /** When the inventory was stored (ISO 8601), null when not known: its facts are that old at least. */
  observedAt: string | null;
  eligibleNodes: number;
  ineligibleNodes: number;
  summary: FleetSummary;
  /** One per eligible node, in inventory order. */
  nodes: FleetNodePrediction[];
  ineligible: Array<{ node: string; reason: string }>;
  /** Sorted by count (largest first), then kubeletVersion, image, action, reason. */
  groups: FleetGroup[];
}
