// Small builders over @nestjs/swagger's own decorators, so controllers say what an operation takes and answers
// in a few lines. Everything here only adds OpenAPI metadata; nothing changes how a request is handled.
import { applyDecorators } from '@nestjs/common';
import {
  ApiHeader,
  ApiParam,
  ApiQuery,
  ApiResponse,
  type ApiQueryOptions,
  type ContentObject,
  type ExamplesObject,
  type HeaderObject,
  type ParameterObject,
  type ReferenceObject,
  type SchemaObject,
} from '@nestjs/swagger';
import type { ErrorCode } from '../common/errors/app-error.js';
import { problemExample } from './examples.js';
import { PROBLEM_TYPES } from './schemas/problem.js';
import { type JsonSchema, schemaRef } from './schemas/json-schema.js';

const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** A component schema by name, or an inline JSON schema, as @nestjs/swagger's types want it. */
export function schema(nameOrSchema: string | JsonSchema): SchemaObject | ReferenceObject {
  return (typeof nameOrSchema === 'string' ? schemaRef(nameOrSchema) : nameOrSchema) as SchemaObject;
}

/** `{ summary, value }` examples by key. */
export function examples(byKey: Record<string, { summary: string; value: unknown }>): ExamplesObject {
  return byKey;
}

/** `content` of a JSON request or response. */
export function jsonContent(of: string | JsonSchema, ex?: ExamplesObject): ContentObject {
  return { 'application/json': { schema: schema(of), ...(ex ? { examples: ex } : {}) } };
}

export const ETAG_HEADER: HeaderObject = {
  description: 'The version as a strong validator, `"v<version>"`: send it back in If-Match to change the resource.',
  schema: { type: 'string', pattern: '^"v[0-9]+"$', examples: ['"v1"'] } as SchemaObject,
};

export const LOCATION_HEADER: HeaderObject = {
  description: 'Path of the created resource.',
  schema: { type: 'string', format: 'uri-reference' } as SchemaObject,
};

/** The status each documented problem type is sent with. */
const STATUS_CODE: Record<number, ErrorCode> = {
  400: 'invalid-input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  406: 'not-acceptable',
  409: 'conflict',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unreadable-manifests',
  428: 'precondition-required',
  429: 'rate-limited',
  500: 'internal',
  503: 'unavailable',
};
export type ProblemStatus = 400 | 401 | 403 | 404 | 406 | 409 | 412 | 413 | 415 | 422 | 428 | 429 | 500 | 503;

/** When a problem status happens for this operation, and optionally its own examples (else a generic one). */
export type ProblemDoc = string | { description: string; examples: ExamplesObject };

/**
 * Stands for the operation's own path in the `instance` of problem examples: the document builder (openapi.ts,
 * `fillRouteInstances`) writes the route's path in, with the path parameters given here, so no decorator repeats
 * the path its route already has.
 */
export const ROUTE_INSTANCE = 'urn:pullwise:openapi:route-instance';

/** `instance` of an example problem: this operation's path, its parameters filled with these example values. */
export function routeInstance(pathExamples: Record<string, string> = {}): string {
  return `${ROUTE_INSTANCE}${JSON.stringify(pathExamples)}`;
}

/**
 * Problem responses (`application/problem+json`, schema Problem), one per status:
 * `@ApiProblems({ 400: 'The rule is not valid', 404: 'No such rule' }, { id: RULE_ID })`; the generic examples show
 * the operation's path as `instance`, with the path parameters given in `pathExamples`.
 */
export function ApiProblems(
  problems: Partial<Record<ProblemStatus, ProblemDoc>>,
  pathExamples: Record<string, string> = {},
): MethodDecorator {
  const instance = routeInstance(pathExamples);
  return applyDecorators(
    ...Object.entries(problems).map(([status, doc]) => {
      const code = STATUS_CODE[Number(status)]!;
      const description = typeof doc === 'string' ? doc : doc.description;
      const ex =
        typeof doc === 'string'
          ? { [code]: { summary: PROBLEM_TYPES[code], value: problemExample(code, description, instance) } }
          : doc.examples;
      return ApiResponse({
        status: Number(status),
        description,
        content: { [PROBLEM_MEDIA_TYPE]: { schema: schemaRef('Problem'), examples: ex } },
      });
    }),
  );
}

/**
 * The OpenAPI decorators of one operation, written in the order they would be stacked on the handler (TypeScript
 * applies stacked decorators bottom-up; parameters are listed in the order they are applied).
 */
export function ApiDocs(...decorators: (MethodDecorator | ClassDecorator)[]): MethodDecorator {
  return applyDecorators(...[...decorators].reverse());
}

/** The optional If-Match header of a conditional change (412 when it names a stale version). */
export function ApiIfMatch(): MethodDecorator {
  return ApiHeader({
    name: 'If-Match',
    required: false,
    description:
      'The ETag of the version this change is based on (`"v3"`, weak `W/"v3"` accepted); the change is refused ' +
      'with 412 if the resource has changed since. Absent or `*`: no precondition.',
    schema: { type: 'string', examples: ['"v1"'] },
  }) as MethodDecorator;
}

/** A UUID path parameter. */
export function ApiIdParam(what: string, name = 'id'): MethodDecorator {
  return ApiParam({
    name,
    description: `Id of the ${what} (a UUID; anything else is a 404).`,
    schema: { type: 'string', format: 'uuid' },
  }) as MethodDecorator;
}

/** A query parameter (for `ApiQueries`). */
export function queryParameter(
  name: string,
  of: string | JsonSchema,
  opts: { description?: string; required?: boolean; example?: unknown } = {},
): ParameterObject {
  return { name, in: 'query', required: opts.required ?? false, ...opts, schema: schema(of) };
}

/** `?limit=&cursor=` of a paged list. */
export const PAGE_PARAMETERS: ParameterObject[] = [
  queryParameter('limit', { type: 'integer', minimum: 1, maximum: 500, default: 50 }, { description: 'Page size.' }),
  queryParameter('cursor', { type: 'string' }, { description: '`nextCursor` of the previous page.' }),
];

/** `?format=`: the rendering of an evaluation, which wins over Accept. */
export const FORMAT_PARAMETER = queryParameter('format', 'ReportFormat', {
  description:
    'The rendering; wins over Accept (`application/json`, `application/sarif+json`, `application/xml`, `text/markdown`).',
});

/**
 * All query parameters of an operation, in this order (separate decorators would list them bottom-up). Build them
 * with `queryParameter`, `PAGE_PARAMETERS`, or `zodQueryParameters(zodSchema)`.
 */
export function ApiQueries(parameters: ParameterObject[]): MethodDecorator {
  return applyDecorators(...parameters.map(({ in: _in, ...p }) => ApiQuery(p as ApiQueryOptions)));
}

/**
 * The renderings of an evaluation (`?format=` or Accept): `application/json` carries `jsonSchema` (or, with
 * `format=policyreport`, PolicyReports), plus SARIF, JUnit XML and Markdown.
 */
export function renderingContent(
  jsonSchema: string,
  ex: { json?: ExamplesObject; markdown?: string; junit?: string } = {},
): ContentObject {
  return {
    'application/json': {
      schema: {
        oneOf: [schemaRef(jsonSchema), schemaRef('PolicyReport'), schemaRef('PolicyReportList')],
        description: `${jsonSchema}; with \`format=policyreport\` a PolicyReport, or a List of them for several namespaces.`,
      } as SchemaObject,
      ...(ex.json ? { examples: ex.json } : {}),
    },
    'application/sarif+json': { schema: schemaRef('SarifLog') },
    'application/xml': {
      schema: { type: 'string', description: 'JUnit XML: a test suite per workload, a test case per rule.' },
      ...(ex.junit ? { example: ex.junit } : {}),
    },
    'text/markdown': {
      schema: { type: 'string', description: 'Markdown for a pull-request comment.' },
      ...(ex.markdown ? { example: ex.markdown } : {}),
    },
  };
}

/**
 * The answer of /v1/chatops/ask: `{ text, blocks }` (AskResponse) as JSON, or the Markdown alone when Accept ranks
 * `text/markdown` above `application/json`.
 */
export function chatAnswerContent(json: ExamplesObject, markdown: string): ContentObject {
  return {
    ...jsonContent('AskResponse', json),
    'text/markdown': {
      schema: { type: 'string', description: 'The answer as Markdown (CommonMark), as `text` of the JSON answer.' },
      example: markdown,
    },
  };
}
