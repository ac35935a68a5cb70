import { fieldId, type AssignedProblem } from './field-errors';
import { humanize } from './json-schema';

/** `params.rewrites[0].from` → "From": the field's own name; the full path is shown beside it when nested. */
function labelOf(path: string): string {
  const last = path.split('.').pop() ?? path;
  return humanize(last.replace(/\[\d+\]/g, '')) || path;
}

/**
 * Every problem the API found, announced at once (`role="alert"`), each linked to its field; the field itself
 * shows the message too. A problem the form has no field for (an unknown property) still appears here.
 */
export function ProblemSummary({
  problems,
  idPrefix,
  title,
}: {
  problems: readonly AssignedProblem[];
  idPrefix: string;
  title: string;
}) {
  if (problems.length === 0) return null;
  const focus = (field: string) => (e: Event) => {
    e.preventDefault();
    const el = document.getElementById(fieldId(idPrefix, field));
    // A fieldset is not focusable: its first control is.
    const target = el?.matches('fieldset') ? el.querySelector<HTMLElement>('input, select, textarea') : el;
    target?.focus();
  };
  return (
    <div role="alert" class="alert problem-summary">
      <h2 class="problem-summary-title">{title}</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.field !== undefined ? (
              <a href={`#${fieldId(idPrefix, p.field)}`} onClick={focus(p.field)}>
                {labelOf(p.path)}
              </a>
            ) : (
              <strong>{labelOf(p.path)}</strong>
            )}
            {/[.[]/.test(p.path) && (
              <>
                {' '}
                <code class="small">{p.path}</code>
              </>
            )}
            : {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
