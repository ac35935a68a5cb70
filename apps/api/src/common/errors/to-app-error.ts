import { STATUS_CODES } from 'node:http';
import { HttpException } from '@nestjs/common';
import { databaseUnavailable, isDatabaseUnavailable } from '../persistence/prisma-errors.js';
import { AppError } from './app-error.js';
import { codeForStatus } from './problem-details.js';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** What the request said, for messages that name it (the Content-Type of a 415). */
export interface ErrorContext {
  contentType?: string | undefined;
}

const ACCEPTED_TYPES = 'application/json or application/yaml';

/** Fastify's own errors, worded for API users; their `FST_ERR_*` codes and texts never leave the server. */
const FASTIFY_CODES: Record<string, (e: FastifyLikeError, ctx: ErrorContext) => AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new AppError('payload-too-large', 'The request body is larger than the configured limit (PULLWISE_BODY_LIMIT).'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (_e, ctx) => unsupportedMediaType(ctx.contentType),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => AppError.invalid('The request body is empty; send a JSON document.'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => AppError.invalid('The request body is not valid JSON.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    AppError.invalid('Content-Length does not match the body.', [
      { path: 'Content-Length', message: 'does not match the body' },
    ]),
  FST_ERR_BAD_URL: () =>
    AppError.invalid('The URL is not valid: a path segment has a malformed percent-encoding.', [
      { path: 'url', message: 'malformed percent-encoding' },
    ]),
  FST_ERR_INVALID_URL: () => AppError.invalid('The URL is not valid.', [{ path: 'url', message: 'not a valid URL' }]),
  FST_ERR_MAX_PARAM_LENGTH: () =>
    new AppError(
      'invalid-input',
      'A path segment of the URL is too long (ids are UUIDs, names at most 253 characters).',
      [{ path: 'url', message: 'path segment too long' }],
      {},
      414,
    ),
  FST_ERR_HANDLER_TIMEOUT: () =>
    new AppError('timeout', 'The request took longer than the configured limit (PULLWISE_REQUEST_TIMEOUT_MS).'),
  FST_ERR_ROUTE_MISSING_CONTENT_TYPE: () => unsupportedMediaType(undefined),
  FST_ERR_ROUTE_MISSING_CONTENT: () => AppError.invalid('The request body is empty.'),
};

/** The deadline passed while the client was still sending the body: its fault, a 408, not the server's 503. */
export function bodyNotReceivedInTime(): AppError {
  return new AppError(
    'timeout',
    'The request body was not received in time (PULLWISE_REQUEST_TIMEOUT_MS).',
    [],
    {},
    408,
  );
}

function isFastifyError(e: unknown): e is FastifyLikeError {
  return (
    !!e &&
    typeof e === 'object' &&
    typeof (e as FastifyLikeError).code === 'string' &&
    (e as FastifyLikeError).code!.startsWith('FST_')
  );
}

/** A 415 naming the Content-Type that was sent (trimmed to something printable). */
export function unsupportedMediaType(contentType: string | undefined): AppError {
  const sent = contentType?.trim() ? JSON.stringify(contentType.trim().slice(0, 100)) : '(none)';
  return new AppError('unsupported-media-type', `Content-Type ${sent} is not supported; send ${ACCEPTED_TYPES}.`, [
    { path: 'Content-Type', message: `${sent} is not supported` },
  ]);
}

/**
 * Any thrown value as an AppError. Unknown errors become a generic 500 whose text never leaves the
 * server (the caller logs the original).
 */
export function toAppError(err: unknown, ctx: ErrorContext = {}): { error: AppError; unexpected: boolean } {
  if (err instanceof AppError) return { error: err, unexpected: false };
  // Guards and GraphQL field resolvers run outside the database interceptor: an outage is still a 503.
  if (isDatabaseUnavailable(err)) return { error: databaseUnavailable(), unexpected: false };
  // Nest's Fastify adapter wraps Fastify's 4xx errors in an HttpException; the original says what happened.
  if (err instanceof HttpException && isFastifyError(err.cause)) return toAppError(err.cause, ctx);
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    const msg = typeof res === 'string' ? res : ((res as { message?: unknown }).message ?? err.message);
    const detail = Array.isArray(msg) ? msg.join('; ') : String(msg);
    return { error: new AppError(codeForStatus(status), detail), unexpected: status >= 500 };
  }
  const fe = err as FastifyLikeError;
  if (fe && typeof fe === 'object' && typeof fe.code === 'string') {
    const known = FASTIFY_CODES[fe.code];
    if (known) return { error: known(fe, ctx), unexpected: false };
    // Other Fastify errors: their status with a neutral text (their messages may name internals).
    if (fe.code.startsWith('FST_') && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
      return {
        error: new AppError(codeForStatus(fe.statusCode), `${STATUS_CODES[fe.statusCode] ?? 'Bad request'}.`),
        unexpected: false,
      };
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) {
    return { error: AppError.invalid('The request body is not valid JSON.'), unexpected: false };
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const message = typeof fe.message === 'string' && !/FST_ERR|\n\s+at /.test(fe.message) ? fe.message : '';
    return {
      error: new AppError(codeForStatus(fe.statusCode), message || `${STATUS_CODES[fe.statusCode] ?? 'Bad request'}.`),
      unexpected: false,
    };
  }
  return { error: new AppError('internal', 'An unexpected error occurred; it has been logged.'), unexpected: true };
}
