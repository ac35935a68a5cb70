import { useEffect, useRef, useState } from 'preact/hooks';
import { Link, useSearchParams } from 'wouter-preact';
import type { ApiSchemas } from '../../api/api-schemas.generated';
import { ApiError } from '../../api/errors';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { SchemaText } from '../../components/schema-form/hints';
import { resolve } from '../../components/schema-form/json-schema';
import { useSession } from '../../session';
import { ConflictAlert } from './conflict-alert';
import { fetchRule, useInvalidateRules, useOpenApi, useRule, useRuleVersions } from './rules-api';
import { kindVariant } from './rule-schema';
import { ruleYaml } from './rule-yaml';
import type { Rule, RuleVersion } from './types';
import { VersionHistory } from './version-history';
import { WhoWhen } from './who-when';

type Busy = 'toggle' | 'delete' | number;

const SAVED: Record<string, string> = { created: 'Rule created.', updated: 'Rule saved.' };

/** One rule: what it says, who changed it, its whole history with diffs, and the changes a writer may make. */
export function RuleDetailPage({ id }: { id: string }) {
  const session = useSession();
  const api = useApi();
  const current = useRule(id);
  const versions = useRuleVersions(id);
  const invalidate = useInvalidateRules();
  const [params] = useSearchParams();
  const [notice, setNotice] = useState<string | undefined>(SAVED[params.get('saved') ?? '']);
  const [busy, setBusy] = useState<Busy>();
  const [actionError, setActionError] = useState<unknown>();
  const [conflict, setConflict] = useState<{ basedOn: number; latest?: Rule; deleted?: boolean }>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canWrite = session.can('rules:write');

  const gone = current.isError && current.error instanceof ApiError && current.error.code === 'not-found';
  if (current.isPending || versions.isPending) return <Loading label="Loading the rule…" />;
  if (current.isError && !gone) return <ProblemAlert error={current.error} title="The rule could not be loaded." />;
  if (versions.isError) {
    return (
      <>
        <h1>Rule not found</h1>
        <ProblemAlert error={versions.error} />
        <p>
          <Link href="/">Back to the rules</Link>
        </p>
      </>
    );
  }
  const history = versions.data;
  // After a delete the query keeps its last data beside the 404: the 404 is what counts.
  const stored = gone ? undefined : current.data;
  const rule = stored?.rule;
  const latest = history[0];
  // A deleted rule's history ends in its "deleted" version: that number is what a restore's If-Match names.
  const etag = stored?.etag ?? `"v${latest.version}"`;
  const basedOn = rule?.version ?? latest.version;

  async function write(what: Busy, run: () => Promise<string>) {
    setBusy(what);
    setActionError(undefined);
    setNotice(undefined);
    setConflict(undefined);
    try {
      const done = await run();
      // The next action needs the new ETag: read the rule again before saying it is done.
      await invalidate();
      setNotice(done);
      setConfirmDelete(false);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'precondition-failed') {
        setConflict({ basedOn });
        try {
          setConflict({ basedOn, latest: (await fetchRule(api, id)).rule });
        } catch {
          setConflict({ basedOn, deleted: true });
        }
      } else setActionError(e);
    } finally {
      setBusy(undefined);
    }
  }
  const path = `/v1/rules/${encodeURIComponent(id)}`;
  const toggle = (r: Rule) =>
    write('toggle', async () => {
      const { body } = await api.rest<Rule>(path, {
        method: 'PATCH',
        headers: { 'if-match': etag },
        body: { enabled: !r.enabled } satisfies ApiSchemas['RulePatch'],
      });
      return `Rule ${body.enabled ? 'enabled' : 'disabled'}: version ${body.version}.`;
    });
  const remove = () =>
    write('delete', async () => {
      await api.rest(path, { method: 'DELETE', headers: { 'if-match': etag } });
      return 'Rule deleted.';
    });
  const restore = (version: number) =>
    write(version, async () => {
      const { body } = await api.rest<Rule>(`${path}/versions/${version}/restore`, {
        method: 'POST',
        headers: { 'if-match': etag },
      });
      return `Version ${version} restored as version ${body.version}.`;
    });

  return (
    <>
      <p class="breadcrumb small">
        <Link href="/">Rules</Link> › {rule?.name ?? latest.name}
      </p>
      <div class="page-head">
        <h1>
          {rule?.name ?? latest.name}
          {!rule && <span class="muted"> (deleted)</span>}
        </h1>
        {rule && (
          <div class="row actions">
            {canWrite ? (
              <>
                <Link href={`/${id}/edit`} class="button-link">
                  Edit rule
                </Link>
                <button type="button" class="secondary" disabled={busy !== undefined} onClick={() => void toggle(rule)}>
                  {rule.enabled ? 'Disable rule' : 'Enable rule'}
                </button>
                <button
                  type="button"
                  class="danger"
                  disabled={busy !== undefined}
                  aria-expanded={confirmDelete}
                  aria-controls="delete-confirm"
                  onClick={() => setConfirmDelete(true)}
                >
                  Delete rule
                </button>
              </>
            ) : (
              session.can('rules:read') && (
                <Link href={`/${id}/edit`} class="button-link secondary">
                  Preview a change
                </Link>
              )
            )}
          </div>
        )}
      </div>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {conflict && (
        <ConflictAlert
          basedOn={conflict.basedOn}
          latest={conflict.latest}
          deleted={conflict.deleted}
          reloading={current.isFetching}
          onReload={() => {
            setConflict(undefined);
            void invalidate();
          }}
        >
          <p>Reload shows the latest version; then try again.</p>
        </ConflictAlert>
      )}
      <ProblemAlert error={actionError} title="That did not work." />
      {rule && confirmDelete && (
        <DeleteConfirm
          name={rule.name}
          busy={busy === 'delete'}
          onConfirm={() => void remove()}
          onCancel={() => setConfirmDelete(false)}
        />
      )}
      {rule ? <RuleFacts rule={rule} /> : <DeletedFacts last={latest} />}
      <VersionHistory
        key={latest.version}
        versions={history}
        currentVersion={rule?.version}
        canRestore={canWrite}
        restoring={typeof busy === 'number' ? busy : undefined}
        onRestore={(v) => void restore(v)}
      />
    </>
  );
}

function DeleteConfirm({
  name,
  busy,
  onConfirm,
  onCancel,
}: {
  name: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div id="delete-confirm" class="alert stack" role="group" aria-labelledby="delete-confirm-text">
      <p id="delete-confirm-text">
        <strong>Delete the rule {name}?</strong> Evaluations stop applying it at once. Its history is kept, and any
        version can be restored from it.
      </p>
      <div class="row">
        <button ref={ref} type="button" class="danger" disabled={busy} onClick={onConfirm}>
          {busy ? 'Deleting…' : 'Yes, delete it'}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function DeletedFacts({ last }: { last: RuleVersion }) {
  return (
    <p class="notice">
      This rule was deleted by <WhoWhen by={last.changedBy} at={last.changedAt} />. Its history is kept: restore a
      version to bring it back with the same id.
    </p>
  );
}

function RuleFacts({ rule }: { rule: Rule }) {
  const doc = useOpenApi();
  const variant = doc.data ? kindVariant(doc.data, rule.kind) : undefined;
  const enforcement = doc.data ? resolve(doc.data, { $ref: '#/components/schemas/Enforcement' }) : undefined;
  return (
    <section aria-labelledby="facts-heading" class="stack">
      <h2 id="facts-heading">Definition</h2>
      {rule.description && <p>{rule.description}</p>}
      <dl class="facts card">
        <div>
          <dt>Kind</dt>
          <dd>
            <code>{rule.kind}</code>
            {variant?.description && (
              <div class="muted small">
                <SchemaText text={variant.description} />
              </div>
            )}
          </dd>
        </div>
        <div>
          <dt>Enforcement</dt>
          <dd>
            <Badge value={rule.enforcement} />
            {enforcement?.description && (
              <div class="muted small">
                <SchemaText text={enforcement.description} />
              </div>
            )}
          </dd>
        </div>
        <div>
          <dt>Severity</dt>
          <dd>
            <Badge value={rule.severity} />
          </dd>
        </div>
        <div>
          <dt>Enabled</dt>
          <dd>{rule.enabled ? 'Enabled' : 'Disabled: evaluations skip it'}</dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>v{rule.version}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>
            <WhoWhen by={rule.createdBy} at={rule.createdAt} />
          </dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>
            <WhoWhen by={rule.updatedBy} at={rule.updatedAt} />
          </dd>
        </div>
      </dl>
      <pre class="yaml-block" role="region" aria-label="The rule as YAML" tabIndex={0}>
        <code>{ruleYaml(rule)}</code>
      </pre>
    </section>
  );
}
