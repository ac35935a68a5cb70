import { useQuery } from '@tanstack/preact-query';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useApi } from '../../api/use-api';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { formatDate, formatDateTime } from '../../format';
import { API_ENUMS } from '../../api/api-schemas.generated';
import { ApiError } from '../../api/errors';
import { fetchException, useCreateException, useUpdateException } from './exceptions-api';
import { formErrors, type FieldName, type FormErrors } from './form-errors';
import { formatSelector, parseSelector } from './label-selector';
import type { Exception, ExceptionInput, ExceptionPatch, MatchSpec, SlotType } from './types';

/** A label for every slot type the API knows (API_ENUMS.SlotType): a new one fails the type check until named. */
const SLOT_LABELS: Record<SlotType, string> = {
  container: 'Containers',
  initContainer: 'Init containers',
  ephemeralContainer: 'Ephemeral containers',
  imageVolume: 'Image volumes',
};
const SLOTS = API_ENUMS.SlotType.map((value) => ({ value, label: SLOT_LABELS[value] }));

const LISTS = [
  { id: 'namespaces', label: 'Namespaces', hint: 'Names or globs, comma-separated: prod-*, payments' },
  { id: 'images', label: 'Images', hint: 'Image patterns: docker.io/library/*, ghcr.io/acme/batch:*' },
  { id: 'kinds', label: 'Kinds', hint: 'Workload kinds: CronJob, Deployment' },
  { id: 'clusters', label: 'Clusters', hint: 'Cluster profile names or globs: prod-*' },
] as const;

type ListField = (typeof LISTS)[number]['id'];

const RULE_NAMES = `query RuleNames($after: String) {
  rules(first: 500, after: $after) { pageInfo { endCursor hasNextPage } nodes { name enforcement enabled } }
}`;

interface RuleName {
  name: string;
  enforcement: string;
  enabled: boolean;
}
interface RulePage {
  rules: { pageInfo: { endCursor: string | null; hasNextPage: boolean }; nodes: RuleName[] };
}

function useRuleNames() {
  const api = useApi();
  return useQuery({
    queryKey: ['exception-form', 'rule-names'],
    queryFn: async () => {
      const names: RuleName[] = [];
      let after: string | null = null;
      do {
        const page: RulePage = await api.graphql<RulePage>(RULE_NAMES, { after });
        names.push(...page.rules.nodes);
        after = page.rules.pageInfo.hasNextPage ? page.rules.pageInfo.endCursor : null;
      } while (after);
      return names.sort((a, b) => a.name.localeCompare(b.name));
    },
  });
}

const splitList = (text: string) =>
  text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** MatchSpec's lists may not be empty: a list is set only when something was typed or chosen. */
function nonEmpty<T>(list: T[]): list is [T, ...T[]] {
  return list.length > 0;
}

const DAY_MS = 86_400_000;

/** A month ahead: waivers should end, and a default that does nudges towards it. */
function defaultExpiry(): string {
  return new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10);
}

/** 30 days after the later of today and the date given (an expired waiver renews from today). */
export function extendedBy30(date: string | null | undefined): string {
  const from = Math.max(Date.now(), date ? new Date(`${date.slice(0, 10)}T00:00:00Z`).getTime() : 0);
  return new Date(from + 30 * DAY_MS).toISOString().slice(0, 10);
}

/** What the form holds, as typed: an exception's values in the form's words, or a new one's defaults. */
interface Values {
  name: string;
  chosen: string[];
  everyRule: boolean;
  owner: string;
  justification: string;
  ticket: string;
  /** `YYYY-MM-DD` (UTC), empty for never. */
  expiresOn: string;
  lists: Record<ListField, string>;
  labels: string;
  slots: SlotType[];
}

function valuesOf(e?: Exception): Values {
  const m = e?.match;
  const list = (l: string[] | null | undefined) => (l ?? []).join(', ');
  return {
    name: e?.name ?? '',
    chosen: e ? e.rules.filter((r) => r !== '*') : [],
    everyRule: e?.rules.includes('*') ?? false,
    owner: e?.owner ?? '',
    justification: e?.justification ?? '',
    ticket: e?.ticket ?? '',
    expiresOn: !e ? defaultExpiry() : e.expiresAt ? new Date(e.expiresAt).toISOString().slice(0, 10) : '',
    lists: {
      namespaces: list(m?.namespaces),
      images: list(m?.images),
      kinds: list(m?.kinds),
      clusters: list(m?.clusters),
    },
    labels: formatSelector(m?.labels),
    slots: m?.slots ?? [],
  };
}

/** The values as the API takes them, or the label selector's problem. */
function inputOf(v: Values): { input: ExceptionInput; labelsError?: undefined } | { labelsError: string } {
  const selector = parseSelector(v.labels);
  if (selector.error) return { labelsError: selector.error };
  const match: MatchSpec = {};
  for (const { id } of LISTS) {
    const values = splitList(v.lists[id]);
    if (nonEmpty(values)) match[id] = values;
  }
  if (selector.selector) match.labels = selector.selector;
  if (nonEmpty(v.slots)) match.slots = v.slots;
  return {
    input: {
      rules: v.everyRule ? ['*'] : v.chosen,
      owner: v.owner.trim(),
      justification: v.justification.trim(),
      expiresAt: v.expiresOn ? `${v.expiresOn}T23:59:59Z` : null,
      ...(v.name.trim() ? { name: v.name.trim() } : {}),
      ...(v.ticket.trim() ? { ticket: v.ticket.trim() } : {}),
      ...(Object.keys(match).length ? { match } : {}),
    },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Only what the user changed, compared in the form's own words: an exception shown and saved untouched sends `{}`
 * (an expiry at 10:42 stays 10:42 unless its day was changed).
 */
function patchOf(before: ExceptionInput, after: ExceptionInput): ExceptionPatch {
  const patch: ExceptionPatch = {};
  if ((after.name ?? '') !== (before.name ?? '')) patch.name = after.name ?? '';
  if (!same([...after.rules].sort(), [...before.rules].sort())) patch.rules = after.rules;
  if (after.owner !== before.owner) patch.owner = after.owner;
  if (after.justification !== before.justification) patch.justification = after.justification;
  if ((after.ticket ?? null) !== (before.ticket ?? null)) patch.ticket = after.ticket ?? null;
  if (after.expiresAt !== before.expiresAt) patch.expiresAt = after.expiresAt ?? null;
  if (!same(after.match ?? null, before.match ?? null)) patch.match = after.match ?? null;
  return patch;
}

/**
 * Creating an exception, or editing one (`exception`): the rules it waives, where (match), why, who owns it, until
 * when. The API validates; each problem it names is shown beside its field. An edit sends only what changed, with
 * If-Match of the version the form was filled from: when someone changed it since, the user is told and may load
 * the current version into the form.
 */
export function ExceptionForm(props: { exception?: Exception; onSaved: (e: Exception) => void; onCancel: () => void }) {
  const { onSaved, onCancel } = props;
  const api = useApi();
  const rules = useRuleNames();
  const create = useCreateException();
  const update = useUpdateException();
  /** The version being edited: the one opened, or the one Reload fetched. */
  const [base, setBase] = useState(props.exception);
  const [values, setValues] = useState(() => valuesOf(props.exception));
  const [errors, setErrors] = useState<FormErrors>();
  const [reloading, setReloading] = useState(false);
  const [notice, setNotice] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const editing = !!base;
  const pending = create.isPending || update.isPending;
  const conflict = update.error instanceof ApiError && update.error.code === 'precondition-failed';
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setValues((v) => ({ ...v, [key]: value }));
  const { name, chosen, everyRule, owner, justification, ticket, expiresOn, lists, labels, slots } = values;

  // Opened from a row further down: the form (at the top) takes the focus, so keyboard and screen reader users
  // land in it.
  useEffect(() => {
    if (!props.exception) return;
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, [props.exception]);

  // After a refused save, focus goes to the first field with a problem (or the summary).
  useEffect(() => {
    if (!errors) return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current?.querySelector<HTMLElement>('.form-summary');
    target?.focus();
  }, [errors]);

  function toggle<T>(list: T[], value: T, on: boolean): T[] {
    return on ? [...list, value] : list.filter((v) => v !== value);
  }

  async function submit(event: Event) {
    event.preventDefault();
    const parsed = inputOf(values);
    if (parsed.labelsError !== undefined) {
      setErrors({
        fields: { labels: [parsed.labelsError] },
        general: 'The exception was not saved: one problem is marked below.',
        generalDetails: [],
      });
      return;
    }
    setErrors(undefined);
    setNotice('');
    try {
      if (base) {
        const before = inputOf(valuesOf(base));
        const patch = before.labelsError === undefined ? patchOf(before.input, parsed.input) : parsed.input;
        onSaved(await update.mutateAsync({ base, patch }));
      } else onSaved(await create.mutateAsync(parsed.input));
    } catch (e) {
      setErrors(formErrors(e));
    }
  }

  /** After a 412: the current version into the form, the user's changes discarded (the alert said so). */
  async function reload() {
    if (!base) return;
    setReloading(true);
    try {
      const latest = await fetchException(api, base.id);
      update.reset();
      setBase(latest);
      setValues(valuesOf(latest));
      setErrors(undefined);
      setNotice(
        `Loaded the current version ${latest.version}, changed by ${latest.updatedBy ?? 'unknown'}. Make your changes again and save.`,
      );
      requestAnimationFrame(() => noticeRef.current?.focus());
    } catch (e) {
      setErrors(formErrors(e));
    } finally {
      setReloading(false);
    }
  }

  const err = (f: FieldName) => errors?.fields[f];
  const describedBy = (id: string, hint: boolean) =>
    [hint && `${id}-hint`, err(id as FieldName) && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const invalid = (f: FieldName) => (err(f) ? true : undefined);

  return (
    <section class="card exception-form" aria-labelledby="exception-form-title">
      <h2 id="exception-form-title" ref={heading} tabIndex={-1}>
        {base ? `Edit exception ${base.name}` : 'New exception'}
      </h2>
      {base && (
        <p class="muted small">
          Version {base.version}, last changed by {base.updatedBy ?? 'unknown'} on{' '}
          <time dateTime={base.updatedAt} title={formatDateTime(base.updatedAt)}>
            {formatDate(base.updatedAt)}
          </time>
          . Only what you change is saved.
        </p>
      )}
      <p role="status" ref={noticeRef} tabIndex={-1} class={notice ? 'notice' : 'visually-hidden'}>
        {notice}
      </p>
      <form ref={form} onSubmit={submit} noValidate class="stack">
        {conflict ? (
          <div role="alert" class="alert form-summary" tabIndex={-1}>
            <p>
              <strong>Not saved: someone else changed this exception since you opened it.</strong> Reload to load their
              version into the form (your changes here are discarded), then make your changes again.
            </p>
            <button type="button" onClick={reload} disabled={reloading}>
              {reloading ? 'Reloading…' : 'Reload'}
            </button>
          </div>
        ) : (
          errors?.general && (
            <div role="alert" class="alert form-summary" tabIndex={-1}>
              {errors.general}
              {errors.generalDetails.length > 0 && (
                <ul>
                  {errors.generalDetails.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              )}
            </div>
          )
        )}

        <fieldset class="rules-choice" aria-describedby={describedBy('rules', true)}>
          <legend>Rules it waives (required)</legend>
          <p id="rules-hint" class="hint muted small">
            Findings of these rules are waived where the exception applies.
          </p>
          {rules.isPending ? (
            <Loading label="Loading rules…" />
          ) : rules.isError ? (
            <ProblemAlert error={rules.error} title="The rules could not be loaded." />
          ) : (
            <>
              <label class="check">
                <input
                  type="checkbox"
                  checked={everyRule}
                  aria-invalid={invalid('rules')}
                  onChange={(e) => set('everyRule', e.currentTarget.checked)}
                />
                Every rule (<code>*</code>): needs an expiry at most 90 days ahead
              </label>
              {rules.data.length === 0 ? (
                <p class="muted small">
                  No rules yet: <Link href="/rules">create rules</Link> first, or waive every rule.
                </p>
              ) : (
                <ul class="rule-options" aria-label="Rules">
                  {rules.data.map((r) => (
                    <li key={r.name}>
                      <label class="check">
                        <input
                          type="checkbox"
                          value={r.name}
                          disabled={everyRule}
                          checked={everyRule || chosen.includes(r.name)}
                          aria-invalid={invalid('rules')}
                          onChange={(e) => set('chosen', toggle(chosen, r.name, e.currentTarget.checked))}
                        />
                        <code>{r.name}</code>
                        <span class="muted small">
                          {r.enforcement}
                          {!r.enabled && ', disabled'}
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          <FieldError id="rules" messages={err('rules')} />
        </fieldset>

        <div class="form-grid">
          <Field id="owner" label="Owner (required)" hint="The person or team accountable." errors={err('owner')}>
            <input
              id="owner"
              value={owner}
              autoComplete="off"
              aria-invalid={invalid('owner')}
              aria-describedby={describedBy('owner', true)}
              onInput={(e) => set('owner', e.currentTarget.value)}
            />
          </Field>
          <Field
            id="expiresAt"
            label="Expires on"
            hint="It stops waiving at the end of this day (23:59:59 UTC). Empty: never expires."
            errors={err('expiresAt')}
          >
            <input
              id="expiresAt"
              type="date"
              value={expiresOn}
              aria-invalid={invalid('expiresAt')}
              aria-describedby={describedBy('expiresAt', true)}
              onInput={(e) => set('expiresOn', e.currentTarget.value)}
            />
            {editing && (
              <button
                type="button"
                class="secondary small-button extend"
                onClick={() => set('expiresOn', extendedBy30(expiresOn || null))}
              >
                Extend by 30 days
              </button>
            )}
          </Field>
          <Field id="ticket" label="Ticket" hint="Optional: OPS-1234 or a link." errors={err('ticket')}>
            <input
              id="ticket"
              value={ticket}
              autoComplete="off"
              aria-invalid={invalid('ticket')}
              aria-describedby={describedBy('ticket', true)}
              onInput={(e) => set('ticket', e.currentTarget.value)}
            />
          </Field>
          <Field
            id="name"
            label="Name"
            hint={
              editing
                ? 'Lowercase letters, digits, - and .'
                : 'Lowercase letters, digits, - and .; generated when left empty.'
            }
            errors={err('name')}
          >
            <input
              id="name"
              value={name}
              autoComplete="off"
              spellcheck={false}
              aria-invalid={invalid('name')}
              aria-describedby={describedBy('name', true)}
              onInput={(e) => set('name', e.currentTarget.value)}
            />
          </Field>
        </div>

        <Field
          id="justification"
          label="Justification (required)"
          hint="Why these rules do not apply here, for whoever reviews it next."
          errors={err('justification')}
        >
          <textarea
            id="justification"
            rows={3}
            value={justification}
            aria-invalid={invalid('justification')}
            aria-describedby={describedBy('justification', true)}
            onInput={(e) => set('justification', e.currentTarget.value)}
          />
        </Field>

        <fieldset>
          <legend>Where it applies</legend>
          <p class="hint muted small">Leave all of these empty to waive the rules everywhere they apply.</p>
          <div class="form-grid">
            {LISTS.map((l) => (
              <Field key={l.id} id={l.id} label={l.label} hint={l.hint} errors={err(l.id)}>
                <input
                  id={l.id}
                  value={lists[l.id]}
                  autoComplete="off"
                  spellcheck={false}
                  aria-invalid={invalid(l.id)}
                  aria-describedby={describedBy(l.id, true)}
                  onInput={(e) => set('lists', { ...lists, [l.id]: e.currentTarget.value })}
                />
              </Field>
            ))}
            <Field
              id="labels"
              label="Workload labels"
              hint="A selector: team=payments, tier in (web,api), !legacy"
              errors={err('labels')}
            >
              <input
                id="labels"
                value={labels}
                autoComplete="off"
                spellcheck={false}
                aria-invalid={invalid('labels')}
                aria-describedby={describedBy('labels', true)}
                onInput={(e) => set('labels', e.currentTarget.value)}
              />
            </Field>
          </div>
          <fieldset class="slots" aria-describedby={describedBy('slots', false)}>
            <legend>Image slots (all when none is chosen)</legend>
            <div class="row">
              {SLOTS.map((s) => (
                <label key={s.value} class="check">
                  <input
                    type="checkbox"
                    checked={slots.includes(s.value)}
                    aria-invalid={invalid('slots')}
                    onChange={(e) => set('slots', toggle(slots, s.value, e.currentTarget.checked))}
                  />
                  {s.label}
                </label>
              ))}
            </div>
            <FieldError id="slots" messages={err('slots')} />
          </fieldset>
        </fieldset>

        <div class="row">
          <button type="submit" disabled={pending || reloading}>
            {editing ? (pending ? 'Saving…' : 'Save changes') : pending ? 'Creating…' : 'Create exception'}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function Field(props: { id: string; label: string; hint?: string; errors?: string[]; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <span id={`${props.id}-hint`} class="hint muted small">
          {props.hint}
        </span>
      )}
      <FieldError id={props.id} messages={props.errors} />
    </div>
  );
}

function FieldError({ id, messages }: { id: string; messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <span id={`${id}-error`} class="field-error">
      {messages.join(' ')}
    </span>
  );
}
