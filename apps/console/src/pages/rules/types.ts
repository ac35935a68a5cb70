/** The API's answers the Rules pages read, as apps/api/openapi.json defines them (generated). */
import type { ApiSchemas } from '../../api/api-schemas.generated';

export type Rule = ApiSchemas['Rule'];
export type RuleList = ApiSchemas['RuleList'];
export type RuleVersion = ApiSchemas['RuleVersion'];
export type RuleVersionList = ApiSchemas['RuleVersionList'];
export type ImpactedEvaluation = ApiSchemas['ImpactedEvaluation'];
export type ImpactReport = ApiSchemas['ImpactReport'];

/** What a rule says, as POST /v1/rules takes it and a version records it: the fields Rule and RuleVersion share. */
export type RuleContent = Pick<
  Rule | RuleVersion,
  'name' | 'description' | 'kind' | 'params' | 'match' | 'exclude' | 'enforcement' | 'severity' | 'enabled'
>;

/** A rule as GET /v1/rules/:id answers it, with the ETag a change must send back in If-Match. */
export interface RuleWithEtag {
  rule: Rule;
  etag: string;
}
