/** A pipeline as the caller named it; a run URL (the CLI's default in CI) is a link to that run. */
export function PipelineText({ pipeline }: { pipeline: string | null }) {
  if (!pipeline) return <span class="muted">—</span>;
  if (/^https?:\/\//i.test(pipeline))
    return (
      <a href={pipeline} rel="noopener noreferrer" target="_blank">
        {pipeline.replace(/^https?:\/\//i, '')}
        <span class="visually-hidden"> (opens in a new tab)</span>
      </a>
    );
  return <>{pipeline}</>;
}
