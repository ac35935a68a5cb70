// Recorded evaluations (GET /v1/evaluations[/{id}]): apps/api/src/history/history.service.ts.
import { DATE_TIME, type JsonSchema } from './json-schema.js';

export const EvaluationSource = {
  type: 'object',
  description: 'Where the manifests came from, as the caller said.',
  required: ['repository', 'commit', 'pipeline'],
  properties: {
    repository: { type: ['string', 'null'], examples: ['github.com/acme/shop'] },
    commit: { type: ['string', 'null'], examples: ['4f2c1e9'] },
    pipeline: { type: ['string', 'null'], examples: ['deploy-prod'] },
  },
} as const satisfies JsonSchema;

const summaryProperties = {
  id: { type: 'string', format: 'uuid' },
  createdAt: DATE_TIME,
  verdict: { $ref: '#/components/schemas/Verdict' },
  cluster: { type: ['string', 'null'], description: 'The cluster profile named by the request.' },
  namespaces: { type: 'array', items: { type: 'string' }, description: 'Namespaces of the workloads, sorted.' },
  source: { $ref: '#/components/schemas/EvaluationSource' },
  summary: { $ref: '#/components/schemas/EvaluationSummary' },
  ruleVersions: {
    type: 'array',
    description: 'The enabled rules (and their versions) the evaluation ran with.',
    items: {
      type: 'object',
      required: ['id', 'name', 'version'],
      properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' }, version: { type: 'integer' } },
    },
  },
  createdBy: { type: ['string', 'null'] },
} as const;
const summaryRequired = Object.keys(summaryProperties) as (keyof typeof summaryProperties)[];

export const EvaluationRecordSummary = {
  type: 'object',
  description: 'One recorded evaluation without its full result: what lists and dashboards show.',
  required: summaryRequired,
  properties: summaryProperties,
} as const satisfies JsonSchema;

export const RecordedEvaluation = {
  type: 'object',
  description:
    'A recorded evaluation: the summary fields, the full result (as POST /v1/evaluations returned it, with its id) ' +
    'the inline context it ran with, and the submitted text of each document holding a workload (so a fix can be ' +
    "shown applied; the input's other documents, a Secret say, are not handed out).",
  required: [...summaryRequired, 'result', 'context', 'documents'],
  properties: {
    ...summaryProperties,
    result: { $ref: '#/components/schemas/EvaluationResult' },
    context: { $ref: '#/components/schemas/EvaluationContext' },
    documents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['document', 'text'],
        properties: {
          document: {
            type: 'integer',
            minimum: 0,
            description: 'Its 0-based index in the input, as workloads, findings and fixes name it.',
          },
          text: { type: 'string', description: 'As submitted, from its first node to its last.' },
        },
      },
    },
  },
} as const satisfies JsonSchema;
