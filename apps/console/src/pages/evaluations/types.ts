import type { EvaluationResult, EvaluationSummary, Verdict } from '../../components/evaluation/types';

/** GET /v1/evaluations items (apps/api/openapi.json, EvaluationRecordSummary). */
interface EvaluationRecordSummary {
  id: string;
  createdAt: string;
  verdict: Verdict;
  cluster: string | null;
  namespaces: string[];
  source: { repository: string | null; commit: string | null; pipeline: string | null };
  summary: EvaluationSummary;
  ruleVersions: { id: string; name: string; version: number }[];
  createdBy: string | null;
}

export interface EvaluationRecordList {
  items: EvaluationRecordSummary[];
  nextCursor: string | null;
  totalCount: number;
}

/** GET /v1/evaluations/{id}: the summary, the full result and the inline context it ran with. */
export interface RecordedEvaluation extends EvaluationRecordSummary {
  result: EvaluationResult;
  context: Record<string, unknown>;
  /** The submitted text of each document holding a workload (the input's other documents are not handed out). */
  documents: { document: number; text: string }[];
}

/** Names for the filter suggestions (GET /v1/rules, GET /v1/clusters). */
export interface NamedList {
  items: { id: string; name: string }[];
}

/** History state of a link from the list to one evaluation: the list's filters, for the way back. */
export interface BackState {
  listSearch?: string;
}
