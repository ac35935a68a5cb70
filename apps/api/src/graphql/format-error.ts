import type { GraphQLFormattedError } from 'graphql';
import { problemType } from '../common/errors/problem-details.js';

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
    const { stacktrace: _drop, ...rest } = ext;
    return { ...formatted, extensions: rest };
  }
  if (CLIENT_CODES.has(code)) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: problemType('invalid-input'), status: 400, graphqlCode: code },
    };
  }
  return {
    message: 'An unexpected error occurred; it has been logged.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: problemType('internal'), status: 500 },
  };
}
