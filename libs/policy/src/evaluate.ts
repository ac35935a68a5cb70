import {
  evaluateManifests,
  type ClusterContext,
  type CredentialVerificationPolicy,
  type EvaluateOptions,
  type K8sEvaluation,
  type PodTemplatePath,
} from '#k8s';
import { applyRules } from './apply-rules.js';
import type { CompiledRule, CompiledRuleSet } from './compile.js';
import { assembleResult, type EvaluationResult } from './evaluation-result.js';

/** Everything one evaluation depends on besides its input; callers take all of it from one policy snapshot. */
export interface EvaluationSettings {
  /** The rules and exceptions to apply (the result's `rules` lists its rules). */
  ruleSet: CompiledRuleSet;
  /** The resolved cluster context: a profile's facts (contextFromProfile) with any explicit fields over them. */
  context: ClusterContext;
  /** The cluster profile's name, for rules and exceptions matching `clusters`; null when none is named. */
  cluster: string | null;
  /** When exceptions are decided (expiry). */
  now: Date;
  /** The engine's ceilings (maxDocuments, maxSlots, …); none by default. */
  limits?: EvaluateOptions;
}

/**
 * The one evaluation pipeline (REST, GraphQL, admission, impact replays and the CLI's offline mode): what
 * Kubernetes decides (libs/k8s evaluateManifests), the rules on top (applyRules), assembled into the result.
 * Never throws for an input problem: those are `errors` with a code (libs/k8s error-codes.ts), which each
 * transport answers as it must. Throws KubeletVersionError for an unusable kubelet version in the context.
 */
export function evaluate(input: unknown, settings: EvaluationSettings): EvaluationResult {
  return judge(evaluateManifests(input, settings.context, settings.limits), settings);
}

/**
 * The second half of `evaluate`: `ruleSet` applied to what Kubernetes decided. For comparing rule sets on one
 * input without reading it again (impact replays).
 */
export function judge(k8s: K8sEvaluation, settings: Omit<EvaluationSettings, 'limits'>): EvaluationResult {
  const { ruleSet, context, cluster, now } = settings;
  const ran = new Set<CompiledRule>();
  const findings = applyRules(k8s, ruleSet, { cluster, preloadedImages: context.preloadedImages ?? [], now }, ran);
  return assembleResult(k8s, findings, ruleSet.evaluatedRulesOf(ran));
}

/** The facts of a cluster profile that an evaluation uses (a stored profile, or a rules file's `cluster`). */
export interface ProfileFacts {
  admissionPlugins: string[];
  kubeletVersion: string | null;
  credentialVerificationPolicy: CredentialVerificationPolicy | null;
  verificationAllowlist: string[];
  preloadedImages: string[];
  podTemplatePaths: PodTemplatePath[];
}

/** A profile's facts as an evaluation context; explicit context fields are spread over it by the caller. */
export function contextFromProfile(p: ProfileFacts): ClusterContext {
  return {
    admissionPlugins: p.admissionPlugins,
    ...(p.kubeletVersion ? { kubeletVersion: p.kubeletVersion } : {}),
    ...(p.credentialVerificationPolicy ? { credentialVerificationPolicy: p.credentialVerificationPolicy } : {}),
    verificationAllowlist: p.verificationAllowlist,
    preloadedImages: p.preloadedImages,
    ...(p.podTemplatePaths.length > 0 ? { podTemplatePaths: p.podTemplatePaths } : {}),
  };
}
