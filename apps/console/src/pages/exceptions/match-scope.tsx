import { formatSelector } from './label-selector';
import type { Exception, MatchSpec } from './types';

const SCOPE: { key: Exclude<keyof MatchSpec, 'labels'>; label: string }[] = [
  { key: 'clusters', label: 'Clusters' },
  { key: 'namespaces', label: 'Namespaces' },
  { key: 'kinds', label: 'Kinds' },
  { key: 'images', label: 'Images' },
  { key: 'slots', label: 'Slots' },
];

/** What an exception waives: the rules it names, and where (its match; everything it leaves out matches all). */
export function Waives({ exception: e }: { exception: Exception }) {
  return (
    <div class="waives">
      <div>
        {e.rules.includes('*') ? (
          <strong>Every rule</strong>
        ) : (
          <ul class="inline-list" aria-label="Rules">
            {e.rules.map((r) => (
              <li key={r}>
                <code>{r}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Scope match={e.match} />
    </div>
  );
}

function Scope({ match }: { match: MatchSpec | null }) {
  const labels = formatSelector(match?.labels);
  const rows = SCOPE.filter((s) => match?.[s.key]?.length);
  if (!rows.length && !labels) return <p class="muted small">Everywhere these rules apply</p>;
  return (
    <dl class="scope small">
      {rows.map((s) => (
        <div key={s.key}>
          <dt>{s.label}:</dt>{' '}
          <dd>
            {match![s.key]!.map((v, i) => (
              <span key={v}>
                {i > 0 && ', '}
                <code>{v}</code>
              </span>
            ))}
          </dd>
        </div>
      ))}
      {labels && (
        <div>
          <dt>Labels:</dt>{' '}
          <dd>
            <code>{labels}</code>
          </dd>
        </div>
      )}
    </dl>
  );
}
