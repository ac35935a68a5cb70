/**
 * The shape of the evaluation result (evaluation-result.ts) as it is stored in a recorded evaluation
 * (`Evaluation.result`, with its version in `Evaluation.resultSchemaVersion`). Readers branch on the stored
 * version, never on the shape; raise this when a change to EvaluationResult changes what a stored result
 * holds, and teach the history reader to bring the previous version up to the new one.
 *
 * 1. Before results listed the rules they ran (`rules`) and the custom resources they did not read
 *    (`skipped`), and before input errors carried a `code`: reports need a rule catalogue from elsewhere.
 * 2. `rules`, `skipped` and error `code`s (docs/design.md "The evaluation result").
 * 3. Every slot has a `fleet` (null without a node inventory): the slot on the cluster's own nodes.
 */
export const RESULT_SCHEMA_VERSION = 3;
