import { useQuery } from '@tanstack/preact-query';
import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../../api/use-api';
import { FILTER_KEYS, FILTER_LABELS, type FilterKey, type Filters } from './filters';
import type { EvaluationRecordList, NamedList } from './types';

type TextFilter = 'repository' | 'pipeline' | 'namespace' | 'rule' | 'cluster';

/**
 * The filters as a form: edited freely, applied with the button (or Enter), and then in the address. The
 * suggestions come from the rules and cluster profiles and from the last 500 recorded evaluations.
 */
export function FilterForm({ filters, onApply }: { filters: Filters; onApply: (next: Filters) => void }) {
  const [draft, setDraft] = useState<Filters>(filters);
  const key = JSON.stringify(filters);
  // Back, forward or a removed chip changes the address: the form follows it.
  useEffect(() => setDraft(JSON.parse(key) as Filters), [key]);
  const suggestions = useSuggestions();
  const field = (k: FilterKey) => ({
    id: `evf-${k}`,
    value: draft[k] ?? '',
    onInput: (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) =>
      setDraft((d) => ({ ...d, [k]: e.currentTarget.value })),
  });

  return (
    <form
      class="card evf-form"
      aria-label="Filter evaluations"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <div class="evf-fields">
        {FILTER_KEYS.map((k) => (
          <div class="field" key={k}>
            <label for={`evf-${k}`}>{FILTER_LABELS[k]}</label>
            {k === 'verdict' ? (
              <select {...field(k)}>
                <option value="">Any</option>
                <option value="pass">Pass</option>
                <option value="warn">Warn</option>
                <option value="fail">Fail</option>
                <option value="error">Error</option>
              </select>
            ) : k === 'since' || k === 'until' ? (
              <input type="date" {...field(k)} />
            ) : (
              <>
                <input type="text" list={`evf-${k}-options`} spellcheck={false} autoComplete="off" {...field(k)} />
                <datalist id={`evf-${k}-options`}>
                  {suggestions[k].map((v) => (
                    <option key={v} value={v} />
                  ))}
                </datalist>
              </>
            )}
          </div>
        ))}
      </div>
      <div class="row evf-actions">
        <button type="submit">Apply filters</button>
        <button
          type="button"
          class="secondary"
          disabled={FILTER_KEYS.every((k) => !filters[k] && !draft[k])}
          onClick={() => {
            setDraft({});
            onApply({});
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}

/** What is filtered, each with a button that removes that one filter. */
export function ActiveFilters({ filters, onApply }: { filters: Filters; onApply: (next: Filters) => void }) {
  const active = FILTER_KEYS.filter((k) => filters[k]);
  if (active.length === 0) return null;
  return (
    <ul class="evf-chips" aria-label="Active filters">
      {active.map((k) => (
        <li key={k}>
          <span>
            {FILTER_LABELS[k]}: <strong>{filters[k]}</strong>
          </span>
          <button
            type="button"
            class="secondary ev-small-button"
            aria-label={`Remove filter ${FILTER_LABELS[k]}: ${filters[k]}`}
            onClick={() => onApply({ ...filters, [k]: undefined })}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

function useSuggestions(): Record<TextFilter, string[]> {
  const api = useApi();
  const recent = useQuery({
    queryKey: ['history', 'suggestions'],
    queryFn: () => api.get<EvaluationRecordList>('/v1/evaluations', { limit: 500 }),
    staleTime: 60_000,
  });
  const rules = useQuery({
    queryKey: ['history', 'rule-names'],
    queryFn: () => api.get<NamedList>('/v1/rules', { limit: 500 }),
    staleTime: 60_000,
  });
  const clusters = useQuery({
    queryKey: ['history', 'cluster-names'],
    queryFn: () => api.get<NamedList>('/v1/clusters', { limit: 500 }),
    staleTime: 60_000,
  });
  const items = recent.data?.items ?? [];
  const distinct = (values: (string | null | undefined)[]) =>
    [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
  return {
    repository: distinct(items.map((e) => e.source.repository)),
    pipeline: distinct(items.map((e) => e.source.pipeline)),
    namespace: distinct(items.flatMap((e) => e.namespaces)),
    rule: distinct([
      ...(rules.data?.items.map((r) => r.name) ?? []),
      ...items.flatMap((e) => e.ruleVersions.map((r) => r.name)),
    ]),
    cluster: distinct([...(clusters.data?.items.map((c) => c.name) ?? []), ...items.map((e) => e.cluster)]),
  };
}
