import { useSearchParams } from 'wouter-preact';

/** The history filters, as they sit in the address (`?repository=…&verdict=fail`), so a view can be shared. */
export const FILTER_KEYS = [
  'repository',
  'pipeline',
  'verdict',
  'namespace',
  'rule',
  'cluster',
  'since',
  'until',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export const FILTER_LABELS: Record<FilterKey, string> = {
  repository: 'Repository',
  pipeline: 'Pipeline',
  verdict: 'Verdict',
  namespace: 'Namespace',
  rule: 'Rule',
  cluster: 'Cluster',
  since: 'From',
  until: 'To',
};

export function useFilters(): [Filters, (next: Filters) => void] {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const set = (next: Filters) => {
    const search = new URLSearchParams();
    for (const key of FILTER_KEYS) if (next[key]?.trim()) search.set(key, next[key]!.trim());
    setParams(search);
  };
  return [filters, set];
}

/**
 * GET /v1/evaluations query parameters. The dates are days in the reader's time zone: `since` from the start of
 * that day, `until` up to the end of that day (the API's `until` is exclusive).
 */
export function apiQuery(f: Filters): Record<string, string | undefined> {
  return {
    repository: f.repository,
    pipeline: f.pipeline,
    verdict: f.verdict,
    namespace: f.namespace,
    rule: f.rule,
    cluster: f.cluster,
    since: f.since ? startOfDay(f.since, 0) : undefined,
    until: f.until ? startOfDay(f.until, 1) : undefined,
  };
}

function startOfDay(day: string, plusDays: number): string | undefined {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return undefined;
  return new Date(y, m - 1, d + plusDays).toISOString();
}
