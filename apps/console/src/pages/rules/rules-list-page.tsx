import { useEffect, useMemo } from 'preact/hooks';
import { Link, useSearchParams } from 'wouter-preact';
import { API_ENUMS } from '../../api/api-schemas.generated';
import { Badge } from '../../components/badge';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { useSession } from '../../session';
import { useRuleList, type RuleFilters } from './rules-api';
import { WhoWhen } from './who-when';

const FILTERS = ['name', 'kind', 'enforcement', 'enabled'] as const;

/** Every rule, filtered by what the API filters on (kind, enforcement, enabled) and by name in the browser. */
export function RulesListPage() {
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const name = params.get('name') ?? '';
  const filters: RuleFilters = {
    kind: params.get('kind') || undefined,
    enforcement: params.get('enforcement') || undefined,
    enabled: params.get('enabled') || undefined,
  };
  const list = useRuleList(filters);

  const loaded = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const total = list.data?.pages[0]?.totalCount ?? 0;
  const needle = name.trim().toLowerCase();
  const shown = needle ? loaded.filter((r) => r.name.includes(needle)) : loaded;
  // The API filters by kind, enforcement and enabled but not by name: a name search reads every page.
  useEffect(() => {
    if (needle && list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, [needle, list.hasNextPage, list.isFetchingNextPage, list.fetchNextPage]);

  const setFilter = (key: (typeof FILTERS)[number], value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const filtered = FILTERS.some((f) => params.get(f));

  return (
    <>
      <div class="page-head">
        <h1>Rules</h1>
        {session.can('rules:write') ? (
          <Link href="/new" class="button-link">
            New rule
          </Link>
        ) : (
          session.can('rules:read') && (
            <Link href="/new" class="button-link secondary">
              Preview a rule's impact
            </Link>
          )
        )}
      </div>
      <form class="card filters" role="search" aria-label="Filter rules" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="rules-filter-name">Name</label>
          <input
            id="rules-filter-name"
            type="search"
            autoComplete="off"
            value={name}
            onInput={(e) => setFilter('name', e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="rules-filter-kind">Kind</label>
          <select
            id="rules-filter-kind"
            value={filters.kind ?? ''}
            onChange={(e) => setFilter('kind', e.currentTarget.value)}
          >
            <option value="">All kinds</option>
            {API_ENUMS.RuleKind.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rules-filter-enforcement">Enforcement</label>
          <select
            id="rules-filter-enforcement"
            value={filters.enforcement ?? ''}
            onChange={(e) => setFilter('enforcement', e.currentTarget.value)}
          >
            <option value="">Any enforcement</option>
            {API_ENUMS.Enforcement.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="rules-filter-enabled">Enabled</label>
          <select
            id="rules-filter-enabled"
            value={filters.enabled ?? ''}
            onChange={(e) => setFilter('enabled', e.currentTarget.value)}
          >
            <option value="">Enabled or not</option>
            <option value="true">Enabled only</option>
            <option value="false">Disabled only</option>
          </select>
        </div>
        {filtered && (
          <button type="button" class="secondary" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            Clear filters
          </button>
        )}
      </form>

      {list.isPending ? (
        <Loading label="Loading rules…" />
      ) : list.isError ? (
        <ProblemAlert error={list.error} title="The rules could not be loaded." />
      ) : shown.length === 0 && needle && list.hasNextPage ? (
        <Loading label="Searching every page…" />
      ) : shown.length === 0 ? (
        <EmptyRules filtered={filtered} canWrite={session.can('rules:write')} />
      ) : (
        <>
          <p class="muted small" aria-live="polite">
            {needle
              ? `${shown.length} of ${total} rules match "${name.trim()}"${list.hasNextPage ? ' so far' : ''}.`
              : `Showing ${shown.length} of ${total} rules${filtered ? ' matching the filters' : ''}.`}
          </p>
          <div class="table-wrap">
            <table class="rules-table">
              <caption class="visually-hidden">Rules, by name</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Enforcement</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Enabled</th>
                  <th scope="col">Version</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link href={`/${r.id}`}>{r.name}</Link>
                      {r.description && <div class="muted small rule-description">{r.description}</div>}
                    </td>
                    <td>
                      <code>{r.kind}</code>
                    </td>
                    <td>
                      <Badge value={r.enforcement} />
                    </td>
                    <td>
                      <Badge value={r.severity} />
                    </td>
                    <td>{r.enabled ? 'Enabled' : <span class="muted">Disabled</span>}</td>
                    <td>v{r.version}</td>
                    <td class="nowrap-cell">
                      <WhoWhen by={r.updatedBy} at={r.updatedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {list.hasNextPage && !needle && (
            <button
              type="button"
              class="secondary load-more"
              disabled={list.isFetchingNextPage}
              onClick={() => void list.fetchNextPage()}
            >
              {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          )}
          {list.isFetchingNextPage && needle && <Loading label="Searching every page…" />}
        </>
      )}
    </>
  );
}

function EmptyRules({ filtered, canWrite }: { filtered: boolean; canWrite: boolean }) {
  if (filtered) return <p class="notice">No rules match these filters. Change or clear them to see more.</p>;
  return (
    <div class="notice">
      <p>
        <strong>No rules yet.</strong>
      </p>
      <p>
        {canWrite ? (
          <>
            Create the first one with <Link href="/new">New rule</Link>, or apply a policy bundle with{' '}
            <code>POST /v1/policy/apply</code>.
          </>
        ) : (
          'Rules are added by a key with the rules:write scope.'
        )}
      </p>
    </div>
  );
}
