/** Where in the input a problem is: document index (0-based), field path, 1-based line. */
export interface ProblemLocation {
  document?: number | null;
  path?: string | null;
  line?: number | null;
  column?: number | null;
  message: string;
}

export type ErrorCode =
  | 'invalid-input'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'not-acceptable'
  | 'conflict'
  | 'precondition-failed'
  | 'precondition-required'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unreadable-manifests'
  | 'rate-limited'
  | 'timeout'
  | 'unavailable'
  | 'internal';

/**
 * The one error type application services throw. Transport-neutral: REST maps it to problem+json,
 * GraphQL to a typed error with the same `type` in extensions.code.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: ProblemLocation[] = [],
    readonly headers: Record<string, string> = {},
    /** HTTP status when it is not the code's usual one (414 and 431 are sent as `invalid-input`, 408 as `timeout`). */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static invalid(message: string, errors: ProblemLocation[] = []): AppError {
    return new AppError('invalid-input', message, errors.length ? errors : [{ message }]);
  }
}
