// The GraphQL types of the evaluation result, made from its zod schema (libs/policy/src/result-schema) by
// objectTypeFromZod: a field added to the schema appears here with no edit (docs/design.md "The result schema").
// Each export is the class for `@Field(() => X)` and, under the same name, the type of its values.
import {
  effectivePolicySchema,
  evaluationAnswerSchema,
  evaluationSummarySchema,
  fleetNodeSchema,
  fleetSchema,
  verdictSchema,
  type EvaluationAnswer,
  type EvaluationSummary,
} from '#policy';
import type { z } from 'zod';
import { enumFromZod, objectTypeFromZod } from '../../graphql/object-type-from-zod.js';

export const EvaluationResultModel = objectTypeFromZod<EvaluationAnswer>(evaluationAnswerSchema);
export type EvaluationResultModel = EvaluationAnswer;

export const EffectivePolicyModel = objectTypeFromZod<z.output<typeof effectivePolicySchema>>(effectivePolicySchema);
export type EffectivePolicyModel = z.output<typeof effectivePolicySchema>;

/** The same class the result's `summary` field uses (made once per schema). */
export const SummaryModel = objectTypeFromZod<EvaluationSummary>(evaluationSummarySchema);
export type SummaryModel = EvaluationSummary;

/** The `Verdict` enum, for other models that show a verdict (`@Field(() => VerdictEnum)`). */
export const VerdictEnum = enumFromZod(verdictSchema);

/** A slot's `fleet` (made once per schema, so it is the class the slot's field shows). */
export const FleetModel = objectTypeFromZod<z.output<typeof fleetSchema>>(fleetSchema);
export type FleetModel = z.output<typeof fleetSchema>;
export const FleetNodeModel = objectTypeFromZod<z.output<typeof fleetNodeSchema>>(fleetNodeSchema);
export type FleetNodeModel = z.output<typeof fleetNodeSchema>;
