import type { Rule, RuleVersion } from '#db';
import type { MatchSpec, RuleDefinition, RuleKind } from '#policy';

export interface RuleResponse {
  id: string;
  name: string;
  description: string | null;
  kind: string;
  params: Record<string, unknown>;
  match: MatchSpec | null;
  exclude: MatchSpec | null;
  enforcement: string;
  severity: string;
  enabled: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

export interface RuleVersionResponse extends Omit<RuleResponse, 'createdAt' | 'updatedAt' | 'createdBy' | 'updatedBy'> {
  change: string;
  changedAt: string;
  changedBy: string | null;
}

type RuleContent = Pick<
  Rule,
  'name' | 'description' | 'kind' | 'params' | 'match' | 'exclude' | 'enforcement' | 'severity' | 'enabled'
>;

/** The fields a rule and each of its versions share, as the API shows them. */
function content(r: RuleContent) {
  return {
    name: r.name,
    description: r.description,
    kind: r.kind,
    params: r.params as Record<string, unknown>,
    match: (r.match as MatchSpec | null) ?? null,
    exclude: (r.exclude as MatchSpec | null) ?? null,
    enforcement: r.enforcement,
    severity: r.severity,
    enabled: r.enabled,
  };
}

export function toRuleDefinition(r: Rule): RuleDefinition {
  return { ...content(r), id: r.id, version: r.version, kind: r.kind as RuleKind };
}

export function toRuleResponse(r: Rule): RuleResponse {
  return {
    id: r.id,
    ...content(r),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    createdBy: r.createdBy,
    updatedBy: r.updatedBy,
  };
}

export function toRuleVersionResponse(v: RuleVersion): RuleVersionResponse {
  return {
    id: v.ruleId,
    ...content(v),
    version: v.version,
    change: v.change,
    changedAt: v.changedAt.toISOString(),
    changedBy: v.changedBy,
  };
}
