import { KubeletVersionError, parseKubeletMinor } from '../kubelet/kubelet-version.js';
import { kubeletProfile } from '../kubelet/kubelet-profile.js';
import { predictNodeBehaviour, type PredictNodeBehaviourInput } from '../kubelet/predict-node-behaviour.js';
import type { ClusterContext, KubeletEvent, NodeAction, NodeOutcome } from '../types.js';
import type {
  Eligibility,
  FleetGroup,
  FleetNodePrediction,
  FleetSummary,
  ImagePresence,
  InventoryNode,
  NodeFacts,
  SlotFleet,
} from './fleet-types.js';
import {
  DEFAULT_NODE_STATUS_MAX_IMAGES,
  ListedNameCache,
  heldDigest,
  imageLookup,
  imagePresence,
  indexNodeImages,
  type ImageIndexOptions,
  type NodeImageIndex,
} from './image-presence.js';

/** Node names listed per group. */
export const FLEET_GROUP_SAMPLE = 10;

/** How a node's reported kubelet version reads, decided once per inventory. */
export type NodeKubelet =
  | { kind: 'modelled'; minor: number }
  /** No status.nodeInfo.kubeletVersion: the cluster context's version is used. */
  | { kind: 'unreported' }
  /** Garbage or outside the modelled range; `label` is its `major.minor` when it has one. */
  | { kind: 'unmodelled'; label: string; error: string };

export interface PreparedNode {
  /**
   * The node without its image list, which lives on only as `images` (the index): kept whole, 5,000 nodes × 50
   * images hold ~225 MB of heap against ~32 MB for the indexes.
   */
  readonly node: NodeFacts;
  readonly images: NodeImageIndex;
  readonly kubelet: NodeKubelet;
}

/** An inventory read once for many evaluations: image indexes and kubelet versions of every node. */
export interface PreparedInventory {
  readonly nodes: readonly PreparedNode[];
  readonly nodeStatusMaxImages: number;
  /** When the inventory was stored (ISO 8601), null when not known. */
  readonly observedAt: string | null;
}

export interface PrepareInventoryOptions extends ImageIndexOptions {
  /** When the inventory was stored. */
  observedAt?: Date;
}

export function prepareInventory(
  nodes: readonly InventoryNode[],
  options: PrepareInventoryOptions = {},
): PreparedInventory {
  const cache = new ListedNameCache();
  const versions = new Map<string, NodeKubelet>();
  const prepared = nodes.map((node): PreparedNode => {
    let kubelet = versions.get(node.kubeletVersion);
    if (kubelet === undefined) {
      kubelet = readNodeKubelet(node.kubeletVersion);
      versions.set(node.kubeletVersion, kubelet);
    }
    const { images, ...facts } = node;
    return { node: facts, images: indexNodeImages({ images }, options, cache), kubelet };
  });
  return {
    nodes: prepared,
    nodeStatusMaxImages: options.nodeStatusMaxImages ?? DEFAULT_NODE_STATUS_MAX_IMAGES,
    observedAt: options.observedAt?.toISOString() ?? null,
  };
}

function readNodeKubelet(version: string): NodeKubelet {
  if (version.trim() === '') return { kind: 'unreported' };
  try {
    return { kind: 'modelled', minor: parseKubeletMinor(version) };
  } catch (error) {
    if (!(error instanceof KubeletVersionError)) throw error;
    const majorMinor = /^v?(\d+)\.(\d+)/.exec(version.trim());
    const label = majorMinor ? `${Number(majorMinor[1])}.${Number(majorMinor[2])}` : version.trim();
    return { kind: 'unmodelled', label, error: error.message };
  }
}

export interface FleetSlotInput {
  /** The slot's prediction input without the kubelet profile: each node's own kubelet supplies that. */
  slot: Omit<PredictNodeBehaviourInput, 'profile'>;
  /** The cluster's facts; its kubeletVersion is replaced by each node's. */
  ctx: ClusterContext;
  inventory: PreparedInventory;
  /** Per inventory node (same order and length), or a function of the node. */
  eligibility: readonly Eligibility[] | ((node: NodeFacts, index: number) => Eligibility);
}

export interface FleetPrediction {
  fleet: SlotFleet;
  /** What the answers assumed (unmodelled or unreported kubelet versions, undecidable presence); the same text for every slot, so callers can deduplicate. */
  assumptions: string[];
}

/** The outcomes of one kubelet minor version, for the three presence answers. */
interface MinorOutcomes {
  present: NodeOutcome;
  absent: NodeOutcome;
  /** The outcome both share (Always pulls either way), else null. */
  unknown: NodeOutcome | null;
}

/**
 * The slot's fleet: per eligible node, image presence from its status.images and the outcome of its own kubelet
 * (README.md "Fleet: your cluster's own nodes"). predictNodeBehaviour runs once per distinct
 * kubelet minor among the eligible nodes, not per node. Throws only when `eligibility` is an array of another
 * length than the inventory (a caller bug).
 */
export function predictFleet(input: FleetSlotInput): FleetPrediction {
  const { inventory, eligibility, slot, ctx } = input;
  if (Array.isArray(eligibility) && eligibility.length !== inventory.nodes.length) {
    throw new Error(`eligibility has ${eligibility.length} entries for ${inventory.nodes.length} nodes`);
  }
  const eligibilityOf =
    typeof eligibility === 'function' ? eligibility : (_node: NodeFacts, i: number) => eligibility[i]!;
  const lookup = imageLookup(slot.ref);
  const outcomes = new OutcomesByMinor(slot, ctx);
  const summary: FleetSummary = { pull: 0, useLocal: 0, fail: 0, unknown: 0 };
  const nodes: FleetNodePrediction[] = [];
  const ineligible: SlotFleet['ineligible'] = [];
  const groups = new Map<string, FleetGroup>();
  const assumptions = new Set<string>();

  inventory.nodes.forEach(({ node, images, kubelet }, i) => {
    const verdict = eligibilityOf(node, i);
    if (!verdict.eligible) {
      ineligible.push({ node: node.name, reason: verdict.reason });
      return;
    }
    const image = imagePresence(images, lookup);
    let minor: number | null = null;
    let versionLabel: string;
    let kubeletVersion = node.kubeletVersion;
    if (kubelet.kind === 'modelled') {
      minor = kubelet.minor;
      versionLabel = `1.${minor}`;
    } else if (kubelet.kind === 'unmodelled') {
      versionLabel = kubelet.label;
      assumptions.add(`${kubelet.error}; nodes reporting it get no outcome`);
    } else {
      minor = outcomes.clusterMinor();
      versionLabel = minor === null ? '' : `1.${minor}`;
      kubeletVersion = versionLabel;
      assumptions.add(
        minor === null
          ? 'nodes that report no status.nodeInfo.kubeletVersion get no outcome: the cluster context names no usable kubelet version'
          : `nodes that report no status.nodeInfo.kubeletVersion are taken to run the cluster's kubelet ${versionLabel}`,
      );
    }
    const byMinor = minor === null ? null : outcomes.get(minor);
    const outcome =
      byMinor === null
        ? null
        : image === 'present'
          ? byMinor.present
          : image === 'absent'
            ? byMinor.absent
            : byMinor.unknown;
    if (image === 'unknown') assumptions.add(unknownPresenceAssumption(inventory.nodeStatusMaxImages));

    nodes.push({ node: node.name, kubeletVersion, image, digest: heldDigest(images, lookup), outcome });
    summary[summaryKey(outcome)]++;
    addToGroup(groups, versionLabel, image, outcome, node.name);
  });

  return {
    fleet: {
      observedAt: inventory.observedAt,
      eligibleNodes: nodes.length,
      ineligibleNodes: ineligible.length,
      summary,
      nodes,
      ineligible,
      groups: [...groups.values()].sort(compareGroups),
    },
    assumptions: [...assumptions],
  };
}

/** Profiles and behaviours per kubelet minor, built on first use within one predictFleet call. */
class OutcomesByMinor {
  private readonly byMinor = new Map<number, MinorOutcomes>();
  private cluster: number | null | undefined;

  constructor(
    private readonly slot: Omit<PredictNodeBehaviourInput, 'profile'>,
    private readonly ctx: ClusterContext,
  ) {}

  /** The cluster context's minor (the newest modelled when it names none); null when it is unusable. */
  clusterMinor(): number | null {
    if (this.cluster === undefined) {
      try {
        this.cluster = parseKubeletMinor(this.ctx.kubeletVersion);
      } catch {
        this.cluster = null;
      }
    }
    return this.cluster;
  }

  get(minor: number): MinorOutcomes {
    let outcomes = this.byMinor.get(minor);
    if (outcomes === undefined) {
      const profile = kubeletProfile({ ...this.ctx, kubeletVersion: `1.${minor}` });
      const behaviour = predictNodeBehaviour({ ...this.slot, profile });
      const { imagePresent: present, imageAbsent: absent } = behaviour;
      outcomes = { present, absent, unknown: sameOutcome(present, absent) ? present : null };
      this.byMinor.set(minor, outcomes);
    }
    return outcomes;
  }
}

function sameOutcome(a: NodeOutcome, b: NodeOutcome): boolean {
  return (
    a.action === b.action &&
    a.contactsRegistry === b.contactsRegistry &&
    a.reason === b.reason &&
    a.events.length === b.events.length &&
    a.events.every((e, i) => sameEvent(e, b.events[i]!))
  );
}

function sameEvent(a: KubeletEvent, b: KubeletEvent): boolean {
  return a.type === b.type && a.reason === b.reason && a.message === b.message;
}

const SUMMARY_KEYS: Record<NodeAction, keyof FleetSummary> = { pull: 'pull', 'use-local': 'useLocal', fail: 'fail' };

function summaryKey(outcome: NodeOutcome | null): keyof FleetSummary {
  return outcome === null ? 'unknown' : SUMMARY_KEYS[outcome.action];
}

function unknownPresenceAssumption(maxImages: number): string {
  const cap = maxImages < 0 ? 'every image' : `at most ${maxImages} images (the largest)`;
  return (
    `image presence cannot be told on some nodes: status.images lists ${cap} with at most 5 names each, ` +
    'and is empty when the kubelet fails to list images (pkg/kubelet/nodestatus/setters.go, Images)'
  );
}

function addToGroup(
  groups: Map<string, FleetGroup>,
  kubeletVersion: string,
  image: ImagePresence,
  outcome: NodeOutcome | null,
  name: string,
): void {
  const action = outcome?.action ?? null;
  const reason = outcome?.reason ?? null;
  const key = `${kubeletVersion}\u0000${image}\u0000${action}\u0000${reason}`;
  let group = groups.get(key);
  if (group === undefined) {
    group = { kubeletVersion, image, action, reason, count: 0, nodes: [] };
    groups.set(key, group);
  }
  group.count++;
  if (group.nodes.length < FLEET_GROUP_SAMPLE) group.nodes.push(name);
}

function compareGroups(a: FleetGroup, b: FleetGroup): number {
  return (
    b.count - a.count ||
    compareText(a.kubeletVersion, b.kubeletVersion) ||
    compareText(a.image, b.image) ||
    compareText(a.action ?? '', b.action ?? '') ||
    compareText(a.reason ?? '', b.reason ?? '')
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
