/** The API's answers the Rules pages read (apps/api/openapi.json: Rule, RuleList, RuleVersion, ImpactReport). */

type Enforcement = 'deny' | 'warn' | 'audit';
type Verdict = 'pass' | 'warn' | 'fail' | 'error';

/** What a rule says, as POST /v1/rules takes it and a version records it. */
export interface RuleContent {
  name: string;
  description: string | null;
  kind: string;
  params: Record<string, unknown>;
  match: Record<string, unknown> | null;
  exclude: Record<string, unknown> | null;
  enforcement: Enforcement;
  severity: string;
  enabled: boolean;
}

export interface Rule extends RuleContent {
  id: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

export interface RuleList {
  items: Rule[];
  nextCursor: string | null;
  totalCount: number;
}

export interface RuleVersion extends RuleContent {
  id: string;
  version: number;
  change: 'created' | 'updated' | 'restored' | 'deleted';
  changedAt: string;
  changedBy: string | null;
}

export interface ImpactedEvaluation {
  id: string;
  createdAt: string;
  source: { repository: string | null; commit: string | null; pipeline: string | null };
  cluster: string | null;
  before: Verdict;
  after: Verdict;
  addedFindings: number;
  removedFindings: number;
}

export interface ImpactReport {
  rule: string;
  replaces: { id: string; name: string; version: number } | null;
  evaluated: number;
  flipped: number;
  summary: string;
  byTransition: Record<string, number>;
  evaluations: ImpactedEvaluation[];
  skipped: { id: string; reason: string }[];
}

/** A rule as GET /v1/rules/:id answers it, with the ETag a change must send back in If-Match. */
export interface RuleWithEtag {
  rule: Rule;
  etag: string;
}
