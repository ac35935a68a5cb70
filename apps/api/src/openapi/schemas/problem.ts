// RFC 9457 problem details, as every REST error leaves (apps/api/src/common/errors/problem-details.ts).
import type { ErrorCode } from '../../common/errors/app-error.js';
import { problemType, toProblem } from '../../common/errors/problem-details.js';
import { type JsonSchema } from './json-schema.js';

/** When each problem type is sent. `satisfies` keeps this list complete when an ErrorCode is added. */
export const PROBLEM_TYPES = {
  'invalid-input':
    'The request is not valid: body, query parameter, path parameter or header. `errors` names every problem ' +
    '(`path`, and for manifests `document` and `line`).',
  unauthorized: 'Credentials are missing or wrong.',
  forbidden: 'The credentials do not allow this.',
  'not-found': 'The resource does not exist (ids are UUIDs; anything else cannot exist).',
  'method-not-allowed': 'The path exists but not with this method.',
  'not-acceptable': 'No rendering the Accept header allows.',
  conflict: 'A resource with that name already exists.',
  'precondition-failed': 'If-Match names a version that is no longer current: read the resource again and retry.',
  'precondition-required': 'The request must be conditional (If-Match).',
  'payload-too-large': 'The body is larger than the configured limit (PULLWISE_BODY_LIMIT, default 5 MiB).',
  'unsupported-media-type': 'The Content-Type is not one the operation reads (JSON, or YAML where documented).',
  'unreadable-manifests':
    'Not one Kubernetes object could be read from the manifests (every document is an error): nothing was judged. ' +
    "`errors` lists each document's problem (`document`, `path`, `line`, `message`), as `errors` of a result would.",
  'rate-limited': 'Too many requests; retry after the time in Retry-After.',
  internal: 'An unexpected error; it has been logged and its text does not leave the server.',
  unavailable: 'The service cannot answer now (e.g. the database is unreachable).',
  timeout: 'The operation took too long.',
} as const satisfies Record<ErrorCode, string>;

const PROBLEM_CODES = Object.keys(PROBLEM_TYPES) as ErrorCode[];

const table = [
  '| type | status | title | when |',
  '| --- | --- | --- | --- |',
  ...PROBLEM_CODES.map((code) => {
    const { status, title } = toProblem(code, '');
    return `| \`${problemType(code)}\` | ${status} | ${title} | ${PROBLEM_TYPES[code]} |`;
  }),
].join('\n');

export const ProblemLocation = {
  type: 'object',
  description: 'Where in the input a problem is.',
  required: ['message'],
  properties: {
    document: { type: ['integer', 'null'], minimum: 0, description: '0-based index of the manifest document.' },
    path: { type: ['string', 'null'], description: 'Field path (`params.allowed[0]`), parameter or header name.' },
    line: { type: ['integer', 'null'], minimum: 1, description: '1-based line in the submitted text.' },
    column: { type: ['integer', 'null'], minimum: 1 },
    message: { type: 'string' },
  },
} as const satisfies JsonSchema;

export const Problem = {
  type: 'object',
  description: `RFC 9457 problem details (\`application/problem+json\`). GraphQL errors carry the same \`type\` in \`extensions.code\`.\n\n${table}`,
  required: ['type', 'title', 'status', 'detail', 'instance'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      enum: PROBLEM_CODES.map(problemType),
      description: 'Stable, machine-matchable problem type.',
    },
    title: { type: 'string', description: 'Short summary of the type.' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string', description: 'What went wrong in this request, for people.' },
    instance: { type: 'string', format: 'uri-reference', description: 'The request path.' },
    errors: { type: 'array', items: { $ref: '#/components/schemas/ProblemLocation' } },
    requestId: {
      type: 'string',
      description:
        'The request id: the `X-Request-Id` response header, and `reqId` on every log line of the request ' +
        '(absent only when Node refused the request before it was routed).',
    },
  },
} as const satisfies JsonSchema;
