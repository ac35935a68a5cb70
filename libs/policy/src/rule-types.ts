import type { SlotType } from '#k8s';
import type { Enforcement, Severity } from './evaluation-result.js';
import type { RULE_KINDS } from './result-schema/closed-sets.js';

export { ENFORCEMENTS, RULE_KINDS, SEVERITIES } from './result-schema/closed-sets.js';
export type RuleKind = (typeof RULE_KINDS)[number];

/** Kubernetes LabelSelectorRequirement (apimachinery/pkg/apis/meta/v1/types.go). */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/**
 * Where a rule or exception applies. Every field is optional and an absent field matches everything;
 * strings accept `*` globs. `images` match the normalised reference `registry/repository[:tag][@digest]`.
 */
export interface MatchSpec {
  clusters?: string[];
  namespaces?: string[];
  kinds?: string[];
  labels?: LabelSelector;
  images?: string[];
  slots?: SlotType[];
}

/** A stored rule as the engine sees it (validated when written). */
export interface RuleDefinition {
  id: string;
  name: string;
  version: number;
  kind: RuleKind;
  params: Record<string, unknown>;
  match?: MatchSpec | null;
  exclude?: MatchSpec | null;
  enforcement: Enforcement;
  severity: Severity;
  enabled: boolean;
  description?: string | null;
}

/** A waiver: which rules (by name, `*` for all), where, why, who, until when. */
export interface ExceptionDefinition {
  id: string;
  name: string;
  rules: string[];
  match?: MatchSpec | null;
  justification: string;
  owner: string;
  ticket?: string | null;
  expiresAt?: Date | null;
}

/** What an evaluation knows about the target beyond the manifests. */
export interface RuleContext {
  cluster: string | null;
  /** Images the cluster profile lists as preloaded on nodes. */
  preloadedImages: string[];
  now: Date;
}

/** A problem with a rule, exception or match definition, named by its field path. */
export interface DefinitionProblem {
  path: string;
  message: string;
}
