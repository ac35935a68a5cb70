import type { ErrorCode, ProblemLocation } from './app-error.js';

/** RFC 9457 problem details, as every REST error is sent. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemLocation[];
  /** The request's id, as in the `X-Request-Id` header and on every log line of the request. */
  requestId?: string;
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
  'unreadable-manifests': { status: 422, title: 'Unreadable manifests' },
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

const SPECIAL_TITLES: Record<number, string> = {
  408: 'Request timeout',
  414: 'URI too long',
  431: 'Request header fields too large',
};

export function toProblem(
  code: ErrorCode,
  detail: string,
  errors: ProblemLocation[] = [],
  statusOverride?: number,
): ProblemDetails {
  const { status, title } = TABLE[code];
  const s = statusOverride ?? status;
  const t = s === status ? title : (SPECIAL_TITLES[s] ?? title);
  return { type: problemType(code), title: t, status: s, detail, ...(errors.length ? { errors } : {}) };
}
