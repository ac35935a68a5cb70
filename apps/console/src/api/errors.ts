import type { ApiSchemas } from './api-schemas.generated';

/** Where in the input a problem is, as the API reports it (RFC 9457 `errors[]`, GraphQL `extensions.errors`). */
export type ProblemLocation = ApiSchemas['ProblemLocation'];

/**
 * One error shape for both transports. `code` is the problem type's last segment
 * (`urn:pullwise:problem:precondition-failed` → `precondition-failed`), which GraphQL carries in `extensions.code`:
 * pages decide on it, never on the English text.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly errors: readonly ProblemLocation[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const PROBLEM_PREFIX = 'urn:pullwise:problem:';

export function codeOfType(type: unknown): string {
  return typeof type === 'string' && type.startsWith(PROBLEM_PREFIX) ? type.slice(PROBLEM_PREFIX.length) : 'internal';
}

/** Where a problem is, in words: "document 2, line 14, spec.containers[0].image". */
export function locationText(p: ProblemLocation): string {
  return [
    p.document != null ? `document ${p.document + 1}` : undefined,
    p.line != null ? `line ${p.line}` : undefined,
    p.path ?? undefined,
  ]
    .filter(Boolean)
    .join(', ');
}
