import type { ApiSchemas } from './api-schemas.generated';
import { ApiError, codeOfType } from './errors';

export interface RestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sent as text with this media type instead of JSON (manifests as YAML). */
  text?: { body: string; type: string };
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface RestAnswer<T> {
  body: T;
  headers: Headers;
}

/** A REST call with the session's key; a problem+json answer becomes an ApiError. */
export async function rest<T>(token: string, path: string, o: RestOptions = {}): Promise<RestAnswer<T>> {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(o.query ?? {})) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${token}`,
    ...o.headers,
  };
  let body: string | undefined;
  if (o.text) {
    headers['content-type'] = o.text.type;
    body = o.text.body;
  } else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.body);
  }
  let res: Response;
  try {
    res = await fetch(url, { method: o.method ?? 'GET', headers, body, signal: o.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('unavailable', 0, 'The service could not be reached. Check the connection and try again.');
  }
  const type = res.headers.get('content-type') ?? '';
  const parsed: unknown = type.includes('json') ? await res.json().catch(() => undefined) : await res.text();
  if (!res.ok) throw problemError(res.status, parsed);
  return { body: parsed as T, headers: res.headers };
}

function problemError(status: number, p: unknown): ApiError {
  // Partial: an error answer from something other than the API (a proxy) is not a problem+json.
  const problem = (p && typeof p === 'object' ? p : {}) as Partial<ApiSchemas['Problem']>;
  return new ApiError(
    codeOfType(problem.type),
    status,
    problem.detail ?? problem.title ?? `The service answered ${status}.`,
    problem.errors ?? [],
  );
}
