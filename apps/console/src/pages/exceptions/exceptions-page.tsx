import { useMemo, useState } from 'preact/hooks';
import { ApiError } from '../../api/errors';
import { useSearchParams } from 'wouter-preact';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { usePageTitle } from '../../page-title';
import { useSession } from '../../session';
import { DeleteDialog } from './delete-dialog';
import { ExceptionForm, extendedBy30 } from './exception-form';
import { useExceptions, useUpdateException } from './exceptions-api';
import { ExceptionsTable } from './exceptions-table';
import { formatDate } from '../../format';
import { byExpiry, expiryState } from './expiry';
import { formatSelector } from './label-selector';
import type { Exception } from './types';
import './exceptions.css';

const STATUSES = [
  { value: 'all', label: 'All' },
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
] as const;
type Status = (typeof STATUSES)[number]['value'];

function parseStatus(raw: string | null): Status {
  return STATUSES.some((s) => s.value === raw) ? (raw as Status) : 'all';
}

/** Everything a person might search an exception by, lower-cased. */
function searchText(e: Exception): string {
  const m = e.match;
  return [
    e.name,
    e.owner,
    e.justification,
    e.ticket,
    e.createdBy,
    ...e.rules,
    ...(m?.namespaces ?? []),
    ...(m?.images ?? []),
    ...(m?.kinds ?? []),
    ...(m?.clusters ?? []),
    ...(m?.slots ?? []),
    formatSelector(m?.labels),
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

/**
 * Every exception (waiver) with its owner, justification, expiry and what it waives; expired ones highlighted.
 * Status and text filters live in the address (`?status=expired&q=batch`), so a filtered view can be shared.
 */
export function ExceptionsPage() {
  usePageTitle('Exceptions');
  const writable = useSession().can('rules:write');
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get('status'));
  const text = params.get('q') ?? '';
  const exceptions = useExceptions();
  /** The form: a new exception, or the one being edited. */
  const [form, setForm] = useState<'new' | Exception>();
  const [toDelete, setToDelete] = useState<Exception>();
  const [message, setMessage] = useState('');
  const extend = useUpdateException();

  async function extendBy30(e: Exception) {
    setMessage('');
    extend.reset();
    try {
      const saved = await extend.mutateAsync({
        base: e,
        patch: { expiresAt: `${extendedBy30(e.expiresAt)}T23:59:59Z` },
      });
      setMessage(`Extended exception ${saved.name}: it now expires on ${formatDate(saved.expiresAt)}.`);
    } catch {
      // Shown below from extend.error.
    }
  }
  const extendConflict = extend.error instanceof ApiError && extend.error.code === 'precondition-failed';

  const setParam = (name: string, value: string, fallback: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === fallback) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );

  const all = useMemo(() => [...(exceptions.data ?? [])].sort(byExpiry), [exceptions.data]);
  const counts = useMemo(() => {
    const expired = all.filter((e) => e.expired).length;
    const soon = all.filter((e) => expiryState(e) === 'expiring').length;
    return { all: all.length, expired, active: all.length - expired, soon };
  }, [all]);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return all.filter(
      (e) => (status === 'all' || (status === 'expired') === e.expired) && (!needle || searchText(e).includes(needle)),
    );
  }, [all, status, text]);

  return (
    <div class="exceptions-page">
      <div class="page-head">
        <h1>Exceptions</h1>
        {writable && form !== 'new' && (
          <button
            type="button"
            onClick={() => {
              setMessage('');
              setForm('new');
            }}
          >
            New exception
          </button>
        )}
      </div>
      <p class="muted lead">
        Waivers of rules for matching workloads and images, each with an owner, a justification and an expiry. An
        expired exception waives nothing: its findings count again.
      </p>

      <p role="status" class={message ? 'notice' : 'visually-hidden'}>
        {message}
      </p>

      {extendConflict ? (
        <p role="alert" class="alert">
          Someone changed this exception since the list was loaded, so it was not extended. The list now shows the
          current version: check it and extend again if it still should be.
        </p>
      ) : (
        <ProblemAlert error={extend.error} title="Not extended." />
      )}

      {form && (
        <ExceptionForm
          key={form === 'new' ? 'new' : form.id}
          exception={form === 'new' ? undefined : form}
          onCancel={() => setForm(undefined)}
          onSaved={(e) => {
            setMessage(form === 'new' ? `Created exception ${e.name}.` : `Saved exception ${e.name}.`);
            setForm(undefined);
          }}
        />
      )}

      {exceptions.isPending ? (
        <Loading label="Loading exceptions…" />
      ) : exceptions.isError ? (
        <ProblemAlert error={exceptions.error} title="The exceptions could not be loaded." />
      ) : all.length === 0 ? (
        <div class="notice empty">
          <h2>No exceptions yet</h2>
          <p>
            An exception waives named rules for matching workloads or images, with an owner, a justification and an
            expiry, so a known gap stops failing pipelines without being forgotten.
          </p>
          <p>
            {writable ? (
              <>Create one with “New exception”, or from a policy bundle (</>
            ) : (
              <>A key with the rules:write scope can create one here, or from a policy bundle (</>
            )}
            <code>pullwise policy apply</code>) or <code>POST /v1/exceptions</code>.
          </p>
        </div>
      ) : (
        <>
          <p class="summary">
            {counts.all} {counts.all === 1 ? 'exception' : 'exceptions'}: {counts.active} active
            {counts.soon > 0 && ` (${counts.soon} expiring within 14 days)`}, {counts.expired} expired.
          </p>
          <div class="row filters" role="search" aria-label="Filter exceptions">
            <fieldset class="segmented">
              <legend>Status</legend>
              {STATUSES.map((s) => (
                <label key={s.value}>
                  <input
                    type="radio"
                    name="status"
                    value={s.value}
                    checked={status === s.value}
                    onChange={() => setParam('status', s.value, 'all')}
                  />
                  <span>
                    {s.label} ({counts[s.value]})
                  </span>
                </label>
              ))}
            </fieldset>
            <div class="field grow">
              <label for="exception-filter">Filter</label>
              <input
                id="exception-filter"
                type="search"
                value={text}
                placeholder="name, owner, rule, namespace, image…"
                aria-describedby="exception-filter-hint"
                onInput={(e) => setParam('q', e.currentTarget.value, '')}
              />
              <span id="exception-filter-hint" class="hint muted small">
                Matches name, owner, justification, ticket, rules and scope.
              </span>
            </div>
          </div>
          {shown.length === 0 ? (
            <div class="notice">
              <p>No exceptions match these filters.</p>
              <button type="button" class="secondary" onClick={() => setParams({}, { replace: true })}>
                Clear filters
              </button>
            </div>
          ) : (
            <ExceptionsTable
              items={shown}
              total={all.length}
              actions={
                writable
                  ? {
                      onEdit: (e) => {
                        setMessage('');
                        extend.reset();
                        setForm(e);
                      },
                      onExtend: extendBy30,
                      onDelete: (e) => {
                        setMessage('');
                        setToDelete(e);
                      },
                      busy: extend.isPending ? extend.variables?.base.id : undefined,
                    }
                  : undefined
              }
            />
          )}
        </>
      )}

      {toDelete && (
        <DeleteDialog
          exception={toDelete}
          onClose={() => setToDelete(undefined)}
          onDeleted={(e) => {
            setToDelete(undefined);
            setMessage(`Deleted exception ${e.name}.`);
          }}
        />
      )}
    </div>
  );
}
