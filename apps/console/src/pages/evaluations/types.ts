import type { ApiSchemas } from '../../api/api-schemas.generated';

/** GET /v1/evaluations. */
export type EvaluationRecordList = ApiSchemas['EvaluationRecordList'];

/** GET /v1/evaluations/{id}: the summary, the full result and the inline context it ran with. */
export type RecordedEvaluation = ApiSchemas['RecordedEvaluation'];

/** Names for the filter suggestions (GET /v1/rules, GET /v1/clusters): only what both lists' items have. */
export interface NamedList {
  items: Pick<ApiSchemas['Rule'] | ApiSchemas['ClusterProfile'], 'id' | 'name'>[];
}

/** History state of a link from the list to one evaluation: the list's filters, for the way back. */
export interface BackState {
  listSearch?: string;
}
