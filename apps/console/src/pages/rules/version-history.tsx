import { useState } from 'preact/hooks';
import { LineDiff } from './line-diff';
import { FIELD_ORDER } from './rule-schema';
import { ruleYaml } from './rule-yaml';
import type { RuleVersion } from './types';
import { When } from './who-when';

/** Which fields a version changed from the one before it ("params, enforcement"). */
function changedFrom(v: RuleVersion, previous: RuleVersion | undefined): string {
  if (!previous) return v.change === 'created' ? 'first version' : '—';
  if (v.change === 'deleted') return 'rule deleted';
  const fields = FIELD_ORDER.filter((k) => JSON.stringify(v[k]) !== JSON.stringify(previous[k]));
  return fields.length ? fields.join(', ') : 'nothing';
}

/**
 * Every version of a rule (newest first, as the API lists them), a line diff between any two, and Restore for a
 * key that may write. Restoring writes the old content as a new version: history is never rewritten.
 */
export function VersionHistory({
  versions,
  currentVersion,
  canRestore,
  restoring,
  onRestore,
}: {
  versions: RuleVersion[];
  /** The rule's current version; none when the rule is deleted. */
  currentVersion?: number;
  canRestore: boolean;
  restoring?: number;
  onRestore: (version: number) => void;
}) {
  // By default the newest change of content (a deletion changes none); the parent keys this component by the
  // newest version, so a restore resets it.
  const skip = versions[0]?.change === 'deleted' && versions.length > 2 ? 1 : 0;
  const [from, setFrom] = useState<number | undefined>(versions[skip + 1]?.version);
  const [to, setTo] = useState<number | undefined>(versions[skip]?.version);
  const byNumber = new Map(versions.map((v) => [v.version, v]));
  const fromV = byNumber.get(from ?? -1) ?? versions[1] ?? versions[0];
  const toV = byNumber.get(to ?? -1) ?? versions[0];

  return (
    <section aria-labelledby="history-heading" class="stack">
      <h2 id="history-heading">Version history</h2>
      <div class="table-wrap" role="region" aria-label="Versions" tabIndex={0}>
        <table class="versions">
          <caption class="visually-hidden">Versions of this rule, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Change</th>
              <th scope="col">By</th>
              <th scope="col">When</th>
              <th scope="col">What changed</th>
              {canRestore && (
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {versions.map((v, i) => {
              const isCurrent = v.version === currentVersion;
              return (
                <tr key={v.version} class={isCurrent ? 'current-version' : undefined}>
                  <td>
                    v{v.version}
                    {isCurrent && <span class="muted small"> (current)</span>}
                  </td>
                  <td>{v.change}</td>
                  <td>{v.changedBy ?? 'unknown'}</td>
                  <td class="nowrap-cell">
                    <When at={v.changedAt} />
                  </td>
                  <td>{changedFrom(v, versions[i + 1])}</td>
                  {canRestore && (
                    <td>
                      {!isCurrent && v.change !== 'deleted' && (
                        <button
                          type="button"
                          class="secondary small-button"
                          disabled={restoring !== undefined}
                          onClick={() => onRestore(v.version)}
                        >
                          {restoring === v.version ? 'Restoring…' : 'Restore'}
                          <span class="visually-hidden"> version {v.version}</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {versions.length > 1 && fromV && toV ? (
        <div class="card stack">
          <h3>Compare versions</h3>
          <div class="row">
            <VersionSelect
              id="diff-from"
              label="From version"
              versions={versions}
              value={fromV.version}
              onChange={setFrom}
            />
            <VersionSelect id="diff-to" label="To version" versions={versions} value={toV.version} onChange={setTo} />
          </div>
          <LineDiff
            before={ruleYaml(fromV)}
            after={ruleYaml(toV)}
            caption={`Changes from version ${fromV.version} to version ${toV.version}`}
          />
        </div>
      ) : (
        <p class="muted">Only one version so far: a change adds the next one, and the two can then be compared.</p>
      )}
    </section>
  );
}

function VersionSelect({
  id,
  label,
  versions,
  value,
  onChange,
}: {
  id: string;
  label: string;
  versions: RuleVersion[];
  value: number;
  onChange: (v: number) => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={String(value)} onChange={(e) => onChange(Number(e.currentTarget.value))}>
        {versions.map((v) => (
          <option key={v.version} value={String(v.version)}>
            v{v.version} · {v.change} by {v.changedBy ?? 'unknown'}
          </option>
        ))}
      </select>
    </div>
  );
}
