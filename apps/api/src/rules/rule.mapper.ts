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

export function toRuleDefinition(r: Rule): RuleDefinition {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    kind: r.kind as RuleKind,
    params: r.params as Record<string, unknown>,
    match: (r.match as MatchSpec | null) ?? null,
    exclude: (r.exclude as MatchSpec | null) ?? null,
    enforcement: r.enforcement,
    severity: r.severity,
    enabled: r.enabled,
    description: r.description,
  };
}

export function toRuleResponse(r: Rule): RuleResponse {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    params: r.params as Record<string, unknown>,
    match: (r.match as MatchSpec | null) ?? null,
    exclude: (r.exclude as MatchSpec | null) ?? null,
    enforcement: r.enforcement,
    severity: r.severity,
    enabled: r.enabled,
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
    name: v.name,
    description: v.description,
    kind: v.kind,
    params: v.params as Record<string, unknown>,
    match: (v.match as MatchSpec | null) ?? null,
    exclude: (v.exclude as MatchSpec | null) ?? null,
    enforcement: v.enforcement,
    severity: v.severity,
    enabled: v.enabled,
    version: v.version,
    change: v.change,
    changedAt: v.changedAt.toISOString(),
    changedBy: v.changedBy,
  };
}
