import { useState } from 'preact/hooks';
import { useLocation, useSearchParams } from 'wouter-preact';
import { useApi } from '../../api/use-api';
import { Loading, ProblemAlert } from '../../components/problem-alert';
import { useSession } from '../../session';
import { RuleForm } from './rule-form';
import { useInvalidateRules, useOpenApi } from './rules-api';
import type { RuleDraft } from './rule-schema';
import type { Rule } from './types';

/** A new rule, any kind; a key without rules:write may draft one to preview its impact. */
export function RuleNewPage() {
  const session = useSession();
  const api = useApi();
  const doc = useOpenApi();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const invalidate = useInvalidateRules();
  const [draft, setDraft] = useState<RuleDraft>(() => {
    const kind = params.get('kind');
    return kind ? { kind } : {};
  });
  const canWrite = session.can('rules:write');

  return (
    <>
      <h1>{canWrite ? 'New rule' : "Preview a rule's impact"}</h1>
      {doc.isPending ? (
        <Loading label="Loading the rule kinds…" />
      ) : doc.isError ? (
        <ProblemAlert error={doc.error} title="The rule kinds could not be loaded from /openapi.json." />
      ) : (
        <RuleForm
          doc={doc.data}
          draft={draft}
          onDraft={setDraft}
          canPreview={session.can('rules:read')}
          submitLabel="Save rule"
          cancelHref="/"
          save={
            canWrite
              ? async (input) => (await api.rest<Rule>('/v1/rules', { method: 'POST', body: input })).body
              : undefined
          }
          onSaved={(rule) => {
            void invalidate();
            navigate(`/${rule.id}?saved=created`);
          }}
        />
      )}
    </>
  );
}
