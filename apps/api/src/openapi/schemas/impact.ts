// POST /v1/rules/impact answer: apps/api/src/impact/impact-report.ts ImpactReport (the request comes from its zod).
import { DATE_TIME, type JsonSchema } from './json-schema.js';

export const ImpactedEvaluation = {
  type: 'object',
  description: 'A recorded evaluation whose verdict or findings the change alters.',
  required: ['id', 'createdAt', 'source', 'cluster', 'before', 'after', 'addedFindings', 'removedFindings'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    createdAt: DATE_TIME,
    source: { $ref: '#/components/schemas/EvaluationSource' },
    cluster: { type: ['string', 'null'] },
    before: { $ref: '#/components/schemas/Verdict' },
    after: { $ref: '#/components/schemas/Verdict' },
    addedFindings: {
      type: 'integer',
      minimum: 0,
      description: 'Findings the proposed rules produce and the current ones do not.',
    },
    removedFindings: {
      type: 'integer',
      minimum: 0,
      description: 'Findings the current rules produce and the proposed ones do not.',
    },
  },
} as const satisfies JsonSchema;

export const ImpactReport = {
  type: 'object',
  description: 'How a proposed rule (or change to one) would have changed the most recent recorded evaluations.',
  required: ['rule', 'replaces', 'evaluated', 'flipped', 'summary', 'byTransition', 'evaluations', 'skipped'],
  properties: {
    rule: { type: 'string', description: 'Name of the proposed rule.' },
    replaces: {
      description: 'The stored rule it replaces (by `replaces`, else the same name), or null for a new rule.',
      oneOf: [
        {
          type: 'object',
          required: ['id', 'name', 'version'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            name: { type: 'string' },
            version: { type: 'integer' },
          },
        },
        { type: 'null' },
      ],
    },
    evaluated: { type: 'integer', minimum: 0, description: 'Evaluations replayed.' },
    flipped: { type: 'integer', minimum: 0, description: 'Evaluations whose verdict changes.' },
    summary: { type: 'string', examples: ['this change flips 3 of the last 100 evaluations'] },
    byTransition: {
      type: 'object',
      description: 'Count of flipped evaluations per `before->after`.',
      propertyNames: { pattern: '^(pass|warn|fail)->(pass|warn|fail)$' },
      additionalProperties: { type: 'integer', minimum: 1 },
      examples: [{ 'pass->fail': 2, 'warn->fail': 1 }],
    },
    evaluations: { type: 'array', items: { $ref: '#/components/schemas/ImpactedEvaluation' } },
    skipped: {
      type: 'array',
      description: 'Recorded evaluations that could not be replayed (e.g. their cluster profile was deleted since).',
      items: {
        type: 'object',
        required: ['id', 'reason'],
        properties: { id: { type: 'string', format: 'uuid' }, reason: { type: 'string' } },
      },
    },
  },
} as const satisfies JsonSchema;
