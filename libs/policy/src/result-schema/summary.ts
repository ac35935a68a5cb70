import { z } from 'zod';
import { countSchema } from './numbers.js';

export const findingCountsSchema = z
  .object({ deny: countSchema(), warn: countSchema(), audit: countSchema(), waived: countSchema() })
  .meta({ id: 'FindingCounts', description: 'Unwaived findings by enforcement, and waived findings.' });

export const evaluationSummarySchema = z
  .object({
    documents: countSchema(),
    workloads: countSchema(),
    slots: countSchema(),
    findings: findingCountsSchema,
  })
  .meta({
    id: 'EvaluationSummary',
    description: 'Documents read (workloads and others), workloads, image slots, findings.',
  });
