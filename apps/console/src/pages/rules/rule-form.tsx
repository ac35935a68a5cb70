import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { ApiError } from '../../api/errors';
import { useApi } from '../../api/use-api';
import { ProblemAlert } from '../../components/problem-alert';
import { assignErrors, renderedPaths, type PathProblem } from '../../components/schema-form/field-errors';
import { SchemaText } from '../../components/schema-form/hints';
import { focusFirstInvalid, ObjectFields, type FormContext } from '../../components/schema-form/schema-fields';
import { ImpactPanel, DEFAULT_LAST } from './impact-panel';
import { ProblemSummary } from '../../components/schema-form/problem-summary';
import type { OpenApiDocument } from './rules-api';
import { FIELD_ORDER, kindVariant, ruleFormSchema, ruleInputOf, type RuleDraft } from './rule-schema';
import type { ImpactReport, Rule } from './types';

const ID_PREFIX = 'rule';

interface RuleFormProps {
  doc: OpenApiDocument;
  draft: RuleDraft;
  onDraft: (draft: RuleDraft) => void;
  /** Saves the rule as the API takes it; absent for a key that may only preview. */
  save?: (input: Record<string, unknown>) => Promise<Rule>;
  onSaved?: (rule: Rule) => void;
  /** The save answered 412: someone else changed the rule since the form loaded. */
  onConflict?: () => void;
  /** The stored rule this draft changes, for the impact preview (by default the API matches by name). */
  replaces?: string;
  canPreview: boolean;
  submitLabel: string;
  cancelHref: string;
}

/** The problems of an answer located on the rule: an impact preview names them under `rule.`. */
function ruleProblems(e: ApiError, prefix = ''): PathProblem[] {
  return e.errors.map((p) => ({
    path: p.path && prefix && p.path.startsWith(prefix) ? p.path.slice(prefix.length) : (p.path ?? ''),
    message: p.message,
  }));
}

/**
 * A rule's fields generated from the API's schema for the chosen kind, the impact of the draft before it is saved,
 * and the API's own validation shown on each field.
 */
export function RuleForm(p: RuleFormProps) {
  const api = useApi();
  const formRef = useRef<HTMLFormElement>(null);
  const paramsByKind = useRef<Record<string, unknown>>({});
  const [problems, setProblems] = useState<PathProblem[]>([]);
  const [saveError, setSaveError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [last, setLast] = useState(DEFAULT_LAST);
  const [impact, setImpact] = useState<{ report: ImpactReport; key: string }>();
  const [impactBusy, setImpactBusy] = useState(false);
  const [impactError, setImpactError] = useState<unknown>();
  const [awaiting, setAwaiting] = useState(false);

  const kind = typeof p.draft.kind === 'string' ? p.draft.kind : undefined;
  const schema = useMemo(() => ruleFormSchema(p.doc, kind), [p.doc, kind]);
  const variant = kind ? kindVariant(p.doc, kind) : undefined;
  const input = ruleInputOf(p.draft);
  const key = JSON.stringify({ input, last, replaces: p.replaces });
  const errors = useMemo(
    () => assignErrors(renderedPaths(p.doc, schema, p.draft), problems),
    [p.doc, schema, p.draft, problems],
  );
  const help: FormContext['help'] = {
    kind: variant ? (
      <>
        <strong>{variant.title}:</strong> <SchemaText text={variant.description ?? ''} />
      </>
    ) : (
      'Choose what the rule checks; its parameters follow.'
    ),
  };
  if (!kind) help.params = 'Choose a kind to see its parameters.';
  const ctx: FormContext = { root: p.doc, idPrefix: ID_PREFIX, errors, help };

  useEffect(() => {
    if (problems.length > 0) focusFirstInvalid(formRef.current);
  }, [problems]);

  /** A kind change swaps the parameters; switching back brings the ones typed for that kind again. */
  function change(next: Record<string, unknown>) {
    if (next.kind !== p.draft.kind) {
      paramsByKind.current[String(p.draft.kind)] = p.draft.params;
      const kept = paramsByKind.current[String(next.kind)];
      next = { ...next };
      if (kept === undefined) delete next.params;
      else next.params = kept;
    }
    p.onDraft(next as RuleDraft);
  }

  async function preview(): Promise<ImpactReport | undefined> {
    setImpactBusy(true);
    setImpactError(undefined);
    setAwaiting(false);
    try {
      const body = { rule: input, last, ...(p.replaces ? { replaces: p.replaces } : {}) };
      const { body: report } = await api.rest<ImpactReport>('/v1/rules/impact', { method: 'POST', body });
      setImpact({ report, key });
      setProblems([]);
      return report;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invalid-input' && e.errors.length > 0)
        setProblems(ruleProblems(e, 'rule.'));
      else setImpactError(e);
      return undefined;
    } finally {
      setImpactBusy(false);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (!p.save || saving) return;
    setSaveError(undefined);
    setProblems([]);
    // What is saved has had its impact shown first, unless it flips nothing.
    if (p.canPreview && impact?.key !== key) {
      const report = await preview();
      if (!report) return;
      if (report.flipped > 0) {
        setAwaiting(true);
        document.getElementById('impact-heading')?.scrollIntoView({ block: 'start' });
        return;
      }
    }
    setSaving(true);
    try {
      p.onSaved?.(await p.save(input));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'precondition-failed' && p.onConflict) p.onConflict();
      else if (err instanceof ApiError && err.errors.length > 0) setProblems(ruleProblems(err));
      else setSaveError(err);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={formRef} class="rule-form stack" onSubmit={submit} noValidate>
      <ProblemSummary
        problems={errors.all}
        idPrefix={ID_PREFIX}
        title={`The rule was not ${p.save ? 'saved' : 'previewed'}: ${errors.all.length === 1 ? 'one problem' : `${errors.all.length} problems`}`}
      />
      <ProblemAlert error={saveError} title="The rule was not saved." />
      <div class="card">
        <p class="muted small form-legend">
          Fields marked <span aria-hidden="true">*</span>
          <span class="visually-hidden">with an asterisk</span> are required. The service checks the rule when you
          preview or save it.
        </p>
        <div class="schema-object-fields rule-fields">
          <ObjectFields ctx={ctx} schema={schema} value={p.draft} onChange={change} path="" order={FIELD_ORDER} />
        </div>
      </div>
      {p.canPreview && (
        <ImpactPanel
          report={impact?.report}
          stale={impact !== undefined && impact.key !== key}
          awaitingConfirmation={awaiting && impact?.key === key}
          busy={impactBusy}
          error={impactError}
          last={last}
          onLast={setLast}
          onPreview={() => void preview()}
        />
      )}
      <div class="row form-actions">
        {p.save ? (
          <button type="submit" disabled={saving || impactBusy}>
            {saving ? 'Saving…' : p.submitLabel}
          </button>
        ) : (
          <p class="notice">
            This API key may read rules but not change them: preview a rule's impact here; saving needs a key with the{' '}
            <code>rules:write</code> scope.
          </p>
        )}
        <Link href={p.cancelHref} class="button-link secondary">
          {p.save ? 'Cancel' : 'Back'}
        </Link>
      </div>
    </form>
  );
}
