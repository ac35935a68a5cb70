import { ApiError, codeOfType, type ProblemLocation } from './errors';

interface GraphqlError {
  message: string;
  extensions?: { code?: string; status?: number; errors?: ProblemLocation[] };
}

/** A GraphQL operation with the session's key; the first error becomes an ApiError with its `extensions.code`. */
export async function graphql<T>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('unavailable', 0, 'The service could not be reached. Check the connection and try again.');
  }
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: GraphqlError[] };
  const first = body.errors?.[0];
  if (first) {
    const code = codeOfType(first.extensions?.code);
    throw new ApiError(code, first.extensions?.status ?? res.status, first.message, first.extensions?.errors ?? []);
  }
  if (!body.data) throw new ApiError('internal', res.status, `The service answered ${res.status} without data.`);
  return body.data;
}
