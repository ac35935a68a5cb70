import type { SlotEvaluation, SlotImage, WorkloadEvaluation } from '#k8s';
import type { Fix } from '../evaluation-result.js';
import type { RuleParams } from '../rule-params.js';
import type { RuleContext, RuleKind } from '../rule-types.js';

/** Facts about the evaluation that checks need beyond the slot, computed once per evaluation. */
export interface RuleEnv {
  ctx: RuleContext;
  /** Whether the cluster profile lists the image as preloaded (libs/k8s preloadedMatcher). */
  isPreloaded(image: SlotImage): boolean;
  /** Whether the slot's policy field is written in the manifest (a valid or an invalid value). */
  policyFieldPresent(workload: WorkloadEvaluation, slot: SlotEvaluation): boolean;
}

export interface CheckInput {
  slot: SlotEvaluation;
  workload: WorkloadEvaluation;
  env: RuleEnv;
}

/** A broken rule: what is wrong, concretely, and how to fix it. */
export interface CheckResult {
  message: string;
  fix: Fix | null;
}

export type SlotCheck = (input: CheckInput) => CheckResult | null;

/** One rule kind: its one-line meaning and how to turn validated params into a check (globs compiled once). */
export interface RuleKindHandler<K extends RuleKind> {
  kind: K;
  summary: string;
  compile(params: RuleParams<K>): SlotCheck;
}
