import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/preact-query';
import { useApi, type Api } from '../../api/use-api';
import type { JsonSchema, SchemaRoot } from '../../components/schema-form/json-schema';
import type { Rule, RuleList, RuleVersionList, RuleWithEtag } from './types';

export interface OpenApiDocument extends SchemaRoot {
  components: { schemas: Record<string, JsonSchema> };
}

/** The API's own description of rules (GET /openapi.json, public): read once per session, it never changes under us. */
export function useOpenApi() {
  const api = useApi();
  return useQuery({
    queryKey: ['openapi'],
    queryFn: () => api.get<OpenApiDocument>('/openapi.json'),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

export interface RuleFilters {
  kind?: string;
  enforcement?: string;
  enabled?: string;
}

/** The API's largest page: a name filter runs in the browser over every page, so fewer round trips. */
const PAGE_SIZE = 200;

export function useRuleList(filters: RuleFilters) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: ['rules', 'list', filters],
    queryFn: ({ pageParam }) => api.get<RuleList>('/v1/rules', { ...filters, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export async function fetchRule(api: Api, id: string): Promise<RuleWithEtag> {
  const { body, headers } = await api.rest<Rule>(`/v1/rules/${encodeURIComponent(id)}`);
  return { rule: body, etag: headers.get('etag') ?? `"v${body.version}"` };
}

/** A rule and its ETag; `fresh` reads it again on mount, for a form that will send that ETag back. */
export function useRule(id: string, { fresh = false } = {}) {
  const api = useApi();
  return useQuery({
    queryKey: ['rules', 'one', id],
    queryFn: () => fetchRule(api, id),
    ...(fresh ? { staleTime: 0 } : {}),
  });
}

export function useRuleVersions(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['rules', 'versions', id],
    queryFn: async () => (await api.get<RuleVersionList>(`/v1/rules/${encodeURIComponent(id)}/versions`)).items,
  });
}

/** After any write: the list, the rule and its history are read again. */
export function useInvalidateRules() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['rules'] });
}
