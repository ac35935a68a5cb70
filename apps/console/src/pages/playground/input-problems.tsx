import { ApiError, locationText } from '../../api/errors';
import { ProblemAlert } from '../../components/problem-alert';

/**
 * Why the service could not evaluate the input, each problem with where it is in words (document, line, path)
 * and, for a line of the manifests, a button that puts the caret there.
 */
export function InputProblems({ error, onLocate }: { error: unknown; onLocate: (line: number) => void }) {
  if (!(error instanceof ApiError) || !error.errors.some((p) => p.line != null)) return <ProblemAlert error={error} />;
  return (
    <div role="alert" class="alert">
      <strong>The manifests could not be evaluated.</strong> <span>{error.message}</span>
      <ul>
        {error.errors.map((p, i) => (
          <li key={i}>
            <code>{locationText(p) || 'input'}</code>: {p.message}
            {p.line != null && (
              <>
                {' '}
                <button type="button" class="ev-link-button" onClick={() => onLocate(p.line!)}>
                  Go to line {p.line}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
