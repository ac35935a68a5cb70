import { GraphQLError } from 'graphql';
import { problemType, statusOf } from '../common/errors/problem-details.js';
import { toAppError } from '../common/errors/to-app-error.js';

/**
 * Nest's exception filters do not run for field resolvers (no fieldResolverEnhancers): an expected error gets the
 * typed GraphQL error ProblemFilter gives root fields (invalid `first` or `after`, say); anything else is left as it
 * is, an internal error.
 */
export function asGraphqlError(err: unknown): unknown {
  const { error, unexpected } = toAppError(err);
  if (unexpected) return err;
  return new GraphQLError(error.message, {
    extensions: { code: problemType(error.code), status: statusOf(error.code), errors: error.errors },
  });
}
