// Exceptions as apps/api/openapi.json defines them (generated). The list is read over GraphQL
// (exceptions-api.ts), whose Exception has the same fields, `match` as JSON of this MatchSpec.
import type { ApiSchemas } from '../../api/api-schemas.generated';

export type LabelSelectorRequirement = ApiSchemas['LabelSelectorRequirement'];
export type LabelSelector = ApiSchemas['LabelSelector'];
export type SlotType = ApiSchemas['SlotType'];
export type MatchSpec = ApiSchemas['MatchSpec'];
export type Exception = ApiSchemas['Exception'];

/**
 * What POST /v1/exceptions takes, except that `rules` may be empty: the form sends what the user chose and the
 * API's 400 names the field.
 */
export type ExceptionInput = Omit<ApiSchemas['ExceptionInput'], 'rules'> & { rules: string[] };

/** What PATCH /v1/exceptions/{id} takes, `rules` again possibly empty (the API's 400 names it). */
export type ExceptionPatch = Omit<ApiSchemas['ExceptionPatch'], 'rules'> & { rules?: string[] };
