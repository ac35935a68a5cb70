import { useQueryClient } from '@tanstack/preact-query';
import { useEffect, useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { ApiError } from '../../api/errors';
import { useApi } from '../../api/use-api';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { useSession } from '../../session';
import { ConflictAlert } from './conflict-alert';
import { LineDiff } from './line-diff';
import { RuleForm } from './rule-form';
import { fetchRule, useInvalidateRules, useOpenApi, useRule } from './rules-api';
import { draftOf, FIELD_ORDER, ruleInputOf, type RuleDraft } from './rule-schema';
import { ruleYaml } from './rule-yaml';
import type { Rule, RuleWithEtag } from './types';
import { WhoWhen } from './who-when';

/** Edits that a reload set aside: shown against the version loaded, to apply again or drop. */
interface Discarded {
  draft: RuleDraft;
  /** The version the edits were made on. */
  basedOn: Rule;
  loaded: Rule;
}

/** The top-level fields the user changed from the version they started with. */
function changedFields(draft: RuleDraft, basedOn: Rule): (keyof RuleDraft)[] {
  const before = draftOf(basedOn);
  return FIELD_ORDER.filter((k) => JSON.stringify(draft[k]) !== JSON.stringify(before[k]));
}

/**
 * Changes a rule with PATCH and the If-Match of the version the form loaded. When someone else saved in between
 * (412), Reload loads their version into the form and sets the user's edits aside, visibly, to apply again.
 */
export function RuleEditPage({ id }: { id: string }) {
  const session = useSession();
  const api = useApi();
  const client = useQueryClient();
  const doc = useOpenApi();
  const current = useRule(id, { fresh: true });
  const invalidate = useInvalidateRules();
  const [, navigate] = useLocation();
  const [base, setBase] = useState<RuleWithEtag>();
  const [draft, setDraft] = useState<RuleDraft>({});
  const [conflict, setConflict] = useState<{ latest?: Rule; deleted?: boolean }>();
  const [reloading, setReloading] = useState(false);
  const [reloadError, setReloadError] = useState<unknown>();
  const [discarded, setDiscarded] = useState<Discarded>();
  const canWrite = session.can('rules:write');

  // The form starts from the version read now (not a cached one) and stays on it until the user reloads or saves.
  useEffect(() => {
    if (current.data && !current.isFetching && !base) {
      setBase(current.data);
      setDraft(draftOf(current.data.rule));
    }
  }, [current.data, current.isFetching, base]);

  async function onConflict() {
    setConflict({});
    try {
      setConflict({ latest: (await fetchRule(api, id)).rule });
    } catch (e) {
      setConflict({ deleted: e instanceof ApiError && e.code === 'not-found' });
    }
  }

  async function reload() {
    if (!base) return;
    setReloading(true);
    setReloadError(undefined);
    try {
      const latest = await fetchRule(api, id);
      client.setQueryData(['rules', 'one', id], latest);
      if (changedFields(draft, base.rule).length > 0) setDiscarded({ draft, basedOn: base.rule, loaded: latest.rule });
      setBase(latest);
      setDraft(draftOf(latest.rule));
      setConflict(undefined);
      void invalidate();
    } catch (e) {
      setReloadError(e);
    } finally {
      setReloading(false);
    }
  }

  /** Applies the fields the user had changed on top of the version now loaded; other fields stay theirs. */
  function reapply(d: Discarded) {
    const next = { ...draftOf(d.loaded) };
    for (const k of changedFields(d.draft, d.basedOn)) {
      if (d.draft[k] === undefined) delete next[k];
      else next[k] = d.draft[k];
    }
    setDraft(next);
    setDiscarded(undefined);
  }

  if (current.isPending || doc.isPending) return <Loading label="Loading the rule…" />;
  if (current.isError && !base) {
    const gone = current.error instanceof ApiError && current.error.code === 'not-found';
    return (
      <>
        <h1>Edit rule</h1>
        <ProblemAlert error={current.error} title={gone ? 'This rule does not exist now.' : undefined} />
        {gone && (
          <p>
            <Link href={`/${id}`}>See its history</Link>: a deleted rule can be restored from it.
          </p>
        )}
      </>
    );
  }
  if (doc.isError) return <ProblemAlert error={doc.error} title="The rule kinds could not be loaded." />;
  if (!base) return <Loading label="Loading the rule…" />;

  return (
    <>
      <p class="breadcrumb small">
        <Link href="/">Rules</Link> › <Link href={`/${id}`}>{base.rule.name}</Link>
      </p>
      <h1>{canWrite ? `Edit rule ${base.rule.name}` : `Preview a change to ${base.rule.name}`}</h1>
      <p class="muted small">
        Version {base.rule.version}, saved by <WhoWhen by={base.rule.updatedBy} at={base.rule.updatedAt} />.
      </p>
      {conflict && (
        <ConflictAlert
          basedOn={base.rule.version}
          latest={conflict.latest}
          deleted={conflict.deleted}
          onReload={() => void reload()}
          reloading={reloading}
        >
          <p>
            Reload loads the latest version into the form. Your unsaved edits are then set aside (not lost): they are
            shown against that version, and you can apply them again before saving.
          </p>
          <ProblemAlert error={reloadError} title="Reloading failed." />
        </ConflictAlert>
      )}
      {discarded && (
        <DiscardedEdits discarded={discarded} onReapply={reapply} onDismiss={() => setDiscarded(undefined)} />
      )}
      <RuleForm
        doc={doc.data}
        draft={draft}
        onDraft={setDraft}
        replaces={id}
        canPreview={session.can('rules:read')}
        submitLabel="Save rule"
        cancelHref={`/${id}`}
        onConflict={() => void onConflict()}
        save={
          canWrite
            ? async (input) =>
                (
                  await api.rest<Rule>(`/v1/rules/${encodeURIComponent(id)}`, {
                    method: 'PATCH',
                    headers: { 'if-match': base.etag },
                    body: input,
                  })
                ).body
            : undefined
        }
        onSaved={(rule) => {
          void invalidate();
          navigate(`/${rule.id}?saved=updated`);
        }}
      />
    </>
  );
}

function DiscardedEdits({
  discarded,
  onReapply,
  onDismiss,
}: {
  discarded: Discarded;
  onReapply: (d: Discarded) => void;
  onDismiss: () => void;
}) {
  const { loaded } = discarded;
  const fields = changedFields(discarded.draft, discarded.basedOn);
  return (
    <section class="notice stack discarded" aria-labelledby="discarded-heading">
      <h2 id="discarded-heading">Your edits were set aside</h2>
      <p role="status">
        The form now shows version {loaded.version}, saved by <WhoWhen by={loaded.updatedBy} at={loaded.updatedAt} />.
        Your unsaved edits are not in it. You had changed:{' '}
        {fields.map((f) => (
          <code key={f}>{f} </code>
        ))}
      </p>
      <LineDiff
        before={ruleYaml(loaded)}
        after={ruleYaml(ruleInputOf(discarded.draft))}
        caption={`Your edits compared with version ${loaded.version}`}
      />
      <div class="row">
        <button type="button" onClick={() => onReapply(discarded)}>
          Apply my changes again
        </button>
        <button type="button" class="secondary" onClick={onDismiss}>
          Discard my changes
        </button>
      </div>
      <p class="muted small">
        Applying puts the fields you changed on top of version {loaded.version}; the other fields keep its values.
        Nothing is saved until you press Save rule.
      </p>
    </section>
  );
}
