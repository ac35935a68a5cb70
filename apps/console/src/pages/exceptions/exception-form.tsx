import { useQuery } from '@tanstack/preact-query';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useApi } from '../../api/use-api';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { useCreateException } from './exceptions-api';
import { formErrors, type FieldName, type FormErrors } from './form-errors';
import { parseSelector } from './label-selector';
import type { Exception, ExceptionInput, MatchSpec, SlotType } from './types';

const SLOTS: { value: SlotType; label: string }[] = [
  { value: 'container', label: 'Containers' },
  { value: 'initContainer', label: 'Init containers' },
  { value: 'ephemeralContainer', label: 'Ephemeral containers' },
  { value: 'imageVolume', label: 'Image volumes' },
];

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

/** A month ahead: waivers should end, and a default that does nudges towards it. */
function defaultExpiry(): string {
  return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Creating an exception: the rules it waives, where (match), why, who owns it, until when. The API validates;
 * each problem it names is shown beside its field.
 */
export function ExceptionForm({ onCreated, onCancel }: { onCreated: (e: Exception) => void; onCancel: () => void }) {
  const rules = useRuleNames();
  const create = useCreateException();
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [everyRule, setEveryRule] = useState(false);
  const [owner, setOwner] = useState('');
  const [justification, setJustification] = useState('');
  const [ticket, setTicket] = useState('');
  const [expiresOn, setExpiresOn] = useState(defaultExpiry);
  const [lists, setLists] = useState<Record<ListField, string>>({
    namespaces: '',
    images: '',
    kinds: '',
    clusters: '',
  });
  const [labels, setLabels] = useState('');
  const [slots, setSlots] = useState<SlotType[]>([]);
  const [errors, setErrors] = useState<FormErrors>();
  const form = useRef<HTMLFormElement>(null);

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
    const selector = parseSelector(labels);
    if (selector.error) {
      setErrors({
        fields: { labels: [selector.error] },
        general: 'The exception was not saved: one problem is marked below.',
        generalDetails: [],
      });
      return;
    }
    const match: MatchSpec = {};
    for (const { id } of LISTS) {
      const values = splitList(lists[id]);
      if (nonEmpty(values)) match[id] = values;
    }
    if (selector.selector) match.labels = selector.selector;
    if (nonEmpty(slots)) match.slots = slots;
    const input: ExceptionInput = {
      rules: everyRule ? ['*'] : chosen,
      owner: owner.trim(),
      justification: justification.trim(),
      expiresAt: expiresOn ? `${expiresOn}T23:59:59Z` : null,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(ticket.trim() ? { ticket: ticket.trim() } : {}),
      ...(Object.keys(match).length ? { match } : {}),
    };
    setErrors(undefined);
    try {
      onCreated(await create.mutateAsync(input));
    } catch (e) {
      setErrors(formErrors(e));
    }
  }

  const err = (f: FieldName) => errors?.fields[f];
  const describedBy = (id: string, hint: boolean) =>
    [hint && `${id}-hint`, err(id as FieldName) && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const invalid = (f: FieldName) => (err(f) ? true : undefined);

  return (
    <section class="card exception-form" aria-labelledby="new-exception-title">
      <h2 id="new-exception-title">New exception</h2>
      <form ref={form} onSubmit={submit} noValidate class="stack">
        {errors?.general && (
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
                  onChange={(e) => setEveryRule(e.currentTarget.checked)}
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
                          onChange={(e) => setChosen(toggle(chosen, r.name, e.currentTarget.checked))}
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
              onInput={(e) => setOwner(e.currentTarget.value)}
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
              onInput={(e) => setExpiresOn(e.currentTarget.value)}
            />
          </Field>
          <Field id="ticket" label="Ticket" hint="Optional: OPS-1234 or a link." errors={err('ticket')}>
            <input
              id="ticket"
              value={ticket}
              autoComplete="off"
              aria-invalid={invalid('ticket')}
              aria-describedby={describedBy('ticket', true)}
              onInput={(e) => setTicket(e.currentTarget.value)}
            />
          </Field>
          <Field
            id="name"
            label="Name"
            hint="Lowercase letters, digits, - and .; generated when left empty."
            errors={err('name')}
          >
            <input
              id="name"
              value={name}
              autoComplete="off"
              spellcheck={false}
              aria-invalid={invalid('name')}
              aria-describedby={describedBy('name', true)}
              onInput={(e) => setName(e.currentTarget.value)}
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
            onInput={(e) => setJustification(e.currentTarget.value)}
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
                  onInput={(e) => setLists({ ...lists, [l.id]: e.currentTarget.value })}
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
                onInput={(e) => setLabels(e.currentTarget.value)}
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
                    onChange={(e) => setSlots(toggle(slots, s.value, e.currentTarget.checked))}
                  />
                  {s.label}
                </label>
              ))}
            </div>
            <FieldError id="slots" messages={err('slots')} />
          </fieldset>
        </fieldset>

        <div class="row">
          <button type="submit" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create exception'}
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
