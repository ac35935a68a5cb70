import { z } from 'zod';
import { enforcementSchema, ruleKindSchema, severitySchema } from './closed-sets.js';
import { positiveSchema } from './numbers.js';

export const evaluatedRuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: ruleKindSchema,
    version: positiveSchema(),
    enforcement: enforcementSchema,
    severity: severitySchema,
    description: z.string().nullable(),
  })
  .meta({
    id: 'EvaluatedRule',
    description:
      'A rule the evaluation ran: enabled, valid, and applying to at least one slot of the input (its cluster, ' +
      'namespace, kind, labels, image and slot type match), with or without findings. JUnit has one test case per ' +
      'workload and rule of this list, SARIF lists them as the driver rules, PolicyReport passes them per workload.',
  });
