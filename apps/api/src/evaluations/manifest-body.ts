import { AppError } from '../common/errors/app-error.js';
import { withoutNulls } from '../graphql/common/without-nulls.js';
import { evaluateRequestSchema, parseOrThrow, type EvaluateRequest } from './dto/evaluate-request.js';
import { requestFromYaml } from './dto/yaml-query.js';

/**
 * The one reading of an evaluation request from its transport, shared by POST /v1/evaluations and the GraphQL
 * `evaluate` query, so both accept and refuse the same inputs (docs/design.md "Thin transports"): a JSON object
 * `{ manifests, cluster?, context?, record?, source? }`, or (REST only) the raw YAML, already decoded by the YAML
 * body parser, with the options as query parameters.
 */
export function evaluateRequestFrom(
  body: unknown,
  from:
    { transport: 'rest'; contentType: string | undefined; query: Record<string, unknown> } | { transport: 'graphql' },
): EvaluateRequest {
  if (from.transport === 'graphql')
    return parseOrThrow(
      evaluateRequestSchema,
      withoutNulls(body as Record<string, unknown>, ['context', 'source']),
      'request body',
    );
  if (typeof body === 'string') {
    if (body.trim() === '')
      throw AppError.invalid('The YAML body is empty: send at least one manifest.', [
        { path: '(body)', message: 'empty' },
      ]);
    return requestFromYaml(body, from.query);
  }
  if (body === undefined || body === null)
    throw AppError.invalid(
      'The request body is empty: send { "manifests": ... } as JSON, or YAML with Content-Type: application/yaml.',
    );
  const type = from.contentType ?? '';
  if (!type.includes('json'))
    throw new AppError(
      'unsupported-media-type',
      `Content-Type ${type || '(none)'} is not accepted; send application/json or application/yaml.`,
    );
  return parseOrThrow(evaluateRequestSchema, body, 'request body');
}
