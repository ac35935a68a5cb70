import { HttpException } from '@nestjs/common';
import { AppError } from './app-error.js';
import { codeForStatus } from './problem-details.js';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

const FASTIFY_CODES: Record<string, (e: FastifyLikeError) => AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () =>
    new AppError('payload-too-large', 'The request body is larger than the configured limit (PULLWISE_BODY_LIMIT).'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (e) =>
    new AppError('unsupported-media-type', `${e.message}. Send application/json or application/yaml.`),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => AppError.invalid('The request body is empty; send a JSON document.'),
  FST_ERR_CTP_INVALID_JSON_BODY: (e) => AppError.invalid(`The request body is not valid JSON: ${e.message}`),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => AppError.invalid('Content-Length does not match the body.'),
};

/**
 * Any thrown value as an AppError. Unknown errors become a generic 500 whose text never leaves the
 * server (the caller logs the original).
 */
export function toAppError(err: unknown): { error: AppError; unexpected: boolean } {
  if (err instanceof AppError) return { error: err, unexpected: false };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const res = err.getResponse();
    const msg = typeof res === 'string' ? res : ((res as { message?: unknown }).message ?? err.message);
    const detail = Array.isArray(msg) ? msg.join('; ') : String(msg);
    return { error: new AppError(codeForStatus(status), detail), unexpected: status >= 500 };
  }
  const fe = err as FastifyLikeError;
  if (fe && typeof fe === 'object' && typeof fe.code === 'string' && FASTIFY_CODES[fe.code]) {
    return { error: FASTIFY_CODES[fe.code]!(fe), unexpected: false };
  }
  if (err instanceof SyntaxError && fe.statusCode === 400) {
    return { error: AppError.invalid(`The request body is not valid JSON: ${err.message}`), unexpected: false };
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { error: new AppError(codeForStatus(fe.statusCode), fe.message ?? 'Bad request'), unexpected: false };
  }
  return { error: new AppError('internal', 'An unexpected error occurred; it has been logged.'), unexpected: true };
}
