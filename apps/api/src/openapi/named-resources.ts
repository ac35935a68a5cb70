// What the generic named-resource controller (apps/api/src/http/named-resource.controller.ts) documents
// for each collection it serves: component names, wording, examples. Looked up by the controller's path.
import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  type ExamplesObject,
} from '@nestjs/swagger';
import {
  ApiIdParam,
  ApiIfMatch,
  ApiProblems,
  ApiQueries,
  ETAG_HEADER,
  LOCATION_HEADER,
  PAGE_PARAMETERS,
  jsonContent,
  queryParameter,
  schema,
} from './decorators.js';
import { CLUSTER, CLUSTER_REQUEST, EXCEPTION, EXCEPTION_REQUEST, problemExample } from './examples.js';

export interface NamedResourceOpenApi {
  /** Tag of the operations, e.g. `Exceptions`. */
  tag: string;
  /** Singular noun in sentences: `exception`, `cluster profile`. */
  noun: string;
  /** Operation ids: `create<Name>`, `list<Name>s`, `get<Name>`, `update<Name>`, `delete<Name>`. */
  operationName: string;
  /** Component schemas of the resource, its create body, its PATCH body and its page. */
  schema: string;
  input: string;
  patch: string;
  list: string;
  /** Create request and response examples; an id for the example paths. */
  createExample: unknown;
  resourceExample: { id: string };
  /** Extra wording for the 400 of a create. */
  invalid: string;
  /** A 400 example for a create. */
  invalidExamples?: ExamplesObject;
  /**
   * When set, DELETE takes `?force=true` (GraphQL `force: true`) and refuses without it with 409 for this reason
   * (the service's beforeRemove decides).
   */
  forceDelete?: string;
}

export const NAMED_RESOURCE_OPENAPI: Record<string, NamedResourceOpenApi> = {
  'v1/exceptions': {
    tag: 'Exceptions',
    noun: 'exception',
    operationName: 'Exception',
    schema: 'Exception',
    input: 'ExceptionInput',
    patch: 'ExceptionPatch',
    list: 'ExceptionList',
    createExample: EXCEPTION_REQUEST,
    resourceExample: EXCEPTION,
    invalid:
      'The exception is not valid (unknown field, bad name, a rule that does not exist, empty rules or justification, ' +
      'expiresAt without a zone, `"*"` without an expiry within the maximum, …); ' +
      '`errors` names each field.',
    invalidExamples: {
      'invalid-input': {
        summary: 'A date without a time',
        value: problemExample(
          'invalid-input',
          'The exception is not valid: expiresAt: "2027-06-30" has no time and zone, so the moment it expires is ambiguous: write e.g. "2027-06-30T23:59:59Z"',
          '/v1/exceptions',
          [
            {
              path: 'expiresAt',
              message:
                '"2027-06-30" has no time and zone, so the moment it expires is ambiguous: write e.g. "2027-06-30T23:59:59Z"',
            },
          ],
        ),
      },
    },
  },
  'v1/clusters': {
    tag: 'Clusters',
    noun: 'cluster profile',
    operationName: 'Cluster',
    schema: 'ClusterProfile',
    input: 'ClusterProfileInput',
    patch: 'ClusterProfilePatch',
    list: 'ClusterProfileList',
    createExample: CLUSTER_REQUEST,
    resourceExample: CLUSTER,
    invalid:
      'The profile is not valid (unknown field, bad name, a kubelet version outside the modelled range, an allowlist ' +
      'entry or preloaded image that does not parse, …); `errors` names each field.',
    forceDelete:
      'The profile is in use: admission webhooks routed to it (`/admission/validate/<name>`, `/admission/mutate/<name>`, ' +
      'PULLWISE_ADMISSION_CLUSTER), or recorded evaluations named it, in the last PULLWISE_CLUSTER_IN_USE_DAYS days; ' +
      '`errors` names each place. Deleted, every webhook call naming it fails (with `failurePolicy: Fail`, every ' +
      'Pod creation it judges): repoint the webhooks first, or send `force=true`.',
  },
};

const noop: ClassDecorator & MethodDecorator = () => undefined;

/**
 * The decorators of each route of a named-resource controller: `@docs.create` etc. Without a description of the
 * collection they add nothing (the document then shows the routes bare).
 */
export function namedResourceDecorators(path: string, d: NamedResourceOpenApi | undefined) {
  if (!d) return { controller: noop, create: noop, list: noop, get: noop, update: noop, remove: noop };
  const ids = { id: d.resourceExample.id };
  const a = /^[aeiou]/.test(d.noun) ? 'an' : 'a';
  const example = { [d.operationName]: { summary: `${a} ${d.noun}`, value: d.resourceExample } };
  const notFound = `The ${d.noun} does not exist.`;
  const stale = 'If-Match names a version that is no longer current.';
  return {
    controller: ApiTags(d.tag) as ClassDecorator,
    create: applyDecorators(
      ApiOperation({ operationId: `create${d.operationName}`, summary: `Create ${a} ${d.noun}` }),
      ApiBody({
        schema: schema(d.input),
        examples: { [d.operationName]: { summary: d.noun, value: d.createExample } },
      }),
      ApiCreatedResponse({
        description: `The stored ${d.noun}, version 1.`,
        headers: { ETag: ETAG_HEADER, Location: LOCATION_HEADER },
        content: jsonContent(d.schema, example),
      }),
      ApiProblems({
        400: d.invalidExamples ? { description: d.invalid, examples: d.invalidExamples } : d.invalid,
        409: `${a[0]!.toUpperCase()}${a.slice(1)} ${d.noun} with this name already exists.`,
        413: 'The body is larger than the configured limit.',
        415: 'The body is not JSON.',
      }),
    ),
    list: applyDecorators(
      ApiOperation({ operationId: `list${d.operationName}s`, summary: `List ${d.noun}s, by name` }),
      ApiQueries(PAGE_PARAMETERS),
      ApiOkResponse({ description: `A page of ${d.noun}s.`, content: jsonContent(d.list) }),
      ApiProblems({ 400: '`limit` or `cursor` is not valid.' }),
    ),
    get: applyDecorators(
      ApiOperation({ operationId: `get${d.operationName}`, summary: `Get ${a} ${d.noun}` }),
      ApiIdParam(d.noun),
      ApiOkResponse({
        description: `The ${d.noun}.`,
        headers: { ETag: ETAG_HEADER },
        content: jsonContent(d.schema, example),
      }),
      ApiProblems({ 404: notFound }, ids),
    ),
    update: applyDecorators(
      ApiOperation({
        operationId: `update${d.operationName}`,
        summary: `Change ${a} ${d.noun}`,
        description:
          'Partial update; send If-Match with the ETag of the version the change is based on. A change that changes ' +
          'nothing (`{}`, the current values) writes nothing and answers the current version.',
      }),
      ApiIdParam(d.noun),
      ApiIfMatch(),
      ApiBody({ schema: schema(d.patch) }),
      ApiOkResponse({
        description: `The ${d.noun} after the change (version + 1; the same version when nothing changed).`,
        headers: { ETag: ETAG_HEADER },
        content: jsonContent(d.schema),
      }),
      ApiProblems(
        {
          400: `The change is not valid, or If-Match is not an ETag of this API. ${d.invalid}`,
          404: notFound,
          409: `Another ${d.noun} has this name.`,
          412: stale,
          413: 'The body is larger than the configured limit.',
          415: 'The body is not JSON.',
        },
        ids,
      ),
    ),
    remove: applyDecorators(
      ApiOperation({ operationId: `delete${d.operationName}`, summary: `Delete ${a} ${d.noun}` }),
      ApiIdParam(d.noun),
      ApiIfMatch(),
      ...(d.forceDelete
        ? [
            ApiQueries([
              queryParameter(
                'force',
                { type: 'boolean', default: false },
                { description: `Delete even while in use (the audit event records what was in use).` },
              ),
            ]),
          ]
        : []),
      ApiNoContentResponse({ description: 'Deleted.' }),
      ApiProblems(
        {
          400: d.forceDelete
            ? 'If-Match is not an ETag of this API, or `force` is not true or false.'
            : 'If-Match is not an ETag of this API.',
          404: notFound,
          ...(d.forceDelete ? { 409: d.forceDelete } : {}),
          412: stale,
        },
        ids,
      ),
    ),
  };
}
