import type { ErrorCode, ProblemLocation } from './app-error.js';

/** RFC 9457 problem details, as every REST error is sent. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemLocation[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const TABLE: Record<ErrorCode, { status: number; title: string }> = {
  'invalid-input': { status: 400, title: 'Invalid input' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  conflict: { status: 409, title: 'Conflict' },
  'precondition-failed': { status: 412, title: 'Precondition failed' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'precondition-required': { status: 428, title: 'Precondition required' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'Service unavailable' },
  timeout: { status: 503, title: 'Timed out' },
};

/** Stable, machine-matchable problem type; also GraphQL's extensions.code. */
export function problemType(code: ErrorCode): string {
  return `urn:pullwise:problem:${code}`;
}

export function statusOf(code: ErrorCode): number {
  return TABLE[code].status;
}

export function codeForStatus(status: number): ErrorCode {
  const hit = (Object.keys(TABLE) as ErrorCode[]).find((c) => TABLE[c].status === status);
  return hit ?? (status >= 500 ? 'internal' : 'invalid-input');
}

export function toProblem(code: ErrorCode, detail: string, errors: ProblemLocation[] = []): ProblemDetails {
  const { status, title } = TABLE[code];
  return { type: problemType(code), title, status, detail, ...(errors.length ? { errors } : {}) };
}
