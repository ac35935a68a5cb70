import { ApiError, locationText } from '../api/errors';

/**
 * An error in words, announced to screen readers (`role="alert"`): the API's detail, then every problem with
 * where it is (document, line, path), as the API named them.
 */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  const message = e?.message ?? (error instanceof Error ? error.message : String(error));
  return (
    <div role="alert" class="alert">
      {title && <strong>{title} </strong>}
      <span>{message}</span>
      {e && e.errors.length > 0 && (
        <ul>
          {e.errors.map((p, i) => {
            const where = locationText(p);
            return (
              <li key={i}>
                {where && <code>{where}</code>}
                {where && ': '}
                {p.message}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

/** A query's three states in one place: loading (announced politely), failed, or the children. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" class="muted">
      {label}
    </p>
  );
}
