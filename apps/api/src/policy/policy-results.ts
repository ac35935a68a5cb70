import type { PlanChange, PolicyPlan } from '#policy';
import type { Scope } from '../auth/scopes.js';
import type { ImpactReport } from '../impact/impact-report.js';

export interface PlanOptions {
  /** Delete what the bundle does not name. */
  prune: boolean;
  /** Replay the last N (1 to 1000) recorded evaluations under each created or updated rule. */
  impact?: number;
}

export interface PlanRequest extends PlanOptions {
  /** The caller's scopes: an impact preview shows recorded evaluations, which takes `rules:read`. */
  scopes: readonly Scope[];
}

export interface PolicyPlanChange extends PlanChange {
  /** With `impact=N`: what the rule would flip among the last N recorded evaluations. */
  impact?: ImpactReport;
}

export interface PolicyPlanResult extends PolicyPlan {
  changes: PolicyPlanChange[];
  /** The policy version the plan was computed against: send it as If-Match to apply exactly this plan. */
  policyVersion: number;
  /** sha256 of the bundle's canonical form (the YAML and JSON of one bundle share it). */
  bundleDigest: string;
  prune: boolean;
}

export interface PolicyApplyResult extends PolicyPlanResult {
  /** False when the store already matched the bundle: nothing was written, no version made. */
  applied: boolean;
  /** The version before the apply (`policyVersion` is the one after). */
  previousPolicyVersion: number;
}
