// POST /v1/evaluations' answer and its parts, as apps/api/openapi.json defines them (generated, never re-declared).
import type { ApiSchemas } from '../../api/api-schemas.generated';

export type Verdict = ApiSchemas['Verdict'];
export type NodeAction = ApiSchemas['NodeOutcome']['action'];
export type FindingCounts = ApiSchemas['FindingCounts'];
export type NodeOutcome = ApiSchemas['NodeOutcome'];
export type NodeBehaviour = ApiSchemas['NodeBehaviour'];
export type Fleet = ApiSchemas['Fleet'];
export type JsonPatchOperation = ApiSchemas['JsonPatchOperation'];
export type LocatedFinding = ApiSchemas['LocatedFinding'];
export type SlotResult = ApiSchemas['SlotResult'];
export type WorkloadResult = ApiSchemas['WorkloadResult'];
export type EvaluationResult = ApiSchemas['EvaluationResult'];
