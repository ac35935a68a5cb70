import { useMemo } from 'preact/hooks';
import { useSession } from '../session';
import { graphql } from './graphql';
import { rest, type RestAnswer, type RestOptions } from './rest';

export interface Api {
  rest: <T>(path: string, o?: RestOptions) => Promise<RestAnswer<T>>;
  /** REST, the body only. */
  get: <T>(path: string, query?: RestOptions['query']) => Promise<T>;
  graphql: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
}

/** The REST and GraphQL clients bound to the signed-in key. */
export function useApi(): Api {
  const { token } = useSession();
  return useMemo(
    () => ({
      rest: (path, o) => rest(token, path, o),
      get: async (path, query) => (await rest(token, path, { query })).body as never,
      graphql: (query, variables) => graphql(token, query, variables),
    }),
    [token],
  );
}
