// Renderings of an evaluation other than the JSON result (libs/reports): described by their own standards,
// so only the outer shape is given here.
import { REPORT_FORMATS } from '#reports';
import { type JsonSchema } from './json-schema.js';

export const ReportFormat = {
  type: 'string',
  enum: [...REPORT_FORMATS],
  description:
    'The rendering: `json` (the result, `application/json`), `sarif` (SARIF 2.1.0, `application/sarif+json`), ' +
    '`junit` (JUnit XML, `application/xml`), `markdown` (a pull-request comment, `text/markdown`), `policyreport` ' +
    '(wgpolicyk8s.io/v1alpha2 PolicyReport, `application/json`; a v1 `List` of them when the workloads span several ' +
    'namespaces). Wins over `Accept`; without either, JSON.',
} as const satisfies JsonSchema;

export const SarifLog = {
  type: 'object',
  description:
    'A SARIF 2.1.0 log with one run: one result per unwaived finding, the rules of the current rule set as the ' +
    'driver rules (for GitHub code scanning and other SARIF readers).',
  externalDocs: { url: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html' },
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', format: 'uri' },
    version: { const: '2.1.0' },
    runs: { type: 'array', minItems: 1, items: { type: 'object' } },
  },
} as const satisfies JsonSchema;

const RESULT = ['pass', 'fail', 'warn', 'error', 'skip'] as const;

export const PolicyReport = {
  type: 'object',
  description:
    'A wgpolicyk8s.io/v1alpha2 PolicyReport for one namespace (what Kyverno, Policy Reporter and others read): ' +
    'unwaived deny -> fail, warn and audit -> warn (audit with scored false), waived -> skip, a rule a workload ' +
    'meets -> pass, an input error -> error.',
  externalDocs: { url: 'https://github.com/kubernetes-sigs/wg-policy-prototypes/tree/master/policy-report' },
  required: ['apiVersion', 'kind', 'metadata', 'summary', 'results'],
  properties: {
    apiVersion: { const: 'wgpolicyk8s.io/v1alpha2' },
    kind: { const: 'PolicyReport' },
    metadata: {
      type: 'object',
      required: ['name', 'namespace'],
      properties: {
        name: { type: 'string' },
        namespace: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    summary: {
      type: 'object',
      required: [...RESULT],
      properties: Object.fromEntries(RESULT.map((r) => [r, { type: 'integer', minimum: 0 }])),
    },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['source', 'policy', 'rule', 'result', 'message'],
        properties: {
          source: { const: 'pullwise' },
          policy: { type: 'string' },
          rule: { type: 'string' },
          category: { type: 'string' },
          severity: { type: 'string', enum: ['critical', 'high', 'medium', 'low', 'info'] },
          timestamp: {
            type: 'object',
            required: ['seconds', 'nanos'],
            properties: { seconds: { type: 'integer' }, nanos: { type: 'integer' } },
          },
          result: { type: 'string', enum: [...RESULT] },
          scored: { type: 'boolean' },
          resources: {
            type: 'array',
            items: {
              type: 'object',
              required: ['kind', 'name'],
              properties: { kind: { type: 'string' }, name: { type: 'string' }, namespace: { type: 'string' } },
            },
          },
          message: { type: 'string' },
          properties: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  },
} as const satisfies JsonSchema;

export const PolicyReportList = {
  type: 'object',
  description: 'One PolicyReport per namespace, as a v1 List (`kubectl apply -f` accepts it).',
  required: ['apiVersion', 'kind', 'items'],
  properties: {
    apiVersion: { const: 'v1' },
    kind: { const: 'List' },
    items: { type: 'array', items: { $ref: '#/components/schemas/PolicyReport' } },
  },
} as const satisfies JsonSchema;
