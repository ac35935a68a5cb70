import type { ClusterContext, PreparedInventory } from '#k8s';
import {
  contextFromProfile,
  type CompiledRuleSet,
  type ExceptionDefinition,
  type ProfileFacts,
  type RuleDefinition,
} from '#policy';

/** A stored cluster profile: the facts an evaluation uses, with its identity and version. */
export interface ClusterProfileDefinition extends ProfileFacts {
  id: string;
  name: string;
  labels: Record<string, string>;
  version: number;
}

/** A cluster profile as the snapshot holds it: its facts, and its node inventory ready for per-node predictions. */
interface SnapshotClusterProfile extends ClusterProfileDefinition {
  /** The stored inventory (`PUT /v1/clusters/{id}/nodes`), read and indexed once; null when there is none. */
  inventory: PreparedInventory | null;
}

/** Everything evaluations need, compiled once and read without touching the database. */
export interface PolicySnapshot {
  rules: RuleDefinition[];
  exceptions: ExceptionDefinition[];
  /** By name. */
  clusters: Map<string, SnapshotClusterProfile>;
  compiled: CompiledRuleSet;
  builtAt: Date;
  /**
   * The policy version (`PolicyVersion` row, bumped by a trigger on every change of rules, exceptions or
   * profiles) read before the data: the snapshot includes at least every change up to it.
   */
  policyVersion: number;
}

/**
 * The context an evaluation runs with: the named profile's facts, overridden by explicit fields.
 * Null when the named profile does not exist (callers decide whether that is a 400 or a skip).
 */
export function resolveContext(
  snap: PolicySnapshot,
  cluster: string | null | undefined,
  explicit: ClusterContext = {},
): ClusterContext | null {
  if (!cluster) return { ...explicit };
  const profile = snap.clusters.get(cluster);
  return profile ? { ...contextFromProfile(profile), ...explicit } : null;
}
