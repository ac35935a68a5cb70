import { Fragment } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { patchedDocument } from './apply-patch';
import { CopyButton } from './copy-button';
import type { JsonPatchOperation } from './types';

/**
 * Where the submitted text is, for the patched YAML: the whole input (the playground), each workload's document
 * by its index (a recorded evaluation, GET /v1/evaluations/{id} `documents`), or why it is not available.
 */
export type ManifestSource = { text: string } | { documents: ReadonlyMap<number, string> } | { unavailable: string };

/** The text that holds document `document`, and that document's index within it. */
function documentIn(
  source: ManifestSource,
  document: number,
): { text: string; index: number } | { unavailable: string } {
  if ('text' in source) return { text: source.text, index: document };
  if ('unavailable' in source) return source;
  const text = source.documents.get(document);
  return text === undefined ? { unavailable: `Document ${document + 1} was not recorded.` } : { text, index: 0 };
}

/** A fix's RFC 6902 patch as JSON, and the document it applies to with the patch applied. */
export function PatchView({
  document,
  patch,
  source,
  title,
}: {
  document: number;
  patch: readonly JsonPatchOperation[];
  source: ManifestSource;
  title: string;
}) {
  const patchText = JSON.stringify(patch, null, 2);
  return (
    <div class="ev-patch">
      <figure>
        <figcaption>
          JSON patch for document {document + 1} <CopyButton text={patchText} label="Copy patch" />
        </figcaption>
        <pre tabIndex={0}>
          <code>{patchText}</code>
        </pre>
      </figure>
      <PatchedYamlOf source={documentIn(source, document)} patch={patch} title={title} />
    </div>
  );
}

function PatchedYamlOf({
  source,
  patch,
  title,
}: {
  source: ReturnType<typeof documentIn>;
  patch: readonly JsonPatchOperation[];
  title: string;
}) {
  if ('unavailable' in source) return <p class="notice small">{source.unavailable}</p>;
  return <PatchedYaml document={source.index} patch={patch} text={source.text} title={title} />;
}

function PatchedYaml({
  document,
  patch,
  text,
  title,
}: {
  document: number;
  patch: readonly JsonPatchOperation[];
  text: string;
  title: string;
}) {
  const patched = useMemo(() => patchedDocument(text, document, patch), [text, document, patch]);
  const pre = useRef<HTMLPreElement>(null);
  // A long document: the first changed line is scrolled into the box, now and whenever its <details> opens.
  useEffect(() => {
    const box = pre.current;
    if (!box) return;
    const show = () => {
      const mark = box.querySelector('mark');
      if (mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
    };
    show();
    const details = box.closest('details');
    details?.addEventListener('toggle', show);
    return () => details?.removeEventListener('toggle', show);
  }, [patched]);
  if (!patched.ok)
    return (
      <p class="notice small">
        The patched YAML cannot be shown: {patched.reason}. Apply the JSON patch above instead.
      </p>
    );
  const changed = new Set(patched.changedLines);
  const lines = patched.text.split('\n');
  return (
    <figure>
      <figcaption>
        {title} <CopyButton text={patched.text} label="Copy YAML" />
        {changed.size > 0 && (
          <span class="muted small ev-changed-legend">
            {' '}
            Highlighted: changed {changed.size === 1 ? 'line' : 'lines'} {[...changed].join(', ')}.
          </span>
        )}
      </figcaption>
      <pre tabIndex={0} ref={pre}>
        <code class="ev-yaml">
          {lines.map((line, i) => (
            <Fragment key={i}>
              {changed.has(i + 1) ? <mark class="ev-changed">{line}</mark> : line}
              {i < lines.length - 1 && '\n'}
            </Fragment>
          ))}
        </code>
      </pre>
    </figure>
  );
}
