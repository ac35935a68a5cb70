import { useMutation, useQuery, useQueryClient } from '@tanstack/preact-query';
import type { Api } from '../../api/use-api';
import { useApi } from '../../api/use-api';
import type { Exception, ExceptionInput, ExceptionPatch } from './types';

/** The query key every exception read shares, so a write on one page refreshes the others (Overview, Exceptions). */
const EXCEPTIONS_KEY = ['exceptions'] as const;

const FIELDS =
  'id name rules match justification owner ticket expiresAt expired version createdAt createdBy updatedAt updatedBy';
const EXCEPTIONS = `query Exceptions($after: String) {
  exceptions(first: 500, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { ${FIELDS} } }
}`;

interface ExceptionPage {
  exceptions: { totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: Exception[] };
}

/**
 * Every exception, following the cursor page by page: the filters and the expiry order work on the whole set
 * (an organisation has tens or hundreds of waivers, not millions).
 */
async function allExceptions(api: Api): Promise<Exception[]> {
  const all: Exception[] = [];
  let after: string | null = null;
  do {
    const page: ExceptionPage = await api.graphql<ExceptionPage>(EXCEPTIONS, { after });
    all.push(...page.exceptions.nodes);
    after = page.exceptions.pageInfo.hasNextPage ? page.exceptions.pageInfo.endCursor : null;
  } while (after);
  return all;
}

export function useExceptions() {
  const api = useApi();
  return useQuery({ queryKey: EXCEPTIONS_KEY, queryFn: () => allExceptions(api) });
}

export function useCreateException() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    // REST, for the 400's `errors[].path` per field (GraphQL carries the same in extensions).
    mutationFn: async (input: ExceptionInput) =>
      (await api.rest<Exception>('/v1/exceptions', { method: 'POST', body: input })).body,
    onSuccess: () => client.invalidateQueries({ queryKey: EXCEPTIONS_KEY }),
  });
}

/** The If-Match of the version shown: a write based on it is refused (412) once someone else changed it. */
const ifMatch = (e: Exception) => ({ 'if-match': `"v${e.version}"` });

/** The current version of one exception (REST: the same answer the edit form's Reload shows). */
export async function fetchException(api: Api, id: string): Promise<Exception> {
  return (await api.rest<Exception>(`/v1/exceptions/${id}`)).body;
}

/**
 * A partial change of the version the user looked at (`base`). The list is refreshed either way: after a 412 it
 * shows what the other change made.
 */
export function useUpdateException() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ base, patch }: { base: Exception; patch: ExceptionPatch }) =>
      (await api.rest<Exception>(`/v1/exceptions/${base.id}`, { method: 'PATCH', body: patch, headers: ifMatch(base) }))
        .body,
    onSettled: () => client.invalidateQueries({ queryKey: EXCEPTIONS_KEY }),
  });
}

export function useDeleteException() {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    // If-Match: deleting the version the user looked at, not one somebody changed since.
    mutationFn: (e: Exception) =>
      api.rest<unknown>(`/v1/exceptions/${e.id}`, { method: 'DELETE', headers: ifMatch(e) }),
    onSettled: () => client.invalidateQueries({ queryKey: EXCEPTIONS_KEY }),
  });
}
