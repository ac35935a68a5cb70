import { z } from 'zod';
import { verdictSchema } from './closed-sets.js';
import { evaluatedRuleSchema } from './evaluated-rule.js';
import { findingSchema, locatedFindingSchema } from './finding.js';
import { slotImageSchema } from './image.js';
import { engineErrorSchema, inputErrorSchema, skippedResourceSchema } from './input-problems.js';
import { fleetSchema } from './fleet.js';
import { nodeBehaviourSchema } from './node-behaviour.js';
import { pullPolicyResolutionSchema } from './pull-policy.js';
import { evaluationSummarySchema } from './summary.js';
import { workloadSchema } from './workload.js';

/** What the engine returns (assembleResult). */
export const evaluationResultSchema = z.object({
  verdict: verdictSchema,
  summary: evaluationSummarySchema,
  workloads: z.array(workloadSchema),
  findings: z.array(locatedFindingSchema),
  errors: z.array(engineErrorSchema),
  skipped: z.array(skippedResourceSchema).meta({
    description: 'Objects with image-like fields that were read but not evaluated; they do not change the verdict.',
  }),
  // Readonly in the type only: its entries are shared by every result of one compiled rule set.
  rules: z
    .array(evaluatedRuleSchema)
    .readonly()
    .meta({
      description:
        'The rules the evaluation ran (those applying to at least one slot of the input), with or without findings; ' +
        'not the whole catalogue (GET /v1/rules).',
    }),
  assumptions: z.array(z.string()).meta({
    description: 'Facts the answers assumed (kubelet version, feature gates, verification policy).',
  }),
});

/**
 * The result as the API answers it: the engine's, with the id of the record when it was recorded, and errors
 * whose `code` may be absent (in results recorded before errors had one).
 */
export const evaluationAnswerSchema = z
  .object({
    id: z
      .string()
      .nullable()
      .meta({
        format: 'uuid',
        description: 'Set when the evaluation was recorded (`record: true`), else null.',
        graphql: { type: 'ID' },
      }),
    ...evaluationResultSchema.shape,
    errors: z.array(inputErrorSchema),
  })
  .meta({
    id: 'EvaluationResult',
    description:
      'Per-workload, per-slot results, the findings, the verdict. `id` is set when the evaluation was recorded ' +
      '(`record: true`), else null.',
  });

export const effectivePolicySchema = z
  .object({
    image: slotImageSchema,
    pullPolicy: pullPolicyResolutionSchema,
    node: nodeBehaviourSchema,
    fleet: fleetSchema.nullable(),
    findings: z.array(findingSchema),
    namespace: z.string(),
    assumptions: z.array(z.string()),
  })
  .meta({
    id: 'EffectivePolicyAnswer',
    graphql: { name: 'EffectivePolicy' },
    description:
      'The answer for one image in one namespace (as a single-container Pod), with the same shapes as a slot.',
  });
