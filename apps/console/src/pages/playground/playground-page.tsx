import { useMutation } from '@tanstack/preact-query';
import { useMemo, useRef } from 'preact/hooks';
import { ApiError } from '../../api/errors';
import { useApi } from '../../api/use-api';
import { EvaluationDetail } from '../../components/evaluation/evaluation-detail';
import { plural } from '../../components/evaluation/labels';
import type { EvaluationResult } from '../../components/evaluation/types';
import { usePageTitle } from '../../page-title';
import { ContextFields, useClusterProfiles } from './context-fields';
import { EXAMPLES } from './examples';
import { InputProblems } from './input-problems';
import { ManifestEditor, selectLine } from './manifest-editor';
import { evaluateBody, usePlaygroundInput } from './playground-input';
import './playground.css';

/** Paste manifests, pick the cluster context, see what Kubernetes does; nothing is recorded. */
export function PlaygroundPage() {
  usePageTitle('Playground');
  const api = useApi();
  const [input, change] = usePlaygroundInput();
  const profiles = useClusterProfiles();
  const textarea = useRef<HTMLTextAreaElement>(null);

  const evaluation = useMutation({
    mutationFn: async (body: ReturnType<typeof evaluateBody>) => {
      const { body: result } = await api.rest<EvaluationResult>('/v1/evaluations', { method: 'POST', body });
      // The text that was evaluated, not whatever the textbox holds later: fixes are patched onto this one.
      return { result, text: body.manifests };
    },
    // Keyboard and screen-reader users land on the verdict rather than staying above a long form.
    onSuccess: () => requestAnimationFrame(() => document.getElementById('ev-verdict-heading')?.focus()),
  });

  function submit(e?: Event) {
    e?.preventDefault();
    if (evaluation.isPending) return;
    if (!input.manifests.trim()) {
      evaluation.reset();
      textarea.current?.focus();
      return;
    }
    const profile = profiles.data?.items.find((c) => c.name === input.cluster.trim());
    evaluation.mutate(evaluateBody(input, profile));
  }

  const locate = (line: number) => textarea.current && selectLine(textarea.current, line);
  const problems = evaluation.error instanceof ApiError ? evaluation.error.errors : [];
  const errorLines = useMemo(() => {
    const lines = [...problems, ...(evaluation.data?.result.errors ?? [])].map((p) => p.line);
    return new Set(lines.filter((l): l is number => l != null));
  }, [problems, evaluation.data]);
  const empty = !input.manifests.trim();

  return (
    <>
      <h1>Playground</h1>
      <p class="muted">
        Paste Kubernetes manifests to see the effective pull policy of every image, what the kubelet does with the image
        absent or present on a node, and the rules they break. Nothing is recorded.
      </p>
      <form class="pg-form stack" onSubmit={submit} noValidate>
        <div class="pg-examples" role="group" aria-labelledby="pg-examples-label">
          <span id="pg-examples-label" class="small muted">
            Start from an example:
          </span>
          {EXAMPLES.map((ex) => (
            <button
              key={ex.label}
              type="button"
              class="secondary ev-small-button"
              onClick={() => {
                change({ manifests: ex.manifests });
                evaluation.reset();
              }}
            >
              {ex.label}
            </button>
          ))}
        </div>
        <div class="field">
          <label for="pg-manifests">Manifests</label>
          <ManifestEditor
            value={input.manifests}
            onInput={(manifests) => change({ manifests })}
            onSubmit={submit}
            errorLines={errorLines}
            textareaRef={textarea}
            describedBy="pg-manifests-hint"
          />
          <span id="pg-manifests-hint" class="hint muted small">
            YAML or JSON, several documents separated by <code>---</code>; Lists are unwrapped. Ctrl+Enter evaluates.
            Kept in this browser tab only.
          </span>
        </div>
        <ContextFields input={input} onChange={change} problems={problems} />
        <div class="row pg-actions">
          <button type="submit" disabled={empty} aria-disabled={evaluation.isPending || undefined}>
            Evaluate
          </button>
          <span role="status" class="small muted">
            {evaluation.isPending
              ? 'Evaluating…'
              : empty
                ? 'Paste manifests or pick an example to evaluate.'
                : evaluation.data
                  ? `Evaluated: verdict ${evaluation.data.result.verdict}, ${plural(evaluation.data.result.findings.length, 'finding')}.`
                  : ''}
          </span>
        </div>
      </form>

      {evaluation.isError && <InputProblems error={evaluation.error} onLocate={locate} />}

      {evaluation.data && (
        <section class="pg-result" aria-label="Result">
          {evaluation.data.text !== input.manifests && (
            <p class="notice pg-stale">
              The manifests changed after this evaluation: press Evaluate to see the result for the current text.
            </p>
          )}
          <EvaluationDetail result={evaluation.data.result} source={{ text: evaluation.data.text }} onLocate={locate} />
        </section>
      )}
    </>
  );
}
