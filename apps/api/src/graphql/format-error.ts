import type { GraphQLFormattedError } from 'graphql';
import type { ErrorCode } from '../common/errors/app-error.js';
import { problemType, statusOf } from '../common/errors/problem-details.js';

const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Gives every GraphQL error a problem `type` in extensions.code (the same strings REST uses) and
 * never lets internal messages or stack traces out.
 */
export function formatGraphqlError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : 'INTERNAL_SERVER_ERROR';
  if (code.startsWith('urn:pullwise:problem:')) {
    const { stacktrace: _drop, problem: _internal, ...rest } = ext;
    return { ...formatted, extensions: rest };
  }
  if (CLIENT_CODES.has(code)) {
    // Our own validation rules (document-limits.ts) say which problem it is and where; Apollo re-wraps them.
    const problem = typeof ext.problem === 'string' ? (ext.problem as ErrorCode) : 'invalid-input';
    return {
      message: clientMessage(formatted.message),
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: problemType(problem),
        status: statusOf(problem),
        graphqlCode: code,
        ...(Array.isArray(ext.errors) ? { errors: ext.errors } : {}),
      },
    };
  }
  return {
    message: 'An unexpected error occurred; it has been logged.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: problemType('internal'), status: 500 },
  };
}

/** A parser or validator message, minus anything that describes the server rather than the request. */
function clientMessage(message: string): string {
  if (/Maximum call stack|RangeError|\n\s+at /.test(message))
    return 'The GraphQL document is too large or too deeply nested.';
  return message;
}
